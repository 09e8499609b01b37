import { create } from 'zustand';
import { createEvaluateSlice } from './evaluateSlice';
import { createExploreSlice } from './exploreSlice';
import { createKnownBadSlice } from './knownBadSlice';
import { createLoadSlice } from './loadSlice';
import { createNotebookSlice } from './notebookSlice';
import { createTrainSlice } from './trainSlice';
import type { NotebookState } from './types';

/** The one notebook store. Components read it through narrow selectors. */
export const useNotebook = create<NotebookState>()((...args) => ({
  ...createLoadSlice(...args),
  ...createExploreSlice(...args),
  ...createKnownBadSlice(...args),
  ...createTrainSlice(...args),
  ...createEvaluateSlice(...args),
  ...createNotebookSlice(...args),
}));
