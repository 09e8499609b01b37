import { describe, expect, it } from 'vitest';
import type { BaselineResult } from './baselines';
import { detectLeakage, duplicateShare, histogramOverlap, timeRangeOverlap } from './leakage';
import { classificationMetrics } from './metrics';
import { numberedVocabulary, tableOf } from '../test-support/tfjsTestBackend';
import type { FeatureColumnId } from './types';

const hours = numberedVocabulary(24);

/** 40 rows, alternating labels, both classes at every hour and time, every name unique. */
function cleanTable(): ReturnType<typeof tableOf> {
  const n = 40;
  return tableOf({
    label: Array.from({ length: n }, (_, i) => i % 2),
    timeMs: Array.from({ length: n }, (_, i) => i * 1000),
    columns: {
      hour: { codes: Array.from({ length: n }, (_, i) => Math.floor(i / 2) % 24), vocabulary: hours },
      name: { codes: Array.from({ length: n }, (_, i) => i), vocabulary: numberedVocabulary(n) },
    },
  });
}
const cleanSplit = {
  train: Uint32Array.from({ length: 30 }, (_, i) => i),
  validation: new Uint32Array(0),
  test: Uint32Array.from({ length: 10 }, (_, i) => 30 + i),
};

function singleFeature(feature: FeatureColumnId, auc: number): BaselineResult {
  return { name: `${feature} alone`, kind: 'single-feature', feature, metrics: { ...classificationMetrics([1, 0], [1, 0]), rocAuc: auc } };
}

