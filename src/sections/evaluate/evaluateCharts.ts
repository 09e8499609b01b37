/**
 * Plotly figures of the Evaluate cell: ROC and precision–recall curves with the current
 * threshold marked, validation loss of compared runs, and alerts per day. Pure functions, so the
 * figures are tested in Node; every text that may come from a capture or a label is escaped.
 */
import { escapeForPlotly } from '../../charts/escapeForPlotly';
import { baseLayout, GRID, LABEL_SERIES, PAGE_STYLE } from '../../charts/palette';
import type { Figure, Layout, ScatterTrace } from '../../charts/plotly';
import type { Confusion } from '../../ml/metrics';
import type { CurvePoints } from '../../worker/trainProtocol';
import { dayLabel, type DayAlerts } from './alertsPerDay';
import type { LossSeries } from './evaluateView';

const CHART_HEIGHT = 300;
const CURVE_COLOR = LABEL_SERIES[0]?.color ?? '#0072B2';
const MARK_COLOR = LABEL_SERIES[1]?.color ?? '#D55E00';
const CHANCE_COLOR = '#8A8F98';
/** Okabe–Ito colours for up to eight overlaid runs. */
const RUN_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** The chart's heading is HTML above it (see chartTitle), so the legend can use the top. */
function layout(xTitle: string, yTitle: string, extra: Layout = {}): Layout {
  return {
    ...baseLayout(PAGE_STYLE),
    height: CHART_HEIGHT,
    xaxis: { title: { text: xTitle }, automargin: true, gridcolor: GRID, zeroline: false },
    yaxis: { title: { text: yTitle }, automargin: true, gridcolor: GRID, zeroline: false },
    ...extra,
  };
}

const unitAxes = (x: string, y: string): Layout => ({
  xaxis: { title: { text: x }, range: [0, 1], automargin: true, gridcolor: GRID, zeroline: false },
  yaxis: { title: { text: y }, range: [0, 1.02], automargin: true, gridcolor: GRID, zeroline: false },
});

/** Where the threshold sits on the ROC curve (false-, true-positive rate); null when undefined. */
export function rocPoint(confusion: Confusion): { x: number; y: number } | null {
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = confusion;
  if (tp + fn === 0 || fp + tn === 0) return null;
  return { x: fp / (fp + tn), y: tp / (tp + fn) };
}

/** Where the threshold sits on the PR curve (recall, precision); null when nothing is flagged. */
export function prPoint(confusion: Confusion): { x: number; y: number } | null {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusion;
  if (tp + fn === 0 || tp + fp === 0) return null;
  return { x: tp / (tp + fn), y: tp / (tp + fp) };
}

function thresholdMarker(point: { x: number; y: number } | null, threshold: number): ScatterTrace[] {
  if (point === null) return [];
  return [
    {
      type: 'scatter',
      mode: 'markers',
      name: `threshold ${threshold.toFixed(2)}`,
      x: [point.x],
      y: [point.y],
      marker: { color: MARK_COLOR, size: 11, symbol: 'diamond' },
      hovertemplate: `threshold ${threshold.toFixed(2)}<br>%{x:.3f}, %{y:.3f}<extra></extra>`,
    },
  ];
}

/** The ROC curve of the test rows, the chance diagonal and the threshold's point. */
export function rocFigure(curve: CurvePoints, auc: number, confusion: Confusion, threshold: number): Figure {
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: 'chance', x: [0, 1], y: [0, 1], line: { color: CHANCE_COLOR, dash: 'dot', width: 1 }, hoverinfo: 'skip' },
      {
        type: 'scatter',
        mode: 'lines',
        name: `network (AUC ${Number.isFinite(auc) ? auc.toFixed(3) : '—'})`,
        x: [...curve.x],
        y: [...curve.y],
        line: { color: CURVE_COLOR, width: 2 },
        hovertemplate: 'false-positive rate %{x:.3f}<br>true-positive rate %{y:.3f}<extra></extra>',
      },
      ...thresholdMarker(rocPoint(confusion), threshold),
    ],
    layout: layout('False-positive rate', 'True-positive rate (recall)', unitAxes('False-positive rate', 'True-positive rate (recall)')),
  };
}

/** The precision–recall curve, the share of known bad among test rows, and the threshold's point. */
export function prFigure(curve: CurvePoints, auc: number, badShare: number, confusion: Confusion, threshold: number): Figure {
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'chance',
        x: [0, 1],
        y: [badShare, badShare],
        line: { color: CHANCE_COLOR, dash: 'dot', width: 1 },
        hoverinfo: 'skip',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `network (AUC ${Number.isFinite(auc) ? auc.toFixed(3) : '—'})`,
        x: [...curve.x],
        y: [...curve.y],
        line: { color: CURVE_COLOR, width: 2 },
        hovertemplate: 'recall %{x:.3f}<br>precision %{y:.3f}<extra></extra>',
      },
      ...thresholdMarker(prPoint(confusion), threshold),
    ],
    layout: layout('Recall', 'Precision', unitAxes('Recall', 'Precision')),
  };
}

/** Validation loss per epoch of each compared run, one colour per run. */
export function lossFigure(series: readonly LossSeries[]): Figure {
  return {
    data: series.map((run, i) => ({
      type: 'scatter',
      mode: 'lines+markers',
      name: escapeForPlotly(run.label),
      x: [...run.epochs],
      y: [...run.valLoss],
      line: { color: RUN_COLORS[i % RUN_COLORS.length] ?? CURVE_COLOR, width: 2 },
      marker: { size: 5 },
      hovertemplate: `${escapeForPlotly(run.label)}<br>epoch %{x}: %{y:.4f}<extra></extra>`,
    })),
    layout: layout('Epoch', 'Validation loss', { xaxis: { title: { text: 'Epoch' }, dtick: 1, automargin: true, gridcolor: GRID } }),
  };
}

/** Alerts per UTC day at a threshold. */
export function alertsFigure(days: readonly DayAlerts[]): Figure {
  return {
    data: [
      {
        type: 'bar',
        name: 'alerts',
        x: days.map((day) => dayLabel(day.dayStartMs)),
        y: days.map((day) => day.alerts),
        marker: { color: MARK_COLOR },
        hovertemplate: '%{x}: %{y} alerts<extra></extra>',
      },
    ],
    layout: layout('Day (UTC)', 'Alerts', {
      xaxis: { title: { text: 'Day (UTC)' }, type: 'category', automargin: true },
      yaxis: { title: { text: 'Alerts' }, rangemode: 'tozero', automargin: true, gridcolor: GRID },
      showlegend: false,
      height: 240,
    }),
  };
}
