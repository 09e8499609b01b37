import { classificationMetrics, type ClassificationMetrics } from './metrics';
import { presentColumns, type ExampleTable, type FeatureColumnId, type RowSplit } from './types';

export const baselineKinds = ['majority', 'rarity', 'single-feature'] as const;
export type BaselineKind = (typeof baselineKinds)[number];

/** Test-set metrics of one simple reference model. */
export interface BaselineResult {
  readonly name: string;
  readonly kind: BaselineKind;
  /** The column a single-feature baseline uses. */
  readonly feature?: FeatureColumnId;
  readonly metrics: ClassificationMetrics;
}

export interface BaselineOptions {
  /** Score at or above which a row is flagged; default 0.5. */
  readonly threshold?: number;
  /** Pseudo-count pulling each value's bad-rate towards the training prior; default 1. */
  readonly smoothing?: number;
  /** Columns given a single-feature baseline; default every column in the table. */
  readonly columns?: readonly FeatureColumnId[];
}

/** Columns whose rarity the rarity baseline scores. */
const rarityColumns: readonly FeatureColumnId[] = ['name', 'folder'];

/** A constant score: 1 when known-bad rows are the training majority, else 0. */
export function majorityScores(table: ExampleTable, trainRows: Uint32Array, rows: Uint32Array): Float32Array {
  let bad = 0;
  for (const row of trainRows) bad += table.label[row] ?? 0;
  return new Float32Array(rows.length).fill(bad * 2 > trainRows.length ? 1 : 0);
}

/** Occurrences of each code (missing = its own value) among the rows that pass `include`. */
function countCodes(codes: Int32Array, rows: Uint32Array, include: (row: number) => boolean): Map<number, number> {
  const counts = new Map<number, number>();
  for (const row of rows) {
    if (!include(row)) continue;
    const code = codes[row] ?? -1;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}

/**
 * Anomaly-style score: for each of name and folder present, 1 / (1 + how often the value occurs
 * among known-good training rows), averaged. Unseen values score 1, everyday ones near 0.
 */
export function rarityScores(table: ExampleTable, trainRows: Uint32Array, rows: Uint32Array): Float32Array {
  const scores = new Float32Array(rows.length);
  const columns = rarityColumns.flatMap((column) => table.columns[column] ?? []);
  if (columns.length === 0) return scores.fill(Number.NaN);
  for (const column of columns) {
    const goodCounts = countCodes(column.codes, trainRows, (row) => table.label[row] === 0);
    rows.forEach((row, i) => {
      scores[i] = (scores[i] ?? 0) + 1 / (1 + (goodCounts.get(column.codes[row] ?? -1) ?? 0)) / columns.length;
    });
  }
  return scores;
}

/**
 * Naive per-value estimator: the smoothed share of `isPositive` rows among the `fitRows` with the
 * same code, (positives + smoothing·prior) / (count + smoothing), for each of `rows`. Unseen codes
 * get the prior.
 */
export function valueRateScores(codes: Int32Array, fitRows: Uint32Array, isPositive: (row: number) => boolean, rows: Uint32Array, smoothing = 1): Float32Array {
  const totals = countCodes(codes, fitRows, () => true);
  const positives = countCodes(codes, fitRows, isPositive);
  let positiveCount = 0;
  for (const count of positives.values()) positiveCount += count;
  const prior = fitRows.length > 0 ? positiveCount / fitRows.length : 0.5;
  return Float32Array.from(rows, (row) => {
    const code = codes[row] ?? -1;
    return ((positives.get(code) ?? 0) + smoothing * prior) / ((totals.get(code) ?? 0) + smoothing);
  });
}

/**
 * Fits every baseline on the training rows and scores the test rows: the majority class, the
 * rarity of name and folder, and one per-value bad-rate model for each feature column.
 */
export function evaluateBaselines(table: ExampleTable, split: RowSplit, options: BaselineOptions = {}): BaselineResult[] {
  const threshold = options.threshold ?? 0.5;
  const testLabels = Uint8Array.from(split.test, (row) => table.label[row] ?? 0);
  const evaluate = (scores: Float32Array): ClassificationMetrics => classificationMetrics(scores, testLabels, threshold);
  const results: BaselineResult[] = [{ name: 'Majority class', kind: 'majority', metrics: evaluate(majorityScores(table, split.train, split.test)) }];
  if (rarityColumns.some((column) => table.columns[column] !== undefined)) {
    results.push({ name: 'Rarity of name and folder', kind: 'rarity', metrics: evaluate(rarityScores(table, split.train, split.test)) });
  }
  for (const column of options.columns ?? presentColumns(table)) {
    const coded = table.columns[column];
    if (coded === undefined) continue;
    const scores = valueRateScores(coded.codes, split.train, (row) => table.label[row] === 1, split.test, options.smoothing);
    results.push({ name: `${column} alone`, kind: 'single-feature', feature: column, metrics: evaluate(scores) });
  }
  return results;
}
