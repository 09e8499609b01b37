import { describe, expect, it } from 'vitest';
import type { ScatterTrace, Trace } from '../../charts/plotly';
import { alertsFigure, lossFigure, prPoint, rocFigure, rocPoint } from './evaluateCharts';

function isScatter(trace: Trace | undefined): trace is ScatterTrace {
  return trace?.type === 'scatter';
}

describe('threshold points', () => {
  const confusion = { truePositives: 8, falsePositives: 3, trueNegatives: 27, falseNegatives: 2 };
  it('puts the threshold at (FPR, TPR) and (recall, precision)', () => {
    expect(rocPoint(confusion)).toEqual({ x: 3 / 30, y: 8 / 10 });
    expect(prPoint(confusion)).toEqual({ x: 8 / 10, y: 8 / 11 });
  });
  it('has no point when a rate is undefined', () => {
    expect(rocPoint({ truePositives: 0, falsePositives: 3, trueNegatives: 7, falseNegatives: 0 })).toBeNull();
    expect(prPoint({ truePositives: 0, falsePositives: 0, trueNegatives: 7, falseNegatives: 4 })).toBeNull();
  });
});

describe('figures', () => {
  it('draws chance, the curve and the threshold marker on the ROC chart', () => {
    const figure = rocFigure({ x: [0, 0.1, 1], y: [0, 0.9, 1] }, 0.955, { truePositives: 9, falsePositives: 1, trueNegatives: 9, falseNegatives: 1 }, 0.5);
    expect(figure.data.map((t) => t.name)).toEqual(['chance', 'network (AUC 0.955)', 'threshold 0.50']);
    const marker = figure.data[2];
    expect(isScatter(marker) ? [marker.x, marker.y] : null).toEqual([[0.1], [0.9]]);
  });

  it('escapes run labels in the loss overlay', () => {
    const figure = lossFigure([{ label: 'Run <b>1</b>', epochs: [1, 2], valLoss: [0.4, 0.3] }]);
    const trace = figure.data[0];
    expect(trace?.name).toBe('Run &lt;b&gt;1&lt;/b&gt;');
    expect(isScatter(trace) ? trace.y : null).toEqual([0.4, 0.3]);
  });

  it('plots alerts per UTC date', () => {
    const figure = alertsFigure([
      { dayStartMs: Date.UTC(2024, 5, 3), events: 10, alerts: 4 },
      { dayStartMs: Date.UTC(2024, 5, 4), events: 12, alerts: 1 },
    ]);
    const bars = figure.data[0];
    expect(bars?.type === 'bar' ? [bars.x, bars.y] : null).toEqual([
      ['2024-06-03', '2024-06-04'],
      [4, 1],
    ]);
    expect(figure.layout?.xaxis?.type).toBe('category');
  });
});
