import type { StateCreator } from 'zustand';
import { NO_FILTER, type ExploreAggregate, type FrameFilter } from '../frame/query';
import { dataWorker } from '../worker/client';
import type { NotebookState, SectionStatus } from './types';

export interface ExploreConfig {
  filter: FrameFilter;
  topN: number;
  /** Show counts or each class's share of its own total. */
  scale: 'count' | 'share';
}

export interface ExploreRun {
  status: SectionStatus;
  aggregate: ExploreAggregate | null;
  error: string | null;
  /** Bumped on each refresh so the events table re-reads its page. */
  revision: number;
}

export interface ExploreSlice {
  explore: { config: ExploreConfig; run: ExploreRun };
  setExploreFilter: (patch: Partial<FrameFilter>) => void;
  setExploreConfig: (patch: Partial<Omit<ExploreConfig, 'filter'>>) => void;
  refreshExplore: () => Promise<void>;
  /** Called by every action that changes the frame. */
  captureChanged: () => void;
}

/** Process starts only, as the seed analysis did. */
export const DEFAULT_EXPLORE_FILTER: FrameFilter = { ...NO_FILTER, eventIds: [1] };

let latestRequest = 0;

export const createExploreSlice: StateCreator<NotebookState, [], [], ExploreSlice> = (set, get) => ({
  explore: {
    config: { filter: DEFAULT_EXPLORE_FILTER, topN: 10, scale: 'count' },
    run: { status: 'empty', aggregate: null, error: null, revision: 0 },
  },
  setExploreFilter(patch) {
    set((s) => ({ explore: { ...s.explore, config: { ...s.explore.config, filter: { ...s.explore.config.filter, ...patch } } } }));
    void get().refreshExplore();
  },
  setExploreConfig(patch) {
    set((s) => ({ explore: { ...s.explore, config: { ...s.explore.config, ...patch } } }));
    void get().refreshExplore();
  },
  async refreshExplore() {
    if (!get().load.summary) return;
    const request = ++latestRequest;
    const { filter, topN } = get().explore.config;
    set((s) => ({ explore: { ...s.explore, run: { ...s.explore.run, status: 'running' } } }));
    try {
      const aggregate = await dataWorker().request('explore', { filter, topN });
      // A slower, older answer must not overwrite a newer one.
      if (request !== latestRequest) return;
      set((s) => ({ explore: { ...s.explore, run: { status: 'done', aggregate, error: null, revision: s.explore.run.revision + 1 } } }));
    } catch (error) {
      if (request !== latestRequest) return;
      set((s) => ({ explore: { ...s.explore, run: { ...s.explore.run, status: 'error', error: error instanceof Error ? error.message : String(error) } } }));
    }
  },
  captureChanged() {
    void get().refreshExplore();
  },
});
