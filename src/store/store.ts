import { createContext, useContext } from 'react';
import { create, useStore, type StoreApi, type UseBoundStore } from 'zustand';
import { createEvaluateSlice } from './evaluateSlice';
import { createExploreSlice } from './exploreSlice';
import { createKnownBadSlice } from './knownBadSlice';
import { createLoadSlice } from './loadSlice';
import { createNotebookSlice } from './notebookSlice';
import { createTrainSlice } from './trainSlice';
import type { NotebookState } from './types';
import type { NotebookServices } from './workerClient';

/** The notebook store, with the services its slices use (page actions use them too). */
export type NotebookStore = UseBoundStore<StoreApi<NotebookState>> & { readonly services: NotebookServices };

/** What page actions take: the store's state and its services. */
export type NotebookStoreApi = Pick<StoreApi<NotebookState>, 'getState' | 'setState' | 'subscribe'> & { readonly services: NotebookServices };

/** The one notebook store of a page, its slices working through `services`. */
export function createNotebookStore(services: NotebookServices): NotebookStore {
  const store = create<NotebookState>()((...args) => ({
    ...createLoadSlice(services)(...args),
    ...createExploreSlice(services)(...args),
    ...createKnownBadSlice(services)(...args),
    ...createTrainSlice(services)(...args),
    ...createEvaluateSlice(services)(...args),
    ...createNotebookSlice(...args),
  }));
  return Object.assign(store, { services });
}

/** What the app gives the components: the store, and starting afresh (which stops the autosave first). */
export interface NotebookContextValue {
  store: NotebookStore;
  startFresh: () => Promise<void>;
}

/** The app provides it around the page; components reach the store through the hooks below. */
export const NotebookContext = createContext<NotebookContextValue | null>(null);

function useNotebookContext(): NotebookContextValue {
  const value = useContext(NotebookContext);
  if (value === null) throw new Error('A notebook component was rendered outside NotebookContext');
  return value;
}

/** The store itself, for effects and actions (getState, subscribe, services). */
export function useNotebookStore(): NotebookStore {
  return useNotebookContext().store;
}

/** Clears everything saved and reloads the page empty. */
export function useStartFresh(): () => Promise<void> {
  return useNotebookContext().startFresh;
}

/** Reads the store through a narrow selector, re-rendering when the selection changes. */
export function useNotebook<T>(selector: (state: NotebookState) => T): T {
  return useStore(useNotebookStore(), selector);
}
