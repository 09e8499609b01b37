import type { ExploreSlice } from './exploreSlice';
import type { LoadSlice } from './loadSlice';

/** The visible state of a notebook cell. */
export type SectionStatus = 'empty' | 'ready' | 'stale' | 'running' | 'done' | 'error';

/** The whole notebook: one slice per section. */
export type NotebookState = LoadSlice & ExploreSlice;
