import { formatPercent, formatUtc } from '../lib/format';
import { valueRateScores, type BaselineResult } from './baselines';
import { rocAuc, type ClassificationMetrics } from './metrics';
import type { SplitKind } from './splits';
import { presentColumns, type ExampleTable, type FeatureColumnId, type RowSplit } from './types';

export const leakageKinds = [
  'near-perfect-score',
  'single-feature',
  'time-ranges-disjoint',
  'hour-weekday-disjoint',
  'duplicate-rows',
  'synthetic-separable',
] as const;
export type LeakageKind = (typeof leakageKinds)[number];

/** What the user can do about a finding, as a one-click change of the feature or split settings. */
export type LeakageRemedy =
  { readonly kind: 'drop-feature'; readonly feature: FeatureColumnId } | { readonly kind: 'split'; readonly split: 'time' | 'group-name' };

/** One suspected leak, explained in one sentence. */
export interface LeakageFinding {
  readonly kind: LeakageKind;
  readonly feature?: FeatureColumnId;
  readonly message: string;
  readonly remedy: LeakageRemedy;
}

/** Where each rule fires. */
export interface LeakageThresholds {
  /** Test ROC AUC at or above which a score is suspicious. */
  readonly nearPerfectAuc: number;
  /** Single-feature baseline ROC AUC at or above which that feature alone gives the label away. */
  readonly singleFeatureAuc: number;
  /** Class time ranges overlapping less than this share of the shorter one are disjoint. */
  readonly timeOverlap: number;
  /** Hour or weekday histograms of the classes overlapping less than this are disjoint. */
  readonly histogramOverlap: number;
  /** Share of test rows with an identical training feature row above which memorisation is flagged. */
  readonly duplicateShare: number;
  /** ROC AUC at or above which one column tells synthetic from real known-bad rows. */
  readonly syntheticAuc: number;
}

export const defaultLeakageThresholds: LeakageThresholds = {
  nearPerfectAuc: 0.99,
  singleFeatureAuc: 0.98,
  timeOverlap: 0.1,
  histogramOverlap: 0.2,
  duplicateShare: 0.05,
  syntheticAuc: 0.95,
};

export interface LeakageInput {
  readonly table: ExampleTable;
  readonly split: RowSplit;
  /** Metrics of the trained model on the test rows, when a model has been trained. */
  readonly testMetrics?: ClassificationMetrics;
  /** Output of evaluateBaselines on the same split. */
  readonly baselines?: readonly BaselineResult[];
  /** Columns the model uses; default every column in the table. */
  readonly activeColumns?: readonly FeatureColumnId[];
  /** The split that produced `split`, so remedies suggest a different one. */
  readonly splitKind?: SplitKind;
  readonly thresholds?: Partial<LeakageThresholds>;
}

const clockColumns: readonly FeatureColumnId[] = ['hour', 'weekday'];

function auc(value: number): string {
  return value.toFixed(3);
}

type SingleFeatureBaseline = BaselineResult & { feature: FeatureColumnId };

/** Runs every leakage rule and returns the findings, most serious first. */
export function detectLeakage(input: LeakageInput): LeakageFinding[] {
  const { table, split } = input;
  const thresholds = { ...defaultLeakageThresholds, ...input.thresholds };
  const active = (input.activeColumns ?? presentColumns(table)).filter((column) => table.columns[column] !== undefined);
  const singleFeature = (input.baselines ?? []).filter(
    (baseline): baseline is SingleFeatureBaseline => baseline.kind === 'single-feature' && baseline.feature !== undefined && active.includes(baseline.feature),
  );
  const otherSplit: LeakageRemedy = { kind: 'split', split: input.splitKind === 'group-name' ? 'time' : 'group-name' };
  const clock = clockFindings(table, active, singleFeature, thresholds);
  const findings: LeakageFinding[] = [];
  const nearPerfect = nearPerfectFinding(input.testMetrics?.rocAuc ?? Number.NaN, singleFeature, clock, otherSplit, thresholds);
  if (nearPerfect !== undefined) findings.push(nearPerfect);
  findings.push(...singleFeatureFindings(singleFeature, thresholds), ...clock);
  const duplicates = duplicateShare(table, split, active);
  if (duplicates > thresholds.duplicateShare) {
    findings.push({
      kind: 'duplicate-rows',
      message: `${formatPercent(duplicates)} of test rows have an identical feature row (${active.join(', ')}) in training, so the test score rewards memorisation — a leak between train and test.`,
      remedy: otherSplit,
    });
  }
  findings.push(...syntheticFindings(table, split, active, thresholds.syntheticAuc));
  return findings;
}

