import type { StateCreator } from 'zustand';
import type { NotebookState, SectionStatus } from './types';
import type { RunRecord } from './trainSlice';
export { cellIds, isCellId, type CellId, type CellTimes } from '../formats/settings';
import { cellIds, DEFAULT_MAX_SAVED_EVENTS, type CellId, type CellTimes } from '../formats/settings';
import { errorMessage } from '../lib/errorMessage';

/** The autosave's state, for the toolbar. */
export interface SaveState {
  status: 'off' | 'saving' | 'saved' | 'error';
  /** What failed, in words; null when fine. */
  error: string | null;
  savedAt: number | null;
}

export interface NotebookMeta {
  cells: CellTimes;
  /** The known-bad settings when that cell last ran (canonical JSON), to tell when they changed. */
  knownBadRanWith: string | null;
  /** Set when this page was restored from the autosave. */
  restored: { savedAt: number; note: string | null } | null;
  save: SaveState;
  /** Autosave keeps captures up to this many events; past it, only the summary. */
  maxSavedEvents: number;
  /** What "Run all" / "Run from here" is doing; null when idle. */
  pipeline: string | null;
  /** The outcome of the last notebook action (import, export, pipeline), in words. */
  message: { isError: boolean; text: string } | null;
  /** Presenter mode: the index (into cellIds) shown full screen; null when off. */
  presentIndex: number | null;
}

export interface NotebookSlice {
  notebook: NotebookMeta;
  markCellRan: (cell: CellId, at?: number) => void;
  /** Runs the pipeline from a cell down: demo or current capture → known bad → balance → train → score. */
  runFrom: (cell: CellId) => Promise<void>;
  setMaxSavedEvents: (events: number) => void;
  setSaveState: (patch: Partial<SaveState>) => void;
  setNotebookMessage: (message: NotebookMeta['message']) => void;
  setRestored: (restored: NotebookMeta['restored']) => void;
  setCellTimes: (cells: CellTimes) => void;
  /** Presenter mode on at a cell, moved, or off (null). */
  present: (index: number | null) => void;
}

/** JSON with sorted keys, so equal settings compare equal whatever order their keys were set in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** The latest run started from the notebook's own settings (remedies try other settings on purpose). */
function latestOwnRun(runs: readonly RunRecord[]): RunRecord | undefined {
  return runs.findLast((run) => run.outcome !== null && run.remedyOf === null && run.origin === undefined);
}

/** What staleness depends on. */
export type StaleInput = Pick<NotebookState, 'notebook' | 'knownBad' | 'train' | 'features'>;

/** Why a cell is stale though its own results are complete, or null. Upstream reasons flow down. */
export function cellStaleReason(state: StaleInput, cell: CellId): string | null {
  switch (cell) {
    case 'load':
    case 'explore':
      return null;
    case 'known-bad':
      return state.notebook.knownBadRanWith !== null && state.notebook.knownBadRanWith !== canonicalJson(state.knownBad.config)
        ? 'the known-bad settings changed since it last ran'
        : null;
    case 'features': {
      const run = latestOwnRun(state.train.runs);
      if (
        run &&
        (canonicalJson(run.config.features) !== canonicalJson(state.features.config.settings) ||
          run.config.maxVocabulary !== state.features.config.maxVocabulary)
      ) {
        return `the feature settings changed since run ${run.id}`;
      }
      if (run && (run.excludedDamagedHours ?? false) !== state.features.config.excludeDamagedHours) {
        return `the damaged hours were ${state.features.config.excludeDamagedHours ? 'excluded' : 'included again'} since run ${run.id}`;
      }
      const upstream = cellStaleReason(state, 'known-bad');
      return upstream && run ? `upstream: ${upstream}` : null;
    }
    case 'train': {
      const run = latestOwnRun(state.train.runs);
      if (run && (canonicalJson(run.config.model) !== canonicalJson(state.train.config.model) || run.config.split !== state.train.config.split)) {
        return `the model settings changed since run ${run.id}`;
      }
      return cellStaleReason(state, 'features');
    }
    case 'evaluate': {
      const upstream = cellStaleReason(state, 'train');
      return upstream === null ? null : upstream.startsWith('upstream: ') ? upstream : `upstream: ${upstream}`;
    }
  }
}

/** A section's status with notebook-wide staleness applied: a done cell whose inputs changed is stale. */
export function cellStatus(state: StaleInput, cell: CellId, status: SectionStatus): { status: SectionStatus; reason: string | null } {
  if (status !== 'done') return { status, reason: null };
  const reason = cellStaleReason(state, cell);
  return reason === null ? { status, reason: null } : { status: 'stale', reason };
}

const RUN_DONE: readonly RunRecord['status'][] = ['finished', 'stopped'];

