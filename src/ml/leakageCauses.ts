/**
 * One alarm per cause. The leakage rules of leakage.ts fire once per symptom, so a capture whose
 * known bad lives only at night and at weekends raised seven alarms, four offering "without hour",
 * and dropping hour left weekday at AUC 1.000. Here the symptoms are grouped by what causes them —
 * the clock, memorisation, a column that names the answer, the generator, the capture period, a
 * score too good to explain — each with its evidence and remedies that remove the whole cause.
 * The checks read the data and the split; only the "too good" wording reads the model, so they
 * apply to the classifier and the anomaly model alike.
 */
import { formatPercent, formatUtc } from '../lib/format';
import type { BaselineResult } from './baselines';
import {
  defaultLeakageThresholds,
  detectLeakage,
  duplicateShare,
  histogramOverlap,
  syntheticSeparabilities,
  timeRangeOverlap,
  type LeakageInput,
} from './leakage';
import type { ModelKind } from './modelSettings';
import type { TrainConfig } from './runTypes';
import { presentColumns, type ExampleTable, type FeatureColumnId } from './types';

export const leakageCauseKinds = ['clock', 'memorisation', 'revealing-column', 'generator', 'capture-period', 'too-good'] as const;
export type LeakageCauseKind = (typeof leakageCauseKinds)[number];

/** A one-click change that removes a cause: drop columns together, or change the split. */
export type CauseRemedy =
  { readonly kind: 'drop-features'; readonly features: readonly FeatureColumnId[] } | { readonly kind: 'split'; readonly split: 'time' | 'group-name' };

/** One measured fact behind a cause, for the list under its alarm. */
export type CauseEvidence =
  | { readonly kind: 'single-feature-auc'; readonly feature: FeatureColumnId; readonly auc: number }
  | { readonly kind: 'histogram-overlap'; readonly feature: 'hour' | 'weekday' | 'hour × weekday'; readonly overlap: number }
  | { readonly kind: 'time-ranges'; readonly good: readonly [number, number]; readonly bad: readonly [number, number]; readonly overlap: number }
  | { readonly kind: 'duplicate-share'; readonly share: number; readonly columns: readonly FeatureColumnId[] }
  | { readonly kind: 'synthetic-separable'; readonly feature: FeatureColumnId; readonly auc: number }
  | { readonly kind: 'test-auc'; readonly auc: number };

/** One alarm: the cause in a sentence, the evidence beneath it and its remedies, best first. */
export interface LeakageCause {
  readonly kind: LeakageCauseKind;
  readonly title: string;
  readonly message: string;
  readonly evidence: readonly CauseEvidence[];
  readonly remedies: readonly CauseRemedy[];
}

/** Input of leakageCauses: that of detectLeakage plus which kind of model was trained. */
export interface LeakageCauseInput extends LeakageInput {
  /** Default 'classifier'. */
  readonly modelKind?: ModelKind;
}

const clockColumns = ['hour', 'weekday'] as const satisfies readonly FeatureColumnId[];

function singleFeatureAuc(baselines: readonly BaselineResult[] | undefined, feature: FeatureColumnId): number {
  return baselines?.find((baseline) => baseline.kind === 'single-feature' && baseline.feature === feature)?.metrics.rocAuc ?? Number.NaN;
}

/** Hour and weekday histograms (each, and jointly) of the two classes and how much they overlap. */
function clockOverlaps(table: ExampleTable, active: readonly FeatureColumnId[]): CauseEvidence[] {
  const evidence: CauseEvidence[] = [];
  for (const column of clockColumns) {
    const coded = table.columns[column];
    if (coded === undefined || !active.includes(column)) continue;
    evidence.push({ kind: 'histogram-overlap', feature: column, overlap: histogramOverlap(table, coded.codes, coded.vocabulary.length) });
  }
  const hour = table.columns.hour;
  const weekday = table.columns.weekday;
  if (hour !== undefined && weekday !== undefined && active.includes('hour') && active.includes('weekday')) {
    const days = weekday.vocabulary.length;
    const codes = Int32Array.from({ length: table.size }, (_, row) => {
      const h = hour.codes[row] ?? -1;
      const d = weekday.codes[row] ?? -1;
      return h >= 0 && d >= 0 ? h * days + d : -1;
    });
    evidence.push({ kind: 'histogram-overlap', feature: 'hour × weekday', overlap: histogramOverlap(table, codes, hour.vocabulary.length * days) });
  }
  return evidence;
}

function auc(value: number): string {
  return value.toFixed(3);
}