function nearPerfectFinding(
  testAuc: number,
  singleFeature: readonly SingleFeatureBaseline[],
  clock: readonly LeakageFinding[],
  otherSplit: LeakageRemedy,
  thresholds: LeakageThresholds,
): LeakageFinding | undefined {
  if (!(testAuc >= thresholds.nearPerfectAuc)) return undefined;
  const strongest = [...singleFeature].sort((a, b) => (b.metrics.rocAuc || 0) - (a.metrics.rocAuc || 0))[0];
  const culprit =
    strongest !== undefined && strongest.metrics.rocAuc >= 0.9 ? strongest.feature : clock.find((finding) => finding.feature !== undefined)?.feature;
  const score = `The model's test ROC AUC is ${auc(testAuc)}: a near-perfect score on process telemetry almost always means a leak`;
  return culprit === undefined
    ? { kind: 'near-perfect-score', message: `${score}, not a perfect detector.`, remedy: otherSplit }
    : {
        kind: 'near-perfect-score',
        feature: culprit,
        message: `${score}, most likely through ${culprit}.`,
        remedy: { kind: 'drop-feature', feature: culprit },
      };
}

function singleFeatureFindings(singleFeature: readonly SingleFeatureBaseline[], thresholds: LeakageThresholds): LeakageFinding[] {
  return singleFeature
    .filter((baseline) => baseline.metrics.rocAuc >= thresholds.singleFeatureAuc)
    .map((baseline) => ({
      kind: 'single-feature',
      feature: baseline.feature,
      message: `${baseline.feature} alone separates known-bad from known-good with test ROC AUC ${auc(baseline.metrics.rocAuc)}, so the label leaks through ${baseline.feature}.`,
      remedy: { kind: 'drop-feature', feature: baseline.feature },
    }));
}

/** Findings about when the classes were captured: time ranges, hour and weekday histograms. */
function clockFindings(
  table: ExampleTable,
  active: readonly FeatureColumnId[],
  singleFeature: readonly SingleFeatureBaseline[],
  thresholds: LeakageThresholds,
): LeakageFinding[] {
  const findings: LeakageFinding[] = [];
  const timeFinding = timeRangeFinding(table, thresholds.timeOverlap, active, singleFeature);
  if (timeFinding !== undefined) findings.push(timeFinding);
  for (const column of clockColumns) {
    const coded = table.columns[column];
    if (coded === undefined || !active.includes(column)) continue;
    const overlap = histogramOverlap(table, coded.codes, coded.vocabulary.length);
    if (!(overlap < thresholds.histogramOverlap)) continue;
    findings.push({
      kind: 'hour-weekday-disjoint',
      feature: column,
      message: `Known-good and known-bad ${column} histograms overlap only ${formatPercent(overlap)}, so ${column} reveals when each class was captured and leaks the label.`,
      remedy: { kind: 'drop-feature', feature: column },
    });
  }
  const joint = jointClockCodes(table);
  const bothActive = active.includes('hour') && active.includes('weekday');
  if (joint === undefined || !bothActive || findings.some((finding) => finding.kind === 'hour-weekday-disjoint')) return findings;
  // Each alone may overlap (bad at night OR on weekends) while together they split the classes.
  const overlap = histogramOverlap(table, joint.codes, joint.size);
  if (overlap < thresholds.histogramOverlap) {
    const culprit = strongerClockColumn(singleFeature, clockColumns) ?? 'hour';
    findings.push({
      kind: 'hour-weekday-disjoint',
      feature: culprit,
      message: `Known-good and known-bad hour × weekday histograms overlap only ${formatPercent(overlap)}, so hour and weekday together reveal when each class was captured and leak the label (${culprit} first).`,
      remedy: { kind: 'drop-feature', feature: culprit },
    });
  }
  return findings;
}

