import { create } from 'zustand';
import { createExploreSlice } from './exploreSlice';
import { createLoadSlice } from './loadSlice';
import type { NotebookState } from './types';

/** The one notebook store. Components read it through narrow selectors. */
export const useNotebook = create<NotebookState>()((...args) => ({
  ...createLoadSlice(...args),
  ...createExploreSlice(...args),
}));