/**
 * Groups every leakage rule's findings into causes, most serious first; an empty list means no
 * rule fired. Each cause lists its evidence and remedies; a near-perfect test score is folded into
 * the cause that explains it and stands alone only when none does.
 */
export function leakageCauses(input: LeakageCauseInput): LeakageCause[] {
  const { table, split } = input;
  const thresholds = { ...defaultLeakageThresholds, ...input.thresholds };
  const active = (input.activeColumns ?? presentColumns(table)).filter((column) => table.columns[column] !== undefined);
  const findings = detectLeakage(input);
  const testAuc = input.testMetrics?.rocAuc ?? Number.NaN;
  const isTooGood = testAuc >= thresholds.nearPerfectAuc;
  const modelName = input.modelKind === 'anomaly' ? 'anomaly model' : 'network';
  const causes: LeakageCause[] = [];

  const activeClock = clockColumns.filter((column) => active.includes(column));
  const clockAucs = activeClock.map((feature): CauseEvidence => ({ kind: 'single-feature-auc', feature, auc: singleFeatureAuc(input.baselines, feature) }));
  const overlaps = clockOverlaps(table, active);
  const ranges = timeRangeOverlap(table);
  const rangeEvidence: CauseEvidence[] = ranges === undefined ? [] : [{ kind: 'time-ranges', good: ranges.good, bad: ranges.bad, overlap: ranges.overlap }];
  const isClockLeak =
    activeClock.length > 0 &&
    findings.some(
      (finding) => finding.feature !== undefined && (finding.feature === 'hour' || finding.feature === 'weekday') && finding.kind !== 'synthetic-separable',
    );
  if (isClockLeak) {
    const lowest = overlaps.reduce((min, item) => (item.kind === 'histogram-overlap' && item.overlap < min ? item.overlap : min), 1);
    causes.push({
      kind: 'clock',
      title: 'The clock',
      message: `Known good and known bad were captured at different times of day or week (their ${activeClock.join(' and ')} histograms overlap as little as ${formatPercent(lowest)}), so ${activeClock.join(' and ')} tell the classes apart by when, not by what ran. Dropping one of them leaves the other to do the same: drop the clock as a whole.`,
      evidence: [...clockAucs, ...overlaps, ...rangeEvidence, ...(isTooGood ? [{ kind: 'test-auc' as const, auc: testAuc }] : [])],
      remedies: [
        { kind: 'drop-features', features: activeClock },
        { kind: 'split', split: 'time' },
      ],
    });
  }

  const duplicates = duplicateShare(table, split, active);
  if (duplicates > thresholds.duplicateShare) {
    causes.push({
      kind: 'memorisation',
      title: 'Memorisation',
      message: `${formatPercent(duplicates)} of test rows repeat a training row exactly (same ${active.join(', ')}), so the test score partly measures recall of rows the ${modelName} has seen. A grouped split keeps each file name on one side.`,
      evidence: [{ kind: 'duplicate-share', share: duplicates, columns: active }],
      remedies: [
        { kind: 'split', split: 'group-name' },
        { kind: 'split', split: 'time' },
      ],
    });
  }

  const revealing = findings.filter(
    (finding) => finding.kind === 'single-feature' && finding.feature !== undefined && finding.feature !== 'hour' && finding.feature !== 'weekday',
  );
  for (const finding of revealing) {
    const feature = finding.feature;
    if (feature === undefined) continue;
    const value = singleFeatureAuc(input.baselines, feature);
    causes.push({
      kind: 'revealing-column',
      title: `${feature} names the answer`,
      message: `${feature} alone separates the classes (test ROC AUC ${auc(value)}): every known-bad value is one known good never has. That can be real signal or a label written into the data; a grouped split tests whether it holds for values never seen in training.`,
      evidence: [{ kind: 'single-feature-auc', feature, auc: value }],
      remedies: [...(feature === 'name' ? [{ kind: 'split' as const, split: 'group-name' as const }] : []), { kind: 'drop-features', features: [feature] }],
    });
  }

  const synthetic = syntheticSeparabilities(table, split, active).filter((item) => item.auc >= thresholds.syntheticAuc);
  if (synthetic.length > 0) {
    const features = synthetic.map((item) => item.feature);
    causes.push({
      kind: 'generator',
      title: 'The generator',
      message: `Synthetic known-bad rows differ from real ones by ${features.join(' and ')}, so the ${modelName} can learn how the generator works instead of what attacks look like.`,
      evidence: synthetic.map((item): CauseEvidence => ({ kind: 'synthetic-separable', feature: item.feature, auc: item.auc })),
      remedies: [{ kind: 'drop-features', features }],
    });
  }

  if (!isClockLeak && ranges !== undefined && ranges.overlap < thresholds.timeOverlap) {
    causes.push({
      kind: 'capture-period',
      title: 'Different capture periods',
      message: `Known good spans ${formatUtc(ranges.good[0])} to ${formatUtc(ranges.good[1])} and known bad ${formatUtc(ranges.bad[0])} to ${formatUtc(ranges.bad[1])} (${formatPercent(ranges.overlap)} overlap): anything that changed between the two periods can stand in for the label.`,
      evidence: rangeEvidence,
      remedies: [{ kind: 'split', split: 'time' }],
    });
  }

  if (isTooGood && causes.length === 0) {
    causes.push({
      kind: 'too-good',
      title: 'A score too good to trust',
      message: `The ${modelName}'s test ROC AUC is ${auc(testAuc)} and no single column explains it: a near-perfect score on process telemetry usually means a leak through a combination of columns or through the split.`,
      evidence: [{ kind: 'test-auc', auc: testAuc }],
      remedies: [
        { kind: 'split', split: 'group-name' },
        { kind: 'split', split: 'time' },
      ],
    });
  }
  // A remedy that changes nothing (the split already in use) is no remedy.
  return causes.map((cause) => ({ ...cause, remedies: cause.remedies.filter((remedy) => remedy.kind !== 'split' || remedy.split !== input.splitKind) }));
}

