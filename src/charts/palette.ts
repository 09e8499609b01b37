/**
 * Colours and type shared by every chart, chosen to stay apart for colour-blind viewers
 * (Okabe–Ito blue and vermillion) and to read on a projector.
 */
import { Label, type LabelCode } from '../frame/frame';
import type { Layout } from './plotly';

/** One class of events as the charts draw it. */
export interface LabelSeries {
  label: LabelCode;
  name: string;
  color: string;
}

/** Drawing order of the classes, also the column order of the data tables. */
export const LABEL_SERIES: readonly LabelSeries[] = [
  { label: Label.KnownGood, name: 'Known good', color: '#0072B2' },
  { label: Label.KnownBad, name: 'Known bad', color: '#D55E00' },
  { label: Label.Unlabelled, name: 'Unlabelled', color: '#8A8F98' },
];

/** Single-hue sequential scale (white to dark blue) for counts in heat maps. */
export const COUNT_COLORSCALE: [number, string][] = [
  [0, '#f7fbff'],
  [0.25, '#c6dbef'],
  [0.5, '#6baed6'],
  [0.75, '#2171b5'],
  [1, '#08306b'],
];

export const INK = '#1b1f24';
export const GRID = '#e3e6ea';
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** Type size of a chart: the page's, or a presenter's. */
export interface ChartStyle {
  fontSize: number;
}

export const PAGE_STYLE: ChartStyle = { fontSize: 13 };
export const PRESENTER_STYLE: ChartStyle = { fontSize: 22 };

/** The layout every chart starts from. */
export function baseLayout(style: ChartStyle): Layout {
  return {
    font: { family: FONT_FAMILY, size: style.fontSize, color: INK },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    margin: { l: 10, r: 20, t: Math.round(style.fontSize * 2.6), b: 10, pad: 4 },
    legend: { orientation: 'h', x: 0, y: 1.02, xanchor: 'left', yanchor: 'bottom', font: { size: style.fontSize } },
    hoverlabel: { font: { family: FONT_FAMILY, size: style.fontSize }, align: 'left' },
    hovermode: 'closest',
    autosize: true,
  };
}
