/**
 * What the Evaluate cell shows, decided from store state by plain functions: which run, which
 * status, and how a leakage finding reads.
 */
import type { LeakageFinding } from '../../ml/leakage';
import type { SectionStatus } from '../../store/types';
import type { RunRecord } from '../../store/trainSlice';
import type { Evaluation } from '../../worker/trainProtocol';

/** A run with a held-out evaluation. */
export type EvaluatedRun = RunRecord & { outcome: { evaluation: Evaluation } };

/** Narrows to a run that has a held-out evaluation. */
export function isEvaluated(run: RunRecord): run is EvaluatedRun {
  return run.outcome?.evaluation != null;
}

/** The run to show: the chosen one when it has an evaluation, else the latest that has one. */
export function selectedRun(runs: readonly RunRecord[], runId: number | null): EvaluatedRun | undefined {
  const chosen = runs.find((run) => run.id === runId);
  if (chosen !== undefined && isEvaluated(chosen)) return chosen;
  return runs.filter(isEvaluated).at(-1);
}

/** Everything the cell's status depends on. */
export interface EvaluateStatusInput {
  /** load.summary.version, or null without a capture. */
  readonly captureVersion: number | null;
  readonly run: EvaluatedRun | undefined;
  /** The training run in progress, if any. */
  readonly activeRun: RunRecord | undefined;
  readonly isScoring: boolean;
  readonly scoreError: string | null;
  /** The capture has been scored with `run` on the current data. */
  readonly isScored: boolean;
}

/** The cell's status and the reason shown beside it. */
export function evaluateStatus(input: EvaluateStatusInput): { status: SectionStatus; note: string | undefined } {
  const { captureVersion, run, activeRun } = input;
  if (captureVersion === null) return { status: 'empty', note: 'open a capture first' };
  if (activeRun !== undefined && activeRun.remedyOf !== null) return { status: 'running', note: `training ${activeRun.label}` };
  if (input.isScoring) return { status: 'running', note: 'scoring the capture' };
  if (run === undefined) {
    return { status: 'empty', note: activeRun !== undefined ? 'waiting for the training run to finish' : 'train a model first' };
  }
  if (input.scoreError !== null) return { status: 'error', note: input.scoreError };
  if (run.dataVersion !== captureVersion) {
    return { status: 'stale', note: `the capture or its labels changed since run ${run.id} was trained; train again to evaluate the current data` };
  }
  if (!input.isScored) return { status: 'ready', note: 'score the capture to rank its events' };
  return { status: 'done', note: undefined };
}

/** The alert's text: the finding's message, flagged as a possible leak when it does not say so. */
export function leakageAlertText(finding: LeakageFinding): string {
  return /leak/i.test(finding.message) ? finding.message : `Possible leak: ${finding.message}`;
}

/** The epoch-by-epoch validation loss of a run, for the overlay. */
export interface LossSeries {
  readonly label: string;
  readonly epochs: readonly number[];
  readonly valLoss: readonly number[];
}

/** Validation loss per epoch (1-based) of each run, skipping runs with no epoch yet. */
export function lossSeries(runs: readonly RunRecord[]): LossSeries[] {
  return runs
    .filter((run) => run.epochs.length > 0)
    .map((run) => ({ label: run.label, epochs: run.epochs.map((log) => log.epoch + 1), valLoss: run.epochs.map((log) => log.valLoss) }));
}
