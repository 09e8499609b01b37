import type { StateCreator } from 'zustand';
import { applyCauseRemedy, causeRemedyLabel, type CauseRemedy } from '../ml/leakageCauses';
import type { EventRowView } from '../frame/query';
import type { NotebookServices } from './workerClient';
import type { HostDayAlerts, ScoreOutcome } from '../worker/trainProtocol';
import type { NotebookState, SectionStatus } from './types';
/** The zone whose local midnights split host-days: the one Explore reads hours in, per event (daylight saving followed). */
function dayZone(state: Pick<NotebookState, 'explore'>): string {
  return state.explore.config.timeZone;
}

/** The zone of saved scored results; saves written before zones were per event carry one UTC offset instead. */
function savedZone(saved: unknown): string {
  const zone = isRecord(saved) ? field(saved, 'timeZone') : undefined;
  if (typeof zone === 'string' && isKnownTimeZone(zone)) return zone;
  const offset = isRecord(saved) ? field(saved, 'utcOffsetMinutes') : undefined;
  return formatUtcOffset(typeof offset === 'number' && Number.isInteger(offset) && Math.abs(offset) <= 24 * 60 ? offset : 0);
}

export type { EvaluateConfig } from '../formats/settings';
import { DEFAULT_BUDGET_SETTINGS, type EvaluateConfig } from '../formats/settings';
import { errorMessage } from '../lib/errorMessage';
import { formatUtcOffset, isKnownTimeZone } from '../lib/timeZone';
import { field, isRecord } from '../formats/read';

export interface ScoredCapture {
  runId: number;
  dataVersion: number;
  /** `hostDayAlerts`: alerts per host per day at the run's budget threshold, when the run has a budget. */
  outcome: ScoreOutcome & { hostDayAlerts?: HostDayAlerts[] };
  /** The budget the alerts were counted at (K and threshold), when the run has one. */
  budget: { alertsPerHostDay: number; threshold: number } | null;
  /** The zone host-days were split in. */
  timeZone: string;
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

/** Scored results moved from data version `from` to `to`, like the runs (remapRunVersions). */
export function remapScored(scored: ScoredCapture | null, from: number, to: number): ScoredCapture | null {
  return scored !== null && scored.dataVersion === from ? { ...scored, dataVersion: to } : scored;
}

export interface EvaluateSlice {
  evaluate: {
    config: EvaluateConfig;
    run: { status: SectionStatus; scored: ScoredCapture | null; error: string | null };
  };
  setEvaluateConfig: (patch: Partial<EvaluateConfig>) => void;
  /** Scores every event of the capture with a run's model and lists the most suspicious. */
  scoreCapture: (runId: number) => Promise<void>;
  /** Sizes a run's alert budget (K from the config) in the training worker and keeps it on the run; answers the error in words, or null. */
  sizeBudget: (runId: number) => Promise<string | null>;
  /** Shows scored results saved by the autosave (runs are restored first, so the run id is known). */
  restoreScored: (scored: ScoredCapture) => void;
  /** Re-runs a run with the remedy of a leakage cause applied (same seed); the new run is shown beside it. */
  applyRemedy: (runId: number, remedy: CauseRemedy) => Promise<number | null>;
}

export const createEvaluateSlice =
  (services: NotebookServices): StateCreator<NotebookState, [], [], EvaluateSlice> =>
  (set, get) => ({
    evaluate: {
      config: { threshold: 0.5, runId: null, compareRunIds: [], topK: 50, ...DEFAULT_BUDGET_SETTINGS },
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
        const { table, frameRows, version, hostNames } = await services.data.request('examples', {
          rows: 'all',
          eventIds: state.features.config.eventIds,
          columns,
          useBalance: false,
        });
        const budget = record.budget ? { threshold: record.budget.threshold, hostNames, timeZone: dayZone(state) } : undefined;
        const { outcome, scores } = await services.train.request('score', { runId, table, topK: state.evaluate.config.topK, ...(budget ? { budget } : {}) });
        const rows = await services.data.request('rowsByIndex', { rows: outcome.ranked.map((r) => frameRows[r.index] ?? -1) });
        // Every row's score stays with the frame in the data worker (for "Export Parquet"), not in the page.
        await services.data.request('setScores', { runId, version, frameRows, scores }, { transfer: [frameRows.buffer, scores.buffer] });
        set((s) => ({
          evaluate: {
            ...s.evaluate,
            run: {
              status: 'done',
              scored: {
                runId,
                dataVersion: summary.version,
                outcome,
                rows,
                budget: record.budget ? { alertsPerHostDay: record.budget.alertsPerHostDay, threshold: record.budget.threshold } : null,
                timeZone: dayZone(state),
              },
              error: null,
            },
          },
        }));
      } catch (error) {
        set((s) => ({ evaluate: { ...s.evaluate, run: { ...s.evaluate.run, status: 'error', error: errorMessage(error) } } }));
      }
    },
    async sizeBudget(runId) {
      const { alertsPerHostDay, budgetRule } = get().evaluate.config;
      try {
        const budget = await services.train.request('alertBudget', { runId, alertsPerHostDay, rule: budgetRule, timeZone: dayZone(get()) });
        set((s) => ({ train: { ...s.train, runs: s.train.runs.map((run) => (run.id === runId ? { ...run, budget } : run)) } }));
        return null;
      } catch (error) {
        return errorMessage(error);
      }
    },
    restoreScored(scored) {
      const restored = { ...scored, timeZone: savedZone(scored) };
      set((s) => ({ evaluate: { ...s.evaluate, run: { status: 'done', scored: restored, error: null } } }));
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