export const createNotebookSlice: StateCreator<NotebookState, [], [], NotebookSlice> = (set, get, api) => {
  /** Resolves once no change of the capture is running. */
  const loadSettled = (): Promise<void> =>
    new Promise((resolve) => {
      if (get().load.status !== 'running') return resolve();
      const stop = api.subscribe((state) => {
        if (state.load.status === 'running') return;
        stop();
        resolve();
      });
    });
  const mark = (cells: readonly CellId[]): void => {
    const at = Date.now();
    set((s) => ({ notebook: { ...s.notebook, cells: { ...s.notebook.cells, ...Object.fromEntries(cells.map((c) => [c, at])) } } }));
  };
  // Each cell's "ran at" follows its own run state finishing, whoever started it.
  api.subscribe((state, previous) => {
    if (previous.load.status === 'running' && state.load.status === 'done') mark(['load']);
    if (previous.explore.run.status === 'running' && state.explore.run.status === 'done') mark(['explore']);
    if (previous.knownBad.run.status === 'running' && state.knownBad.run.status === 'done') {
      mark(['known-bad']);
      set((s) => ({ notebook: { ...s.notebook, knownBadRanWith: canonicalJson(s.knownBad.config) } }));
    }
    if (previous.evaluate.run.status === 'running' && state.evaluate.run.status === 'done') mark(['evaluate']);
    const trained = state.train.runs.some((run) => RUN_DONE.includes(run.status) && previous.train.runs.find((p) => p.id === run.id)?.status === 'running');
    if (trained) mark(['features', 'train']);
  });

  const fail = (text: string): never => {
    throw new Error(text);
  };

  return {
    notebook: {
      cells: {},
      knownBadRanWith: null,
      restored: null,
      save: { status: 'off', error: null, savedAt: null },
      maxSavedEvents: DEFAULT_MAX_SAVED_EVENTS,
      pipeline: null,
      message: null,
      presentIndex: null,
    },
    markCellRan(cell, at = Date.now()) {
      set((s) => ({ notebook: { ...s.notebook, cells: { ...s.notebook.cells, [cell]: at } } }));
    },
    async runFrom(cell) {
      if (get().notebook.pipeline !== null || get().train.activeRunId !== null) return;
      const steps = cellIds.slice(cellIds.indexOf(cell));
      const step = (text: string): void => set((s) => ({ notebook: { ...s.notebook, pipeline: text } }));
      try {
        for (const current of steps) {
          switch (current) {
            case 'load':
              // A capture the user is opening is the one to run on: wait for it rather than open the demo over it.
              if (get().load.status === 'running') {
                step('Waiting for the capture to load…');
                await loadSettled();
              }
              if (get().load.summary === null) {
                step('Opening the demo capture…');
                await get().openDemo();
              }
              if (get().load.summary === null) fail(get().load.error ?? 'No capture is open.');
              break;
            case 'explore':
              step('Refreshing the charts…');
              await get().refreshExplore();
              break;
            case 'known-bad':
              step('Generating known bad…');
              await get().generateKnownBad();
              if (get().knownBad.run.status === 'error') fail(get().knownBad.run.error ?? 'Generating known bad failed.');
              step('Balancing…');
              await get().balanceClasses();
              if (get().knownBad.run.status === 'error') fail(get().knownBad.run.error ?? 'Balancing failed.');
              break;
            case 'features':
              // Features are fitted as part of training.
              break;
            case 'train': {
              step('Training…');
              const id = await get().startTraining();
              const run = get().train.runs.find((r) => r.id === id);
              if (id === null || !run || run.status === 'failed') fail(`Training failed: ${get().train.runs.at(-1)?.error ?? 'no labelled examples'}`);
              get().setEvaluateConfig({ runId: null });
              break;
            }
            case 'evaluate': {
              const runs = get().train.runs;
              const chosen = runs.find((r) => r.id === get().evaluate.config.runId && r.outcome?.evaluation) ?? runs.findLast((r) => r.outcome?.evaluation);
              if (!chosen) fail('There is no trained run to score the capture with.');
              else {
                step(`Scoring the capture with run ${chosen.id}…`);
                await get().scoreCapture(chosen.id);
                if (get().evaluate.run.status === 'error') fail(get().evaluate.run.error ?? 'Scoring failed.');
              }
              break;
            }
          }
        }
        set((s) => ({
          notebook: {
            ...s.notebook,
            message: {
              isError: false,
              text: `Ran ${steps.length === cellIds.length ? 'all cells' : `from ${cell}`} at ${new Date().toLocaleTimeString('en-GB')}.`,
            },
          },
        }));
      } catch (error) {
        set((s) => ({ notebook: { ...s.notebook, message: { isError: true, text: errorMessage(error) } } }));
      } finally {
        set((s) => ({ notebook: { ...s.notebook, pipeline: null } }));
      }
    },
    setMaxSavedEvents(events) {
      set((s) => ({ notebook: { ...s.notebook, maxSavedEvents: events } }));
    },
    setSaveState(patch) {
      set((s) => ({ notebook: { ...s.notebook, save: { ...s.notebook.save, ...patch } } }));
    },
    setNotebookMessage(message) {
      set((s) => ({ notebook: { ...s.notebook, message } }));
    },
    setRestored(restored) {
      set((s) => ({ notebook: { ...s.notebook, restored } }));
    },
    setCellTimes(cells) {
      set((s) => ({ notebook: { ...s.notebook, cells } }));
    },
    present(index) {
      set((s) => ({ notebook: { ...s.notebook, presentIndex: index === null ? null : Math.min(cellIds.length - 1, Math.max(0, index)) } }));
    },
  };
};
