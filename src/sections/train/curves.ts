import { baseLayout, GRID, PAGE_STYLE } from '../../charts/palette';
import type { Datum, Layout, ScatterTrace } from '../../charts/plotly';
import type { EpochLog } from '../../ml/train';
import { formatMetric } from './runText';

/** One line of a live chart: its name, colour and the value it takes from an epoch's log. */
export interface CurveSpec {
  readonly name: string;
  readonly color: string;
  readonly dash: 'solid' | 'dot';
  readonly value: (log: EpochLog) => number;
}

/** A live chart: title (also the accessible name of its data table), axis and lines. */
export interface LiveChartSpec {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  readonly yTitle: string;
  /** Fixed y range for shares; losses scale to their data. */
  readonly yRange: readonly [number, number] | null;
  readonly curves: readonly CurveSpec[];
}

export const LOSS_CHART: LiveChartSpec = {
  id: 'training-loss',
  title: 'Training loss',
  note: 'Binary cross-entropy plus the L2 penalty, per epoch; validation loss rising while loss falls means overfitting.',
  yTitle: 'Loss',
  yRange: null,
  curves: [
    { name: 'Loss', color: '#0072B2', dash: 'solid', value: (log) => log.loss },
    { name: 'Validation loss', color: '#D55E00', dash: 'dot', value: (log) => log.valLoss },
  ],
};

export const METRICS_CHART: LiveChartSpec = {
  id: 'training-metrics',
  title: 'Training metrics',
  note: 'Accuracy on the training batches; everything else on the validation split (precision and recall at score ≥ 0.5, ROC AUC).',
  yTitle: 'Share',
  yRange: [0, 1.02],
  curves: [
    { name: 'Accuracy', color: '#0072B2', dash: 'solid', value: (log) => log.accuracy },
    { name: 'Validation accuracy', color: '#56B4E9', dash: 'dot', value: (log) => log.valAccuracy },
    { name: 'Precision', color: '#009E73', dash: 'solid', value: (log) => log.precision },
    { name: 'Recall', color: '#E69F00', dash: 'solid', value: (log) => log.recall },
    { name: 'AUC', color: '#CC79A7', dash: 'solid', value: (log) => log.auc },
  ],
};

/** Empty traces to draw first; points arrive by extendTraces. */
export function emptyTraces(spec: LiveChartSpec): ScatterTrace[] {
  return spec.curves.map((curve) => ({
    type: 'scatter',
    mode: 'lines+markers',
    name: curve.name,
    x: [],
    y: [],
    line: { color: curve.color, width: 2, dash: curve.dash },
    marker: { color: curve.color, size: 5 },
  }));
}

/** Whole-number epoch ticks, about ten at most. */
export function epochTickStep(epochs: number): number {
  const rough = Math.max(1, Math.ceil(epochs / 10));
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough);
  return step ?? rough;
}

/**
 * The chart's layout: x spans every planned epoch from the start (so live points do not make the
 * axis jump), ticked in whole epochs; y as the spec says.
 */
export function liveLayout(spec: LiveChartSpec, epochs: number): Layout {
  const base = baseLayout(PAGE_STYLE);
  return {
    ...base,
    height: 280,
    margin: { l: 56, r: 16, t: 36, b: 44, pad: 4 },
    xaxis: {
      title: { text: 'Epoch' },
      range: [0.5, Math.max(1, epochs) + 0.5],
      tickmode: 'linear',
      tick0: 0,
      dtick: epochTickStep(epochs),
      gridcolor: GRID,
      zeroline: false,
    },
    yaxis: {
      title: { text: spec.yTitle },
      gridcolor: GRID,
      zeroline: false,
      ...(spec.yRange ? { range: [spec.yRange[0], spec.yRange[1]] } : { rangemode: 'tozero' as const }),
    },
    hovermode: 'x unified',
  };
}

/** New points for extendTraces: one x and one y array per curve, epochs counted from 1. */
export function pointsOf(spec: LiveChartSpec, logs: readonly EpochLog[]): { x: Datum[][]; y: Datum[][]; indices: number[] } {
  return {
    x: spec.curves.map(() => logs.map((log) => log.epoch + 1)),
    y: spec.curves.map((curve) => logs.map((log) => curve.value(log))),
    indices: spec.curves.map((_, index) => index),
  };
}

/** The chart's data table: header row `Epoch` + curve names, then one row per epoch (4 decimals). */
export function curveTable(spec: LiveChartSpec, logs: readonly EpochLog[]): { columns: string[]; rows: string[][] } {
  return {
    columns: ['Epoch', ...spec.curves.map((curve) => curve.name)],
    rows: logs.map((log) => [String(log.epoch + 1), ...spec.curves.map((curve) => formatMetric(curve.value(log)))]),
  };
}
