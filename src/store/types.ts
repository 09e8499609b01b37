import type { EvaluateSlice } from './evaluateSlice';
import type { ExploreSlice } from './exploreSlice';
import type { KnownBadSlice } from './knownBadSlice';
import type { LoadSlice } from './loadSlice';
import type { NotebookSlice } from './notebookSlice';
import type { TrainSlice } from './trainSlice';

/** The visible state of a notebook cell. */
export type SectionStatus = 'empty' | 'ready' | 'stale' | 'running' | 'done' | 'error';

/** The whole notebook: one slice per section. */
export type NotebookState = LoadSlice & ExploreSlice & KnownBadSlice & TrainSlice & EvaluateSlice & NotebookSlice;
