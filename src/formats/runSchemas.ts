/**
 * Schemas of what training produced, as notebook and model files carry it: feature
 * specifications, epoch logs, metrics, curves and run outcomes. Every value is checked before the
 * store or the training worker sees it; the types are the ml layer's, which the schemas satisfy.
 */
import * as v from 'valibot';
import { BACKEND_ORDER } from '../ml/backendNames';
import { baselineKinds, type BaselineResult } from '../ml/baselines';
import type { FeatureColumnSpec, FeaturePreview, FeatureSpec } from '../ml/features';
import { leakageKinds, type LeakageFinding } from '../ml/leakage';
import { leakageCauseKinds, type CauseEvidence, type CauseRemedy, type LeakageCause } from '../ml/leakageCauses';
import type { ChosenThreshold } from '../ml/threshold';
import type { ClassificationMetrics } from '../ml/metrics';
import type { ModelSummary } from '../ml/modelSettings';
import type { CurvePoints, Evaluation, TrainOutcome } from '../ml/runTypes';
import { stopReasons, type EpochLog } from '../ml/trainTypes';
import { featureColumnIds } from '../ml/types';
import { anyNumber, choice, exactly, list, record, setting, text, wholeNumber } from './schema';

/** A feature column's id. */
export const columnId = choice(featureColumnIds);

/** Whether no two items name the same column. */
export function distinctColumns(items: readonly { column: string }[]): boolean {
  return new Set(items.map((item) => item.column)).size === items.length;
}

// ---- feature specification --------------------------------------------------------------

const columnSpecBase = {
  column: columnId,
  remap: list(wholeNumber()),
  width: wholeNumber(1, 10_000_000),
  labels: list(text),
  mostCommonIndex: wholeNumber(),
};

const ColumnSpecSchema = v.pipe(
  v.variant(
    'treatment',
    [
      record({ ...columnSpecBase, treatment: exactly('indicator'), offset: wholeNumber() }),
      record({ ...columnSpecBase, treatment: exactly('embedding'), embeddingDims: setting('embeddingDims') }),
    ],
    (issue) => (issue.input === undefined || typeof issue.input !== 'object' ? 'must be an object' : 'treatment must be indicator or embedding'),
  ),
  v.check(
    (c) => c.labels.length === c.width,
    (issue) => `the vocabulary has ${issue.input.labels.length} values, the width is ${issue.input.width}`,
  ),
  v.check((c) => c.mostCommonIndex < c.width && c.remap.every((index) => index < c.width), 'an index lies past the width'),
) satisfies v.GenericSchema<unknown, FeatureColumnSpec>;

/** Why the one-hot blocks do not tile the indicator matrix exactly; null when they do. */
function oneHotGap(spec: { columns: readonly FeatureColumnSpec[]; indicatorWidth: number }): string | null {
  let offset = 0;
  for (const column of spec.columns) {
    if (column.treatment !== 'indicator') continue;
    if (column.offset !== offset) return `the one-hot block of ${column.column} starts at ${column.offset}, not ${offset}`;
    offset += column.width;
  }
  return offset === spec.indicatorWidth ? null : `the one-hot blocks are ${offset} wide, the indicator width is ${spec.indicatorWidth}`;
}

/** A feature specification whose one-hot blocks tile the indicator matrix exactly. */
export const FeatureSpecSchema: v.GenericSchema<unknown, FeatureSpec> = v.pipe(
  record({
    columns: v.pipe(
      list(ColumnSpecSchema),
      v.minLength(1, 'must hold a column'),
      v.check((columns) => distinctColumns(columns), 'must not name a column twice'),
    ),
    indicatorWidth: wholeNumber(),
  }),
  v.check(
    (spec) => oneHotGap(spec) === null,
    (issue) => oneHotGap(issue.input) ?? '',
  ),
);

// ---- results -----------------------------------------------------------------------------

export const EpochLogSchema: v.GenericSchema<unknown, EpochLog> = record({
  epoch: wholeNumber(),
  loss: anyNumber,
  accuracy: anyNumber,
  valLoss: anyNumber,
  valAccuracy: anyNumber,
  precision: anyNumber,
  recall: anyNumber,
  auc: anyNumber,
});

const MetricsSchema = record({
  count: anyNumber,
  positives: anyNumber,
  negatives: anyNumber,
  threshold: anyNumber,
  confusion: record({ truePositives: anyNumber, falsePositives: anyNumber, trueNegatives: anyNumber, falseNegatives: anyNumber }),
  accuracy: anyNumber,
  precision: anyNumber,
  recall: anyNumber,
  f1: anyNumber,
  rocAuc: anyNumber,
  prAuc: anyNumber,
}) satisfies v.GenericSchema<unknown, ClassificationMetrics>;

