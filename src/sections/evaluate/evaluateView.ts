/**
 * What the Evaluate cell shows, decided from store state by plain functions: which run, which
 * status, and how a leakage finding reads.
 */
import { assertNever } from '../../lib/assertNever';
import { formatPercent, formatUtc } from '../../lib/format';
import type { LeakageFinding } from '../../ml/leakage';
import type { CauseEvidence, CauseRemedy, LeakageCause } from '../../ml/leakageCauses';
import type { SectionStatus } from '../../store/types';
import type { RunRecord } from '../../store/trainSlice';
import type { Evaluation, TrainConfig } from '../../worker/trainProtocol';
import { formatMetric } from './metricRows';

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

/** The remedy that turns `base` into `after`, when one does (the run comparison explains it); null for any other change. */
export function remedyBetween(base: TrainConfig, after: TrainConfig): CauseRemedy | null {
  const sameModel = JSON.stringify(base.model) === JSON.stringify(after.model) && base.maxVocabulary === after.maxVocabulary;
  if (!sameModel) return null;
  const switchedOff = after.features.filter(
    (setting) => setting.treatment === 'off' && base.features.some((before) => before.column === setting.column && before.treatment !== 'off'),
  );
  const otherwiseSame = after.features.every((setting) => {
    const before = base.features.find((candidate) => candidate.column === setting.column);
    return before !== undefined && (switchedOff.includes(setting) || JSON.stringify(before) === JSON.stringify(setting));
  });
  if (!otherwiseSame) return null;
  if (base.split === after.split && switchedOff.length > 0) return { kind: 'drop-features', features: switchedOff.map((setting) => setting.column) };
  if (switchedOff.length === 0 && base.split !== after.split && (after.split === 'time' || after.split === 'group-name'))
    return { kind: 'split', split: after.split };
  return null;
}

/** One measured fact under an alarm, in words. */
export function evidenceText(evidence: CauseEvidence): string {
  switch (evidence.kind) {
    case 'single-feature-auc':
      return `${evidence.feature} alone: test ROC AUC ${formatMetric(evidence.auc)}`;
    case 'histogram-overlap':
      return `${evidence.feature} histograms of known good and known bad overlap ${formatPercent(evidence.overlap)}`;
    case 'time-ranges':
      return `Known good ${formatUtc(evidence.good[0])} – ${formatUtc(evidence.good[1])}; known bad ${formatUtc(evidence.bad[0])} – ${formatUtc(evidence.bad[1])} (${formatPercent(evidence.overlap)} overlap)`;
    case 'duplicate-share':
      return `${formatPercent(evidence.share)} of test rows repeat a training row on ${evidence.columns.join(', ')}`;
    case 'synthetic-separable':
      return `${evidence.feature} tells generated known bad from real rows: ROC AUC ${formatMetric(evidence.auc)}`;
    case 'test-auc':
      return `The model's test ROC AUC: ${formatMetric(evidence.auc)}`;
    default:
      return assertNever(evidence, 'cause evidence');
  }
}

/** A run's alarms: its causes, or for a run made before them, one alarm per finding with its single remedy. */
export function runCauses(evaluation: Evaluation): LeakageCause[] {
  if (evaluation.causes !== undefined) return evaluation.causes;
  return evaluation.leakage.map((finding) => ({
    kind: 'too-good',
    title: 'Possible leak',
    message: leakageAlertText(finding),
    evidence: [],
    remedies: [finding.remedy.kind === 'split' ? finding.remedy : { kind: 'drop-features', features: [finding.remedy.feature] }],
  }));
}