/** The class time ranges and the share of the shorter one that the other covers. */
export interface TimeRanges {
  readonly overlap: number;
  readonly good: readonly [number, number];
  readonly bad: readonly [number, number];
}

/** Time ranges of known-good and known-bad rows; undefined when a class is absent. */
export function timeRangeOverlap(table: ExampleTable): TimeRanges | undefined {
  let goodStart = Number.POSITIVE_INFINITY;
  let goodEnd = Number.NEGATIVE_INFINITY;
  let badStart = Number.POSITIVE_INFINITY;
  let badEnd = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < table.size; row++) {
    const time = table.timeMs[row] ?? Number.NaN;
    if (Number.isNaN(time)) continue;
    if (table.label[row] === 1) {
      badStart = Math.min(badStart, time);
      badEnd = Math.max(badEnd, time);
    } else {
      goodStart = Math.min(goodStart, time);
      goodEnd = Math.max(goodEnd, time);
    }
  }
  if (goodEnd < goodStart || badEnd < badStart) return undefined;
  const shorter = Math.min(goodEnd - goodStart, badEnd - badStart);
  const shared = Math.min(goodEnd, badEnd) - Math.max(goodStart, badStart);
  // A zero-length range (one instant) counts as fully covered when it lies inside the other.
  const overlap = shorter > 0 ? Math.max(0, shared) / shorter : shared >= 0 ? 1 : 0;
  return { overlap, good: [goodStart, goodEnd], bad: [badStart, badEnd] };
}

/** Hour and weekday combined into one code per row (−1 when either is missing). */
function jointClockCodes(table: ExampleTable): { codes: Int32Array; size: number } | undefined {
  const hour = table.columns.hour;
  const weekday = table.columns.weekday;
  if (hour === undefined || weekday === undefined) return undefined;
  const days = weekday.vocabulary.length;
  const codes = new Int32Array(table.size);
  for (let row = 0; row < table.size; row++) {
    const h = hour.codes[row] ?? -1;
    const d = weekday.codes[row] ?? -1;
    codes[row] = h >= 0 && d >= 0 ? h * days + d : -1;
  }
  return { codes, size: hour.vocabulary.length * days };
}

/** The active clock column whose single-feature baseline is strongest. */
function strongerClockColumn(singleFeature: readonly SingleFeatureBaseline[], candidates: readonly FeatureColumnId[]): FeatureColumnId | undefined {
  const aucOf = (column: FeatureColumnId): number => singleFeature.find((baseline) => baseline.feature === column)?.metrics.rocAuc || 0;
  return [...candidates].sort((a, b) => aucOf(b) - aucOf(a))[0];
}

function timeRangeFinding(
  table: ExampleTable,
  threshold: number,
  active: readonly FeatureColumnId[],
  singleFeature: readonly SingleFeatureBaseline[],
): LeakageFinding | undefined {
  const ranges = timeRangeOverlap(table);
  if (ranges === undefined || !(ranges.overlap < threshold)) return undefined;
  const culprit = strongerClockColumn(
    singleFeature,
    clockColumns.filter((column) => active.includes(column)),
  );
  const message = `Known-good events span ${formatUtc(ranges.good[0])} to ${formatUtc(ranges.good[1])} and known-bad events span ${formatUtc(ranges.bad[0])} to ${formatUtc(ranges.bad[1])}, overlapping ${formatPercent(ranges.overlap)} of the shorter range, so anything tied to capture time${culprit === undefined ? '' : ` such as ${culprit}`} can leak the label.`;
  return culprit === undefined
    ? { kind: 'time-ranges-disjoint', message, remedy: { kind: 'split', split: 'time' } }
    : { kind: 'time-ranges-disjoint', feature: culprit, message, remedy: { kind: 'drop-feature', feature: culprit } };
}