/** The button text of a remedy. */
export function causeRemedyLabel(remedy: CauseRemedy): string {
  if (remedy.kind === 'split') return `Re-run with a ${remedy.split === 'time' ? 'time-based' : 'grouped'} split`;
  const { features } = remedy;
  const isClock = features.length === 2 && clockColumns.every((column) => features.includes(column));
  return isClock ? 'Re-run without the clock' : `Re-run without ${features.join(' and ')}`;
}

/** The training config of a run with a remedy applied; everything else, seed included, unchanged. */
export function applyCauseRemedy(base: TrainConfig, remedy: CauseRemedy): TrainConfig {
  if (remedy.kind === 'split') return { ...base, split: remedy.split };
  return { ...base, features: base.features.map((setting) => (remedy.features.includes(setting.column) ? { ...setting, treatment: 'off' } : setting)) };
}

/** What a run and its remedied re-run scored, for the sentence under the comparison. */
export interface RemedyComparison {
  readonly remedy: CauseRemedy;
  readonly beforeAuc: number;
  readonly afterAuc: number;
  /** Baselines of the re-run: the strongest remaining one says what the data still supports. */
  readonly afterBaselines?: readonly BaselineResult[];
  readonly modelKind?: ModelKind;
}

/** One sentence explaining the change of test ROC AUC between a run and its remedy. */
export function explainAucChange(comparison: RemedyComparison): string {
  const { remedy, beforeAuc, afterAuc } = comparison;
  const change = remedy.kind === 'split' ? `With a ${remedy.split === 'time' ? 'time-based' : 'grouped'} split` : `Without ${remedy.features.join(' and ')}`;
  const modelName = comparison.modelKind === 'anomaly' ? 'anomaly model' : 'network';
  const delta = afterAuc - beforeAuc;
  const movement = Math.abs(delta) < 0.01 ? `stayed at ${auc(afterAuc)}` : `${delta < 0 ? 'fell' : 'rose'} from ${auc(beforeAuc)} to ${auc(afterAuc)}`;
  const reference = [...(comparison.afterBaselines ?? [])]
    .filter((baseline) => baseline.kind !== 'majority' && Number.isFinite(baseline.metrics.rocAuc))
    .sort((a, b) => b.metrics.rocAuc - a.metrics.rocAuc)[0];
  const supported = reference === undefined ? '' : `; ${reference.name.toLowerCase()} now reaches ${auc(reference.metrics.rocAuc)}`;
  const verdict =
    delta <= -0.05
      ? remedy.kind === 'split'
        ? 'the first score relied on rows or values shared between training and test.'
        : `the first score came from ${remedy.features.join(' and ')}, not from what ran.`
      : Math.abs(delta) < 0.05
        ? 'the first score did not depend on what the remedy removed.'
        : 'removing the shortcut let the model learn from the remaining columns.';
  return `${change}, the ${modelName}'s test ROC AUC ${movement}${supported}: ${verdict}`;
}
