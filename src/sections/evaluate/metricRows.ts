/**
 * Rows of the Evaluate tables, built from run records: the held-out metrics of a network beside
 * its baselines, and runs side by side (metrics and the settings that differ).
 */
import { assertNever } from '../../lib/assertNever';
import type { BaselineResult } from '../../ml/baselines';
import type { FeatureSetting } from '../../ml/features';
import type { ClassificationMetrics } from '../../ml/metrics';
import { imbalanceOf, modelKindOf, poolsUnseenValues, type ModelKind } from '../../ml/modelSettings';
import type { SplitKind } from '../../ml/splits';
import { featureColumnIds } from '../../ml/types';
import type { RunRecord } from '../../store/trainSlice';
import { ANOMALY_RARITY_BASELINE_NAME, type Evaluation, type TrainConfig } from '../../worker/trainProtocol';

/** The metrics every table lists, in row order. */
export const METRIC_ROWS = [
  { key: 'accuracy', label: 'Accuracy' },
  { key: 'precision', label: 'Precision' },
  { key: 'recall', label: 'Recall' },
  { key: 'f1', label: 'F1' },
  { key: 'rocAuc', label: 'ROC AUC' },
  { key: 'prAuc', label: 'PR AUC' },
] as const;
export type MetricKey = (typeof METRIC_ROWS)[number]['key'];

/** How close (absolute) a baseline must come to the network to count as matching it. */
export const RIVAL_MARGIN = 0.02;

/** One column of the test-metrics table. */
export interface MetricColumn {
  readonly id: string;
  readonly label: string;
  readonly isNetwork: boolean;
  readonly metrics: ClassificationMetrics;
}

/** One row of the test-metrics table. */
export interface MetricRow {
  readonly key: MetricKey;
  readonly label: string;
  readonly values: readonly number[];
  /** Per column: a baseline at most RIVAL_MARGIN below the network (or above it). */
  readonly rivalsNetwork: readonly boolean[];
}

/** Column heading of a baseline: "Majority class", "Rarity (name, folder)", "hour only". */
export function baselineLabel(baseline: BaselineResult): string {
  switch (baseline.kind) {
    case 'majority':
      return 'Majority class';
    case 'rarity':
      return baseline.name === ANOMALY_RARITY_BASELINE_NAME ? 'Rarity (name, folder) on the anomaly test rows' : 'Rarity (name, folder)';
    case 'single-feature':
      return baseline.feature === undefined ? baseline.name : `${baseline.feature} only`;
    default:
      return assertNever(baseline.kind, 'baseline kind');
  }
}

/** What the tables call a run's model. */
export const MODEL_NAMES: Record<ModelKind, string> = { classifier: 'Network', anomaly: 'Anomaly model' };

/** The network (or anomaly model), then every baseline trained on the same split. */
export function testMetricColumns(evaluation: Evaluation, modelKind: ModelKind = 'classifier'): MetricColumn[] {
  return [
    { id: 'network', label: MODEL_NAMES[modelKind], isNetwork: true, metrics: evaluation.test },
    ...evaluation.baselines.map((baseline, i) => ({
      id: `baseline-${i}`,
      label: baselineLabel(baseline),
      isNetwork: false,
      metrics: baseline.metrics,
    })),
  ];
}

/** One row per metric, one value per column; NaN where a metric is undefined. */
export function metricTableRows(columns: readonly MetricColumn[]): MetricRow[] {
  const network = columns.find((column) => column.isNetwork);
  return METRIC_ROWS.map(({ key, label }) => {
    const networkValue = network?.metrics[key] ?? Number.NaN;
    return {
      key,
      label,
      values: columns.map((column) => column.metrics[key]),
      rivalsNetwork: columns.map((column) => !column.isNetwork && column.metrics[key] >= networkValue - RIVAL_MARGIN),
    };
  });
}

/** A metric with three decimals, or an em dash when undefined. */
export function formatMetric(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '—';
}

/** How a comparison value is printed. */
export type ComparisonFormat = 'metric' | 'count' | 'loss';

