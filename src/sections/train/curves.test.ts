import { describe, expect, it } from 'vitest';
import type { EpochLog } from '../../ml/train';
import { curveTable, emptyTraces, epochTickStep, liveLayout, LOSS_CHART, METRICS_CHART, pointsOf } from './curves';

const logs: EpochLog[] = [
  { epoch: 0, loss: 0.693147, accuracy: 0.5, valLoss: 0.61234, valAccuracy: 0.55, precision: 0.25, recall: 1, auc: 0.75 },
  { epoch: 1, loss: 0.40005, accuracy: 0.8, valLoss: Number.NaN, valAccuracy: Number.NaN, precision: Number.NaN, recall: Number.NaN, auc: Number.NaN },
];

describe('curveTable', () => {
  it('lists epochs from 1 with losses to 4 decimals and a dash for undefined values', () => {
    expect(curveTable(LOSS_CHART, logs)).toEqual({
      columns: ['Epoch', 'Loss', 'Validation loss'],
      rows: [
        ['1', '0.6931', '0.6123'],
        ['2', '0.4001', '—'],
      ],
    });
  });

  it('has a column per metric', () => {
    expect(curveTable(METRICS_CHART, logs.slice(0, 1))).toEqual({
      columns: ['Epoch', 'Accuracy', 'Validation accuracy', 'Precision', 'Recall', 'AUC'],
      rows: [['1', '0.5000', '0.5500', '0.2500', '1.0000', '0.7500']],
    });
  });
});

describe('pointsOf', () => {
  it('gives one x and y array per curve for extendTraces', () => {
    expect(pointsOf(LOSS_CHART, logs.slice(0, 1))).toEqual({ x: [[1], [1]], y: [[0.693147], [0.61234]], indices: [0, 1] });
    expect(emptyTraces(METRICS_CHART).map((trace) => trace.name)).toEqual(['Accuracy', 'Validation accuracy', 'Precision', 'Recall', 'AUC']);
  });
});

describe('liveLayout', () => {
  it('spans the planned epochs with whole-number ticks', () => {
    expect(liveLayout(LOSS_CHART, 2).xaxis).toMatchObject({ range: [0.5, 2.5], dtick: 1 });
    expect(liveLayout(METRICS_CHART, 50).xaxis).toMatchObject({ range: [0.5, 50.5], dtick: 5 });
    expect(liveLayout(METRICS_CHART, 50).yaxis).toMatchObject({ range: [0, 1.02] });
  });
  it('steps ticks 1, 2, 5, 10… for about ten ticks', () => {
    expect([1, 10, 11, 20, 21, 50, 51, 100, 101, 300, 1000].map(epochTickStep)).toEqual([1, 1, 2, 2, 5, 5, 10, 10, 20, 50, 100]);
  });
});
