import type { StateCreator } from 'zustand';
import type { LeakageRemedy } from '../ml/leakage';
import type { EventRowView } from '../frame/query';
import type { NotebookServices } from './workerClient';
import type { ScoreOutcome, TrainConfig } from '../worker/trainProtocol';
import type { NotebookState, SectionStatus } from './types';
export type { EvaluateConfig } from '../formats/settings';
import type { EvaluateConfig } from '../formats/settings';
import { errorMessage } from '../lib/errorMessage';
import { field, isRecord } from '../formats/read';

export interface ScoredCapture {
  runId: number;
  dataVersion: number;
  outcome: ScoreOutcome;
  /** The ranked events (same order as outcome.ranked). */
  rows: EventRowView[];
}

/**
 * Saved scored results as this page wrote them (same origin, the autosave), checked for the
 * shape the Evaluate section reads before they are shown; null when they do not have it.
 */
export function isSavedScored(value: unknown): value is ScoredCapture {
  if (!isRecord(value)) return false;
  const outcome = field(value, 'outcome');
  const rows = field(value, 'rows');
  const ranked = isRecord(outcome) ? field(outcome, 'ranked') : undefined;
  return (
    typeof field(value, 'runId') === 'number' &&
    typeof field(value, 'dataVersion') === 'number' &&
    isRecord(outcome) &&
    typeof field(outcome, 'scored') === 'number' &&
    Array.isArray(field(outcome, 'days')) &&
    Array.isArray(ranked) &&
    Array.isArray(rows) &&
    ranked.length === rows.length
  );
}

export interface EvaluateSlice {
  evaluate: {
    config: EvaluateConfig;
    run: { status: SectionStatus; scored: ScoredCapture | null; error: string | null };
  };
  setEvaluateConfig: (patch: Partial<EvaluateConfig>) => void;
  /** Scores every event of the capture with a run's model and lists the most suspicious. */
  scoreCapture: (runId: number) => Promise<void>;
  /** Shows scored results saved by the autosave (runs are restored first, so the run id is known). */
  restoreScored: (scored: ScoredCapture) => void;
  /** Re-runs a run with a leakage remedy applied; the new run is shown beside it. */
  applyRemedy: (runId: number, remedy: LeakageRemedy) => Promise<number | null>;
}

/** The config of `base` with a remedy applied. */
export function remediedConfig(base: TrainConfig, remedy: LeakageRemedy): TrainConfig {
  switch (remedy.kind) {
    case 'drop-feature':
      return { ...base, features: base.features.map((f) => (f.column === remedy.feature ? { ...f, treatment: 'off' } : f)) };
    case 'split':
      return { ...base, split: remedy.split };
  }
}

export function remedyLabel(remedy: LeakageRemedy): string {
  return remedy.kind === 'drop-feature'
    ? `Re-run without ${remedy.feature}`
    : `Re-run with a ${remedy.split === 'time' ? 'time-based' : 'grouped-by-name'} split`;
}

export const createEvaluateSlice =
  (services: NotebookServices): StateCreator<NotebookState, [], [], EvaluateSlice> =>
  (set, get) => ({
    evaluate: {
      config: { threshold: 0.5, runId: null, compareRunIds: [], topK: 50 },
      run: { status: 'empty', scored: null, error: null },
    },
    setEvaluateConfig(patch) {
      set((s) => ({ evaluate: { ...s.evaluate, config: { ...s.evaluate.config, ...patch } } }));
    },
    async scoreCapture(runId) {
      const state = get();
      const record = state.train.runs.find((r) => r.id === runId);
      const summary = state.load.summary;
      if (!record || !summary) return;
      set((s) => ({ evaluate: { ...s.evaluate, run: { ...s.evaluate.run, status: 'running', error: null } } }));
      try {
        const columns = record.config.features.filter((f) => f.treatment !== 'off').map((f) => f.column);
        const { table, frameRows } = await services.data.request('examples', {
          rows: 'all',
          eventIds: state.features.config.eventIds,
          columns,
          useBalance: false,
        });
        const outcome = await services.train.request('score', { runId, table, topK: state.evaluate.config.topK });
        const rows = await services.data.request('rowsByIndex', { rows: outcome.ranked.map((r) => frameRows[r.index] ?? -1) });
        set((s) => ({ evaluate: { ...s.evaluate, run: { status: 'done', scored: { runId, dataVersion: summary.version, outcome, rows }, error: null } } }));
      } catch (error) {
        set((s) => ({ evaluate: { ...s.evaluate, run: { ...s.evaluate.run, status: 'error', error: errorMessage(error) } } }));
      }
    },
    restoreScored(scored) {
      set((s) => ({ evaluate: { ...s.evaluate, run: { status: 'done', scored, error: null } } }));
    },
    async applyRemedy(runId, remedy) {
      const base = get().train.runs.find((r) => r.id === runId);
      if (!base) return null;
      const config = remediedConfig(base.config, remedy);
      const id = await get().startTraining({ config, remedyOf: runId, label: `${remedyLabel(remedy).replace('Re-run', 'Run')} (from run ${runId})` });
      if (id !== null) set((s) => ({ evaluate: { ...s.evaluate, config: { ...s.evaluate.config, compareRunIds: [runId, id] } } }));
      return id;
    },
  });