describe('detectLeakage', () => {
  it('finds nothing in a table without leaks', () => {
    expect(detectLeakage({ table: cleanTable(), split: cleanSplit, baselines: [singleFeature('hour', 0.6)] })).toEqual([]);
  });

  it('flags a near-perfect test score and blames a strong single feature', () => {
    const testMetrics = { ...classificationMetrics([1, 0], [1, 0]), rocAuc: 0.995 };
    const [finding] = detectLeakage({ table: cleanTable(), split: cleanSplit, testMetrics, baselines: [singleFeature('hour', 0.93)] });
    expect(finding).toEqual({
      kind: 'near-perfect-score',
      feature: 'hour',
      message: "The model's test ROC AUC is 0.995: a near-perfect score on process telemetry almost always means a leak, most likely through hour.",
      remedy: { kind: 'drop-feature', feature: 'hour' },
    });
  });

  it('suggests another split for a near-perfect score without a culprit', () => {
    const testMetrics = { ...classificationMetrics([1, 0], [1, 0]), rocAuc: 0.99 };
    const random = detectLeakage({ table: cleanTable(), split: cleanSplit, testMetrics });
    expect(random.map((finding) => finding.remedy)).toEqual([{ kind: 'split', split: 'group-name' }]);
    const grouped = detectLeakage({ table: cleanTable(), split: cleanSplit, testMetrics, splitKind: 'group-name' });
    expect(grouped.map((finding) => finding.remedy)).toEqual([{ kind: 'split', split: 'time' }]);
    expect(detectLeakage({ table: cleanTable(), split: cleanSplit, testMetrics: { ...testMetrics, rocAuc: 0.989 } })).toEqual([]);
  });

  it('flags every active feature whose single-feature baseline reaches 0.98', () => {
    const baselines = [singleFeature('hour', 0.981), singleFeature('name', 0.979)];
    const findings = detectLeakage({ table: cleanTable(), split: cleanSplit, baselines });
    expect(findings).toEqual([
      {
        kind: 'single-feature',
        feature: 'hour',
        message: 'hour alone separates known-bad from known-good with test ROC AUC 0.981, so the label leaks through hour.',
        remedy: { kind: 'drop-feature', feature: 'hour' },
      },
    ]);
    expect(detectLeakage({ table: cleanTable(), split: cleanSplit, baselines, activeColumns: ['name'] })).toEqual([]);
  });

  it('flags class time ranges that barely overlap', () => {
    // Good 0–100 s, bad 95–200 s: 5 s shared of the shorter 100 s range = 5%.
    const table = tableOf({
      label: [0, 0, 1, 1],
      timeMs: [0, 100_000, 95_000, 200_000],
      columns: { name: { codes: [0, 1, 2, 3], vocabulary: numberedVocabulary(4) } },
    });
    expect(timeRangeOverlap(table)?.overlap).toBeCloseTo(0.05, 12);
    const split = { train: Uint32Array.from([0, 2]), validation: new Uint32Array(0), test: Uint32Array.from([1, 3]) };
    const [finding] = detectLeakage({ table, split });
    expect(finding?.kind).toBe('time-ranges-disjoint');
    expect(finding?.message).toBe(
      'Known-good events span 1970-01-01 00:00:00Z to 1970-01-01 00:01:40Z and known-bad events span 1970-01-01 00:01:35Z to 1970-01-01 00:03:20Z, overlapping 5.0% of the shorter range, so anything tied to capture time can leak the label.',
    );
    expect(finding?.remedy).toEqual({ kind: 'split', split: 'time' });
    const halfOverlap = tableOf({ label: [0, 0, 1, 1], timeMs: [0, 100, 50, 200] });
    expect(timeRangeOverlap(halfOverlap)?.overlap).toBe(0.5);
  });

  it('flags disjoint hour histograms and names the hour', () => {
    // Good at hours 9 and 10, bad at 9 (1 of 10) and 2 (9 of 10): overlap min(0.5, 0.1) = 10%.
    const label = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const hourCodes = [9, 9, 10, 10, 9, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    const table = tableOf({ label, timeMs: label.map((_, i) => i), columns: { hour: { codes: hourCodes, vocabulary: hours } } });
    expect(histogramOverlap(table, table.columns.hour?.codes ?? new Int32Array(0), 24)).toBeCloseTo(0.1, 12);
    const split = { train: Uint32Array.from(label.map((_, i) => i)), validation: new Uint32Array(0), test: new Uint32Array(0) };
    const findings = detectLeakage({ table, split }).filter((finding) => finding.kind === 'hour-weekday-disjoint');
    expect(findings).toEqual([
      {
        kind: 'hour-weekday-disjoint',
        feature: 'hour',
        message: 'Known-good and known-bad hour histograms overlap only 10.0%, so hour reveals when each class was captured and leaks the label.',
        remedy: { kind: 'drop-feature', feature: 'hour' },
      },
    ]);
  });

  it('flags hour and weekday that only together split the classes', () => {
    // Good: Monday 09h. Bad: Sunday 09h or Monday 02h. Each column alone overlaps 50%, jointly 0%.
    const label = [0, 0, 1, 1];
    const table = tableOf({
      label,
      timeMs: [0, 3, 1, 2],
      columns: {
        hour: { codes: [9, 9, 9, 2], vocabulary: hours },
        weekday: { codes: [1, 1, 0, 1], vocabulary: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] },
      },
    });
    const split = { train: Uint32Array.from([0, 1, 2, 3]), validation: new Uint32Array(0), test: new Uint32Array(0) };
    const findings = detectLeakage({ table, split, baselines: [singleFeature('hour', 0.7), singleFeature('weekday', 0.75)] });
    expect(findings).toEqual([
      {
        kind: 'hour-weekday-disjoint',
        feature: 'weekday',
        message:
          'Known-good and known-bad hour × weekday histograms overlap only 0.0%, so hour and weekday together reveal when each class was captured and leak the label (weekday first).',
        remedy: { kind: 'drop-feature', feature: 'weekday' },
      },
    ]);
    expect(detectLeakage({ table, split, activeColumns: ['hour'] })).toEqual([]);
  });

  it('flags test rows that repeat training feature rows', () => {
    const table = cleanTable();
    // Copy the codes of training rows 0 and 1 into test rows 30 and 31: 2 of 10 test rows.
    for (const column of [table.columns.hour, table.columns.name]) {
      if (column === undefined) continue;
      column.codes[30] = column.codes[0] ?? 0;
      column.codes[31] = column.codes[1] ?? 0;
    }
    expect(duplicateShare(table, cleanSplit, ['hour', 'name'])).toBe(0.2);
    expect(detectLeakage({ table, split: cleanSplit })).toEqual([
      {
        kind: 'duplicate-rows',
        message:
          '20.0% of test rows have an identical feature row (hour, name) in training, so the test score rewards memorisation — a leak between train and test.',
        remedy: { kind: 'split', split: 'group-name' },
      },
    ]);
    // A share equal to the limit is not above it.
    expect(detectLeakage({ table, split: cleanSplit, thresholds: { duplicateShare: 0.2 } })).toEqual([]);
  });

  it('flags a column that tells synthetic from real known-bad rows', () => {
    const table = cleanTable();
    const synthetic = table.synthetic;
    const folder = new Int32Array(table.size);
    // Bad rows alternate synthetic/real; synthetic ones always come from folder 1, real ones from folder 0.
    for (let row = 1; row < table.size; row += 2) {
      const isSynthetic = (row - 1) % 4 === 0;
      synthetic[row] = isSynthetic ? 1 : 0;
      folder[row] = isSynthetic ? 1 : 0;
    }
    const withFolder = { ...table, columns: { ...table.columns, folder: { codes: folder, vocabulary: ['c:\\windows', 'c:\\temp'] } } };
    const findings = detectLeakage({ table: withFolder, split: cleanSplit }).filter((finding) => finding.kind === 'synthetic-separable');
    expect(findings).toEqual([
      {
        kind: 'synthetic-separable',
        feature: 'folder',
        message:
          'Synthetic known-bad rows differ from real known-bad rows by folder alone (ROC AUC 1.000), so the model can learn the generator instead of the attacks — a leak from how the bad examples were made.',
        remedy: { kind: 'drop-feature', feature: 'folder' },
      },
    ]);
    // Without any synthetic row the rule stays silent.
    synthetic.fill(0);
    expect(detectLeakage({ table: withFolder, split: cleanSplit }).filter((finding) => finding.kind === 'synthetic-separable')).toEqual([]);
  });
});
