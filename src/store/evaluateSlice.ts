import type { StateCreator } from 'zustand';
import { applyCauseRemedy, causeRemedyLabel, type CauseRemedy } from '../ml/leakageCauses';
import type { EventRowView } from '../frame/query';
import type { NotebookServices } from './workerClient';
import type { ScoreOutcome } from '../worker/trainProtocol';
import type { NotebookState, SectionStatus } from './types';
export type { EvaluateConfig } from '../formats/settings';
import type { EvaluateConfig } from '../formats/settings';
import { errorMessage } from '../lib/errorMessage';

export interface ScoredCapture {
  runId: number;
  dataVersion: number;
  outcome: ScoreOutcome;
  /** The ranked events (same order as outcome.ranked). */
  rows: EventRowView[];
}

export interface EvaluateSlice {
  evaluate: {
    config: EvaluateConfig;
    run: { status: SectionStatus; scored: ScoredCapture | null; error: string | null };
  };
  setEvaluateConfig: (patch: Partial<EvaluateConfig>) => void;
  /** Scores every event of the capture with a run's model and lists the most suspicious. */
  scoreCapture: (runId: number) => Promise<void>;
  /** Re-runs a run with the remedy of a leakage cause applied (same seed); the new run is shown beside it. */
  applyRemedy: (runId: number, remedy: CauseRemedy) => Promise<number | null>;
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
    async applyRemedy(runId, remedy) {
      const base = get().train.runs.find((r) => r.id === runId);
      if (!base || get().train.activeRunId !== null) return null;
      const config = applyCauseRemedy(base.config, remedy);
      const label = `${causeRemedyLabel(remedy).replace('Re-run', 'Run')} (from run ${runId})`;
      // The comparison shows the pair from the start, the new run filling in as it trains.
      const nextId = get().train.nextRunId;
      set((s) => ({ evaluate: { ...s.evaluate, config: { ...s.evaluate.config, compareRunIds: [runId, nextId] } } }));
      return get().startTraining({ config, remedyOf: runId, label });
    },
  });
