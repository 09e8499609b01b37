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

/**
 * Axis settings every chart shares. Plotly's `automargin`, its tick-label overflow check and its
 * automatic tick angle each measure every tick label in the DOM (getBoundingClientRect), and a
 * margin that moves redraws the whole chart: together most of a draw, hundreds of milliseconds
 * per chart on a 1M-event page (issue 14). Charts size their margins with fittedMargin instead.
 */
export const MEASURE_FREE_AXIS = { automargin: false, ticklabeloverflow: 'allow', tickangle: 0 } as const;

/**
 * A heatmap's colour bar checks its tick labels against the chart's edges after placing each one,
 * measuring every label in the DOM each time: on a page holding a loaded capture, a third of a
 * full-screen heatmap's draw. colorbarRoom reserves the labels' room, so none overflows.
 */
export const MEASURE_FREE_COLORBAR = { ticklabeloverflow: 'allow' } as const;

/** Width in pixels of `characters` characters of chart text: 0.62 em each covers digits and most capitals. */
export function textWidth(characters: number, fontSize: number): number {
  return Math.ceil(characters * fontSize * 0.62);
}

/** What a chart's margins must hold. */
export interface MarginNeeds {
  /** Characters of the longest left (y) tick label. */
  leftCharacters: number;
  /** The y axis has a title (rotated, left of the tick labels). */
  hasLeftTitle: boolean;
  /** The x axis has a title under its tick labels. */
  hasBottomTitle: boolean;
  /** Pixels right of the plot (a colour bar, text beside the longest bar). */
  right?: number;
}

/**
 * Margins that hold the tick labels and axis titles without Plotly measuring them; `autoexpand`
 * off so a legend or colour bar never moves them (which would redraw the chart once more).
 */
export function fittedMargin(style: ChartStyle, needs: MarginNeeds): NonNullable<Layout['margin']> {
  const line = Math.ceil(style.fontSize * 1.5);
  return {
    l: 12 + textWidth(needs.leftCharacters, style.fontSize) + (needs.hasLeftTitle ? line + 6 : 0),
    r: needs.right ?? 20,
    t: Math.round(style.fontSize * 2.6),
    b: 10 + line + (needs.hasBottomTitle ? line + 4 : 0),
    pad: 4,
    autoexpand: false,
  };
}

/** Room right of a heatmap for its colour bar: the bar, its widest tick label and its title. */
export function colorbarRoom(style: ChartStyle, largest: number, thickness: number, title: string): number {
  // Digits plus thousands separators, counted rather than formatted: the first toLocaleString of a page costs tens of milliseconds.
  const digits = String(Math.max(1, Math.round(largest))).length;
  const tickCharacters = digits + Math.floor((digits - 1) / 3);
  return 16 + Math.max(thickness + 8 + textWidth(tickCharacters, style.fontSize), textWidth(title.length, style.fontSize));
}

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