const CurveSchema = v.pipe(
  record({ x: list(anyNumber), y: list(anyNumber) }),
  v.check(
    (c) => c.x.length === c.y.length,
    (issue) => `has ${issue.input.x.length} x and ${issue.input.y.length} y values`,
  ),
) satisfies v.GenericSchema<unknown, CurvePoints>;

const BaselineSchema = record({
  name: text,
  kind: choice(baselineKinds),
  feature: v.exactOptional(columnId),
  metrics: MetricsSchema,
}) satisfies v.GenericSchema<unknown, BaselineResult>;

const RemedySchema = v.variant(
  'kind',
  [record({ kind: exactly('drop-feature'), feature: columnId }), record({ kind: exactly('split'), split: choice(['time', 'group-name']) })],
  'kind must be drop-feature or split',
);

const FindingSchema = record({
  kind: choice(leakageKinds),
  feature: v.exactOptional(columnId),
  message: text,
  remedy: RemedySchema,
}) satisfies v.GenericSchema<unknown, LeakageFinding>;

const CauseRemedySchema = v.variant(
  'kind',
  [record({ kind: exactly('drop-features'), features: list(columnId) }), record({ kind: exactly('split'), split: choice(['time', 'group-name']) })],
  'kind must be drop-features or split',
) satisfies v.GenericSchema<unknown, CauseRemedy>;

const CauseEvidenceSchema = v.variant(
  'kind',
  [
    record({ kind: exactly('single-feature-auc'), feature: columnId, auc: anyNumber }),
    record({ kind: exactly('histogram-overlap'), feature: choice(['hour', 'weekday', 'hour × weekday']), overlap: anyNumber }),
    record({ kind: exactly('time-ranges'), good: v.tuple([anyNumber, anyNumber]), bad: v.tuple([anyNumber, anyNumber]), overlap: anyNumber }),
    record({ kind: exactly('duplicate-share'), share: anyNumber, columns: list(columnId) }),
    record({ kind: exactly('synthetic-separable'), feature: columnId, auc: anyNumber }),
    record({ kind: exactly('test-auc'), auc: anyNumber }),
  ],
  'kind must be a known kind of evidence',
) satisfies v.GenericSchema<unknown, CauseEvidence>;

const CauseSchema = record({
  kind: choice(leakageCauseKinds),
  title: text,
  message: text,
  evidence: list(CauseEvidenceSchema),
  remedies: list(CauseRemedySchema),
}) satisfies v.GenericSchema<unknown, LeakageCause>;

const ThresholdSchema = record({ threshold: anyNumber, validationF1: anyNumber, reason: text }) satisfies v.GenericSchema<unknown, ChosenThreshold>;

const EvaluationSchema = v.pipe(
  record({
    test: MetricsSchema,
    roc: CurveSchema,
    pr: CurveSchema,
    testScores: v.instance(Float32Array, 'must be a Float32Array'),
    testLabels: v.instance(Uint8Array, 'must be a Uint8Array'),
    baselines: list(BaselineSchema),
    leakage: list(FindingSchema),
    causes: v.exactOptional(list(CauseSchema)),
    threshold: v.exactOptional(ThresholdSchema),
  }),
  v.check(
    (e) => e.testScores.length === e.testLabels.length,
    (issue) => `there are ${issue.input.testScores.length} test scores for ${issue.input.testLabels.length} test labels`,
  ),
) satisfies v.GenericSchema<unknown, Evaluation>;

const SummarySchema = record({
  layers: list(record({ name: text, type: text, outputShape: text, params: wholeNumber() })),
  totalParams: wholeNumber(),
}) satisfies v.GenericSchema<unknown, ModelSummary>;

const PreviewSchema = record({
  headers: list(text),
  rows: list(
    record({
      row: wholeNumber(),
      label: wholeNumber(0, 2),
      cells: list(record({ column: columnId, treatment: choice(['indicator', 'embedding']), raw: v.nullable(text), index: wholeNumber(), encoded: text })),
    }),
  ),
}) satisfies v.GenericSchema<unknown, FeaturePreview>;

/** A run's outcome as saved; the run id comes from where it is read (the run, or 0 for a model file). */
export const OutcomeSchema: v.GenericSchema<unknown, Omit<TrainOutcome, 'runId'>> = record({
  backend: choice(BACKEND_ORDER),
  history: list(EpochLogSchema),
  stoppedBy: choice(stopReasons),
  nanMessage: v.nullable(text),
  summary: SummarySchema,
  inputWidth: wholeNumber(),
  activeColumns: list(columnId),
  preview: PreviewSchema,
  splitCounts: record({ train: wholeNumber(), validation: wholeNumber(), test: wholeNumber(), trainBad: wholeNumber(), testBad: wholeNumber() }),
  evaluation: v.nullable(EvaluationSchema),
  examplesPerSecond: anyNumber,
  seconds: anyNumber,
});