/** Σ min(p_good, p_bad) over the normalised per-class histograms of a coded column (missing skipped). */
export function histogramOverlap(table: ExampleTable, codes: Int32Array, vocabularySize: number): number {
  const good = new Float64Array(vocabularySize);
  const bad = new Float64Array(vocabularySize);
  let goodTotal = 0;
  let badTotal = 0;
  for (let row = 0; row < table.size; row++) {
    const code = codes[row] ?? -1;
    if (code < 0 || code >= vocabularySize) continue;
    if (table.label[row] === 1) {
      bad[code] = (bad[code] ?? 0) + 1;
      badTotal++;
    } else {
      good[code] = (good[code] ?? 0) + 1;
      goodTotal++;
    }
  }
  if (goodTotal === 0 || badTotal === 0) return Number.NaN;
  let overlap = 0;
  good.forEach((count, code) => {
    overlap += Math.min(count / goodTotal, (bad[code] ?? 0) / badTotal);
  });
  return overlap;
}

/** Share of test rows whose codes in every active column equal those of some training row. */
export function duplicateShare(table: ExampleTable, split: RowSplit, active: readonly FeatureColumnId[]): number {
  const columns = active.flatMap((column) => table.columns[column] ?? []);
  if (columns.length === 0 || split.test.length === 0) return 0;
  const key = (row: number): string => columns.map((column) => column.codes[row] ?? -1).join(',');
  const trainKeys = new Set(Array.from(split.train, key));
  let duplicates = 0;
  for (const row of split.test) if (trainKeys.has(key(row))) duplicates++;
  return duplicates / split.test.length;
}

/**
 * For each active column, how well it tells synthetic from real known-bad test rows (ROC AUC of a
 * per-value synthetic-rate model fitted on the other known-bad rows); empty without both kinds.
 */
export function syntheticSeparabilities(
  table: ExampleTable,
  split: RowSplit,
  active: readonly FeatureColumnId[],
): { readonly feature: FeatureColumnId; readonly auc: number }[] {
  const badRows = (rows: Uint32Array): Uint32Array => rows.filter((row) => table.label[row] === 1);
  const fitRows = badRows(Uint32Array.from([...split.train, ...split.validation]));
  const testRows = badRows(split.test);
  const isSynthetic = (row: number): boolean => table.synthetic[row] === 1;
  const testSynthetic = Array.from(testRows, (row) => (isSynthetic(row) ? 1 : 0));
  if (!testSynthetic.includes(1) || !testSynthetic.includes(0)) return [];
  return active.flatMap((feature) => {
    const coded = table.columns[feature];
    return coded === undefined ? [] : [{ feature, auc: rocAuc(valueRateScores(coded.codes, fitRows, isSynthetic, testRows), testSynthetic) }];
  });
}

function syntheticFindings(table: ExampleTable, split: RowSplit, active: readonly FeatureColumnId[], threshold: number): LeakageFinding[] {
  return syntheticSeparabilities(table, split, active)
    .filter(({ auc: separability }) => separability >= threshold)
    .map(({ feature: column, auc: separability }) => ({
      kind: 'synthetic-separable',
      feature: column,
      message: `Synthetic known-bad rows differ from real known-bad rows by ${column} alone (ROC AUC ${auc(separability)}), so the model can learn the generator instead of the attacks — a leak from how the bad examples were made.`,
      remedy: { kind: 'drop-feature', feature: column },
    }));
}
