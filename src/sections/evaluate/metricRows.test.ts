import { describe, expect, it } from 'vitest';
import { baselineLabel, comparisonRows, formatComparison, formatMetric, metricTableRows, settingsDifferences, testMetricColumns } from './metricRows';
import { defaultConfig, epochLog, evaluationOf, metricsOf, runOf } from './testRuns';

const network = metricsOf({ accuracy: 0.99, precision: 0.98, recall: 1, f1: 0.99, rocAuc: 0.999, prAuc: 0.997 });
const majority = metricsOf({ accuracy: 0.5, precision: Number.NaN, recall: 0, f1: 0, rocAuc: 0.5, prAuc: 0.5 });
const hourOnly = metricsOf({ accuracy: 0.97, precision: 0.95, recall: 0.99, f1: 0.97, rocAuc: 0.985, prAuc: 0.97 });

describe('test metrics table', () => {
  const evaluation = evaluationOf(network, {
    baselines: [
      { name: 'Majority class', kind: 'majority', metrics: majority },
      { name: 'hour alone', kind: 'single-feature', feature: 'hour', metrics: hourOnly },
    ],
  });

  it('puts the network first, then each baseline with a readable heading', () => {
    expect(testMetricColumns(evaluation).map((c) => [c.label, c.isNetwork])).toEqual([
      ['Network', true],
      ['Majority class', false],
      ['hour only', false],
    ]);
    expect(baselineLabel({ name: 'Rarity of name and folder', kind: 'rarity', metrics: majority })).toBe('Rarity (name, folder)');
  });

  it('lists six metrics in order with a value per column', () => {
    const rows = metricTableRows(testMetricColumns(evaluation));
    expect(rows.map((r) => r.label)).toEqual(['Accuracy', 'Precision', 'Recall', 'F1', 'ROC AUC', 'PR AUC']);
    expect(rows[4]?.values).toEqual([0.999, 0.5, 0.985]);
    expect(rows[1]?.values[1]).toBeNaN();
  });

  it('marks baselines within 0.02 of the network as rivals', () => {
    const rows = metricTableRows(testMetricColumns(evaluation));
    // ROC AUC: hour only 0.985 ≥ 0.999 − 0.02 = 0.979; majority 0.5 is not.
    expect(rows[4]?.rivalsNetwork).toEqual([false, false, true]);
    // PR AUC: 0.97 < 0.997 − 0.02 = 0.977.
    expect(rows[5]?.rivalsNetwork).toEqual([false, false, false]);
    // Recall: majority 0 vs 1; hour only 0.99 ≥ 0.98.
    expect(rows[2]?.rivalsNetwork).toEqual([false, false, true]);
  });

  it('formats metrics with three decimals and undefined ones as a dash', () => {
    expect(formatMetric(0.98765)).toBe('0.988');
    expect(formatMetric(1)).toBe('1.000');
    expect(formatMetric(Number.NaN)).toBe('—');
  });
});

describe('run comparison', () => {
  const withoutHour = { ...defaultConfig, features: defaultConfig.features.map((f) => (f.column === 'hour' ? { ...f, treatment: 'off' as const } : f)) };
  const first = runOf(1, defaultConfig, evaluationOf(network), [epochLog(0, 0.6), epochLog(1, 0.2)]);
  const second = runOf(2, withoutHour, evaluationOf(metricsOf({ accuracy: 0.8, precision: 0.7, recall: 0.9, f1: 0.79, rocAuc: 0.86, prAuc: 0.8, count: 80 })), [
    epochLog(0, 0.7),
    epochLog(1, 0.55),
    epochLog(2, 0.5),
  ]);
  const running = runOf(3, { ...defaultConfig, split: 'time' }, null, [epochLog(0, 0.65)]);

  it('has rows of metrics with one column per run', () => {
    const rows = comparisonRows([first, second]);
    expect(rows.map((r) => r.label)).toEqual([
      'Accuracy',
      'Precision',
      'Recall',
      'F1',
      'ROC AUC',
      'PR AUC',
      'Test rows',
      'Epochs run',
      'Final validation loss',
    ]);
    expect(rows.find((r) => r.label === 'ROC AUC')?.values).toEqual([0.999, 0.86]);
    expect(rows.find((r) => r.label === 'Test rows')?.values).toEqual([100, 80]);
    expect(rows.find((r) => r.label === 'Epochs run')?.values).toEqual([2, 3]);
    expect(rows.find((r) => r.label === 'Final validation loss')?.values).toEqual([0.2, 0.5]);
  });

  it('shows a run still training as missing metrics but its epochs so far', () => {
    const rows = comparisonRows([first, running]);
    expect(rows.find((r) => r.label === 'ROC AUC')?.values[1]).toBeNaN();
    expect(rows.find((r) => r.label === 'Epochs run')?.values[1]).toBe(1);
    expect(formatComparison(Number.NaN, 'metric')).toBe('—');
    expect(formatComparison(0.65, 'loss')).toBe('0.6500');
    expect(formatComparison(80, 'count')).toBe('80');
  });

  it('lists only the settings that differ', () => {
    expect(settingsDifferences([defaultConfig, withoutHour])).toEqual([{ setting: 'hour', values: ['one-hot', 'off'] }]);
    expect(settingsDifferences([defaultConfig, withoutHour, running.config])).toEqual([
      { setting: 'Split', values: ['random, stratified by class', 'random, stratified by class', 'time-based (latest events are the test set)'] },
      { setting: 'hour', values: ['one-hot', 'off', 'one-hot'] },
    ]);
    expect(settingsDifferences([defaultConfig, defaultConfig])).toEqual([]);
  });

  it('spells out model settings that differ', () => {
    const smaller = { ...defaultConfig, model: { ...defaultConfig.model, hiddenLayers: [{ units: 16, activation: 'relu' as const }], epochs: 5 } };
    expect(settingsDifferences([defaultConfig, smaller])).toEqual([
      { setting: 'Hidden layers', values: ['128 relu, 64 relu', '16 relu'] },
      { setting: 'Epochs', values: ['10', '5'] },
    ]);
  });
});