/** One row of the run comparison: a metric, one value per run (NaN = not available yet). */
export interface ComparisonRow {
  readonly label: string;
  readonly format: ComparisonFormat;
  readonly values: readonly number[];
}

/** Test metrics, test rows, epochs run and the last validation loss of each run. */
export function comparisonRows(runs: readonly RunRecord[]): ComparisonRow[] {
  const metricRows: ComparisonRow[] = METRIC_ROWS.map(({ key, label }) => ({
    label,
    format: 'metric',
    values: runs.map((run) => run.outcome?.evaluation?.test[key] ?? Number.NaN),
  }));
  return [
    ...metricRows,
    { label: 'Test rows', format: 'count', values: runs.map((run) => run.outcome?.evaluation?.test.count ?? Number.NaN) },
    { label: 'Epochs run', format: 'count', values: runs.map((run) => (run.epochs.length > 0 ? run.epochs.length : Number.NaN)) },
    { label: 'Final validation loss', format: 'loss', values: runs.map((run) => run.epochs.at(-1)?.valLoss ?? Number.NaN) },
  ];
}

/** A comparison value as text. */
export function formatComparison(value: number, format: ComparisonFormat): string {
  if (!Number.isFinite(value)) return '—';
  switch (format) {
    case 'metric':
      return value.toFixed(3);
    case 'count':
      return String(Math.round(value));
    case 'loss':
      return value.toFixed(4);
    default:
      return assertNever(format, 'comparison format');
  }
}

/** Plain names of the split kinds. */
export const SPLIT_NAMES: Record<SplitKind, string> = {
  'random-stratified': 'random, stratified by class',
  time: 'time-based (latest events are the test set)',
  'group-name': 'grouped by file name',
  'group-host': 'grouped by host',
};

function treatmentText(setting: FeatureSetting | undefined): string {
  if (setting === undefined) return 'off';
  switch (setting.treatment) {
    case 'indicator':
      return 'one-hot';
    case 'embedding':
      return `embedding ${setting.embeddingDims}`;
    case 'off':
      return 'off';
    default:
      return assertNever(setting.treatment, 'feature treatment');
  }
}

/** Every setting of a config as [name, value] text, in a fixed order. */
export function configSettings(config: TrainConfig): [string, string][] {
  const model = config.model;
  return [
    ['Model kind', modelKindOf(model) === 'anomaly' ? 'anomaly (known good only)' : 'classifier'],
    ['Imbalance handling', modelKindOf(model) === 'anomaly' ? 'n/a' : imbalanceOf(model)],
    ['Unseen values pooled', poolsUnseenValues(model) ? 'yes' : 'no'],
    ['Split', SPLIT_NAMES[config.split]],
    ...featureColumnIds.map((column): [string, string] => [column, treatmentText(config.features.find((f) => f.column === column))]),
    ['Hidden layers', model.hiddenLayers.map((layer) => `${layer.units} ${layer.activation}`).join(', ') || 'none'],
    ['L2', String(model.l2)],
    ['Dropout', String(model.dropout)],
    ['Optimizer', model.optimizer],
    ['Learning rate', String(model.learningRate)],
    ['Epochs', String(model.epochs)],
    ['Batch size', String(model.batchSize)],
    ['Validation share', String(model.validationShare)],
    ['Test share', String(model.testShare)],
    ['Seed', String(model.seed)],
    ['Early stopping patience', String(model.earlyStoppingPatience)],
    ['Max vocabulary', String(config.maxVocabulary)],
  ];
}

/** One setting that differs between compared runs. */
export interface SettingDifference {
  readonly setting: string;
  readonly values: readonly string[];
}

/** The settings whose values are not the same in every config, in configSettings order. */
export function settingsDifferences(configs: readonly TrainConfig[]): SettingDifference[] {
  const flattened = configs.map(configSettings);
  const names = flattened[0]?.map(([name]) => name) ?? [];
  return names.flatMap((setting, i) => {
    const values = flattened.map((settings) => settings[i]?.[1] ?? '');
    return values.every((value) => value === values[0]) ? [] : [{ setting, values }];
  });
}
