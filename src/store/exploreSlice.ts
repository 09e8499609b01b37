import type { StateCreator } from 'zustand';
import { NO_FILTER, type ExploreAggregate, type FrameFilter } from '../frame/query';
import type { NotebookServices } from './workerClient';
import type { NotebookState, SectionStatus } from './types';
import { errorMessage } from '../lib/errorMessage';
import { DEFAULT_EXPLORE_SETTINGS } from '../formats/settings';
import type { CompletenessReport } from '../enrich/completeness';

export interface ExploreConfig {
  filter: FrameFilter;
  topN: number;
  /** Show counts or each class's share of its own total. */
  scale: 'count' | 'share';
  /** The zone of hours and weekdays: `UTC` (default) or an IANA name, daylight saving followed. */
  timeZone: string;
}

export interface ExploreRun {
  status: SectionStatus;
  aggregate: ExploreAggregate | null;
  error: string | null;
  /** Bumped on each refresh so the events table re-reads its page. */
  revision: number;
  /** The filter `aggregate` was computed with (the events table pages with the same one). */
  filter: FrameFilter;
  /** The N `aggregate`'s top lists were cut at. */
  topN: number;
}

/** The capture's completeness report, fetched from the data worker after each change of the frame. */
export interface CompletenessState {
  report: CompletenessReport | null;
  /** The capture summary version the report describes. */
  version: number | null;
  error: string | null;
}

export interface ExploreSlice {
  explore: { config: ExploreConfig; run: ExploreRun; completeness: CompletenessState };
  /** Asks the data worker for the completeness report of the current capture. */
  refreshCompleteness: () => Promise<void>;
  setExploreFilter: (patch: Partial<FrameFilter>) => void;
  setExploreConfig: (patch: Partial<Omit<ExploreConfig, 'filter' | 'timeZone'>>) => void;
  /** Clears every filter, the default event type included (each chip's "×" clears one). */
  clearExploreFilter: () => void;
  /** Recomputes hours and weekdays in the worker for a time zone (and reads later captures in it), then refreshes the charts. */
  setExploreTimeZone: (zone: string) => Promise<void>;
  refreshExplore: () => Promise<void>;
  /** Called by every action that changes the frame (`lost`: the worker died with it). */
  captureChanged: (how: 'replaced' | 'changed' | 'lost') => void;
}

/** Process starts only, as the seed analysis did. */
export const DEFAULT_EXPLORE_FILTER: FrameFilter = { ...NO_FILTER, eventIds: [1] };

export const createExploreSlice =
  (services: NotebookServices): StateCreator<NotebookState, [], [], ExploreSlice> =>
  (set, get) => {
    // The latest refresh asked for: a slower, older answer must not overwrite a newer one.
    let latestRequest = 0;
    return {
      explore: {
        config: { filter: DEFAULT_EXPLORE_FILTER, topN: 10, scale: 'count', timeZone: DEFAULT_EXPLORE_SETTINGS.timeZone },
        run: { status: 'empty', aggregate: null, error: null, revision: 0, filter: DEFAULT_EXPLORE_FILTER, topN: 10 },
        completeness: { report: null, version: null, error: null },
      },
      async refreshCompleteness() {
        const version = get().load.summary?.version ?? null;
        if (version === null) return;
        try {
          const report = await services.data.request('completeness', {});
          if (get().load.summary?.version !== version) return;
          set((s) => ({ explore: { ...s.explore, completeness: { report, version, error: null } } }));
        } catch (error) {
          set((s) => ({ explore: { ...s.explore, completeness: { ...s.explore.completeness, error: errorMessage(error) } } }));
        }
      },
      setExploreFilter(patch) {
        set((s) => ({ explore: { ...s.explore, config: { ...s.explore.config, filter: { ...s.explore.config.filter, ...patch } } } }));
        void get().refreshExplore();
      },
      setExploreConfig(patch) {
        set((s) => ({ explore: { ...s.explore, config: { ...s.explore.config, ...patch } } }));
        void get().refreshExplore();
      },
      clearExploreFilter() {
        set((s) => ({ explore: { ...s.explore, config: { ...s.explore.config, filter: NO_FILTER } } }));
        void get().refreshExplore();
      },
      async setExploreTimeZone(zone) {
        set((s) => ({ explore: { ...s.explore, config: { ...s.explore.config, timeZone: zone } } }));
        await applyTimeZone(services, zone, set, get);
      },
      async refreshExplore() {
        if (!get().load.summary) return;
        const request = ++latestRequest;
        const { filter, topN } = get().explore.config;
        set((s) => ({ explore: { ...s.explore, run: { ...s.explore.run, status: 'running' } } }));
        try {
          const aggregate = await services.data.request('explore', { filter, topN });
          if (request !== latestRequest) return;
          set((s) => ({ explore: { ...s.explore, run: { status: 'done', aggregate, error: null, revision: s.explore.run.revision + 1, filter, topN } } }));
        } catch (error) {
          if (request !== latestRequest) return;
          set((s) => ({ explore: { ...s.explore, run: { ...s.explore.run, status: 'error', error: errorMessage(error) } } }));
        }
      },
      captureChanged(how) {
        if (how === 'lost') {
          set((s) => ({
            explore: { ...s.explore, run: { ...s.explore.run, status: 'empty', aggregate: null }, completeness: { report: null, version: null, error: null } },
          }));
          get().knownBadLost();
          return;
        }
        // Name, folder and host filters hold dictionary codes of the old frame: drop them on a new capture.
        if (how === 'replaced') {
          set((s) => ({
            explore: { ...s.explore, config: { ...s.explore.config, filter: { ...s.explore.config.filter, nameCode: null, folderCode: null, hostCodes: [] } } },
          }));
        }
        void get().refreshExplore();
        void get().refreshKnownBad();
        void get().refreshCompleteness();
      },
    };
  };

type SetState = Parameters<StateCreator<NotebookState, [], [], ExploreSlice>>[0];

async function applyTimeZone(services: NotebookServices, zone: string, set: SetState, get: () => NotebookState): Promise<void> {
  try {
    // Sent even before a capture is open: the worker reads the next capture in this zone.
    const summary = await services.data.request('setTimeZone', { zone });
    if (summary === null) return;
    // Hours changed in the frame: the new summary version tells other sections so.
    if (get().explore.config.timeZone === zone) get().setCaptureSummary(summary);
  } catch (error) {
    set((s) => ({ explore: { ...s.explore, run: { ...s.explore.run, status: 'error', error: errorMessage(error) } } }));
    return;
  }
  await get().refreshExplore();
}
