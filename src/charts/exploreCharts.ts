/**
 * Plotly figures and data tables for the Explore charts, built from the worker's
 * ExploreAggregate. Pure functions: the same aggregate gives the same figure, so they are
 * tested in Node and the component only draws what they return.
 */
import { WEEKDAY_NAMES } from '../lib/time';
import type { CategoryCount, ExploreAggregate, FrameFilter } from '../frame/query';
import { formatCount, formatPercent } from '../lib/format';
import { escapeForPlotly, plotlyLabel } from './escapeForPlotly';
import {
  baseLayout,
  colorbarRoom,
  COUNT_COLORSCALE,
  fittedMargin,
  GRID,
  LABEL_SERIES,
  MEASURE_FREE_AXIS,
  MEASURE_FREE_COLORBAR,
  type ChartStyle,
  type LabelSeries,
} from './palette';
import type { BarTrace, ClickPoint, Figure, Layout, ScatterTrace, Trace } from './plotly';

/** The Explore charts, in page (and presenter) order. */
export const EXPLORE_CHART_IDS = ['active-hours', 'weekdays', 'hour-weekday', 'top-names', 'top-paths'] as const;
export type ExploreChartId = (typeof EXPLORE_CHART_IDS)[number];

/** What a chart figure needs besides the aggregate. */
export interface ChartContext {
  scale: 'count' | 'share';
  topN: number;
  /** e.g. `UTC` or `UTC+05:30`, for axis titles. */
  timeZone: string;
  style: ChartStyle;
  /** Fixed height in pixels; omitted to fill the container (presenter mode). */
  height?: number;
  /**
   * Plotly draws the class legend (exported images). On the page the panel shows it in HTML
   * (chartLegend) instead: Plotly measures a legend's every entry and reserves its margin on each draw.
   */
  drawsLegend?: boolean;
}

/** The visible title of a chart; headings, table names and exports all use it. */
export function chartTitle(id: ExploreChartId, topN: number): string {
  switch (id) {
    case 'active-hours':
      return 'Active hours';
    case 'weekdays':
      return 'Weekdays';
    case 'hour-weekday':
      return 'Hour × weekday';
    case 'top-names':
      return `Top ${topN} file names`;
    case 'top-paths':
      return `Top ${topN} file paths`;
  }
}

/** The classes present among the matched events, in drawing order. */
export function presentSeries(aggregate: ExploreAggregate): LabelSeries[] {
  return LABEL_SERIES.filter((series) => (aggregate.byLabel[series.label] ?? 0) > 0);
}

/** Hours 0–23; a fresh array each call, since Plotly may keep what it is given. */
function hours(): number[] {
  return Array.from({ length: 24 }, (_, hour) => hour);
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function withHeight(layout: Layout, context: ChartContext): Layout {
  return context.height === undefined ? layout : { ...layout, height: context.height };
}

/** Grouped bars per class over a categorical x axis (hours, weekdays). */
function classBars(
  aggregate: ExploreAggregate,
  context: ChartContext,
  x: (number | string)[],
  countsOf: (series: LabelSeries) => number[],
  describe: string,
): BarTrace[] {
  return presentSeries(aggregate).map((series) => {
    const counts = countsOf(series);
    const total = aggregate.byLabel[series.label] ?? 0;
    const className = series.name.toLowerCase();
    return {
      type: 'bar',
      name: series.name,
      x,
      y: context.scale === 'share' ? counts.map((count) => share(count, total)) : counts,
      marker: { color: series.color },
      customdata: counts.map((count) => [formatCount(count), formatPercent(share(count, total))]),
      hovertemplate: `<b>${series.name}</b><br>${describe}<br>%{customdata[0]} events (%{customdata[1]} of ${className} events)<extra></extra>`,
    };
  });
}

function valueAxisTitle(context: ChartContext): string {
  return context.scale === 'share' ? "Share of the class's events" : 'Events';
}

/** Characters of the longest tick label on a value axis: a whole percentage, or a count a little above the largest bar. */
function valueTickCharacters(traces: readonly BarTrace[], context: ChartContext): number {
  if (context.scale === 'share') return 4;
  let largest = 0;
  for (const trace of traces) for (const value of trace.y) if (typeof value === 'number' && value > largest) largest = value;
  return formatCount(Math.ceil(largest * 1.1)).length;
}

/** Margins of a class-bars chart: counts or shares left, one row of short category labels and a title below. */
function classBarsMargin(data: readonly BarTrace[], context: ChartContext): NonNullable<Layout['margin']> {
  return fittedMargin(context.style, { leftCharacters: valueTickCharacters(data, context), hasLeftTitle: true, hasBottomTitle: true });
}

/** Events per hour of day, one bar per class. */
export function activeHoursFigure(aggregate: ExploreAggregate, context: ChartContext): Figure {
  const base = baseLayout(context.style);
  const data = classBars(aggregate, context, hours(), (series) => aggregate.hourByLabel[series.label] ?? [], 'Hour %{x}');
  const layout: Layout = {
    ...base,
    barmode: 'group',
    bargap: 0.15,
    showlegend: context.drawsLegend === true && data.length > 0,
    margin: classBarsMargin(data, context),
    xaxis: {
      ...MEASURE_FREE_AXIS,
      title: { text: `Hour of day (${context.timeZone})` },
      tickmode: 'linear',
      tick0: 0,
      dtick: 1,
      range: [-0.5, 23.5],
      fixedrange: true,
    },
    yaxis: {
      ...MEASURE_FREE_AXIS,
      title: { text: valueAxisTitle(context) },
      tickformat: context.scale === 'share' ? '.0%' : ',d',
      rangemode: 'tozero',
      gridcolor: GRID,
      fixedrange: true,
    },
  };
  return { data, layout: withHeight(layout, context) };
}

/** Events per day of week (Sunday first), one bar per class. */
export function weekdaysFigure(aggregate: ExploreAggregate, context: ChartContext): Figure {
  const base = baseLayout(context.style);
  const data = classBars(aggregate, context, [...WEEKDAY_NAMES], (series) => aggregate.weekdayByLabel[series.label] ?? [], '%{x}');
  const layout: Layout = {
    ...base,
    barmode: 'group',
    bargap: 0.2,
    showlegend: context.drawsLegend === true && data.length > 0,
    margin: classBarsMargin(data, context),
    xaxis: { ...MEASURE_FREE_AXIS, title: { text: `Day of week (${context.timeZone})` }, type: 'category', fixedrange: true },
    yaxis: {
      ...MEASURE_FREE_AXIS,
      title: { text: valueAxisTitle(context) },
      tickformat: context.scale === 'share' ? '.0%' : ',d',
      rangemode: 'tozero',
      gridcolor: GRID,
      fixedrange: true,
    },
  };
  return { data, layout: withHeight(layout, context) };
}

const HEATMAP_BAR = 14;

/** Events per hour and weekday, all classes together. */
export function hourWeekdayFigure(aggregate: ExploreAggregate, context: ChartContext): Figure {
  const base = baseLayout(context.style);
  const data: Trace[] =
    aggregate.matchedRows === 0
      ? []
      : [
          {
            type: 'heatmap',
            z: aggregate.heatmap,
            x: hours(),
            y: [...WEEKDAY_NAMES],
            colorscale: COUNT_COLORSCALE,
            zmin: 0,
            xgap: 1,
            ygap: 1,
            colorbar: { ...MEASURE_FREE_COLORBAR, title: { text: 'Events' }, thickness: HEATMAP_BAR },
            hovertemplate: '%{y}, hour %{x}<br>%{z:,} events<extra></extra>',
          },
        ];
  let largest = 0;
  for (const row of aggregate.heatmap) for (const count of row) if (count > largest) largest = count;
  const layout: Layout = {
    ...base,
    showlegend: false,
    margin: fittedMargin(context.style, {
      leftCharacters: 3,
      hasLeftTitle: true,
      hasBottomTitle: true,
      right: colorbarRoom(context.style, largest, HEATMAP_BAR, 'Events'),
    }),
    xaxis: { ...MEASURE_FREE_AXIS, title: { text: `Hour of day (${context.timeZone})` }, tickmode: 'linear', tick0: 0, dtick: 2, fixedrange: true },
    yaxis: { ...MEASURE_FREE_AXIS, title: { text: 'Day of week' }, type: 'category', autorange: 'reversed', fixedrange: true },
  };
  return { data, layout: withHeight(layout, context) };
}

/** Which column of the aggregate a top-N chart draws. */
export type TopKind = 'name' | 'path';

function topItems(aggregate: ExploreAggregate, kind: TopKind): CategoryCount[] {
  return kind === 'name' ? aggregate.topNames : aggregate.topFolders;
}

/** Longest tick label on the page; the full text is in the hover and the table. */
const TICK_LENGTH = { name: 36, path: 52 } as const;

/**
 * Horizontal bars for the top names or folders, stacked by class, each labelled with its count
 * and its share of the matched events. Rows are placed at y = rank so that capture text is
 * only ever tick text (escaped), never a category key.
 */
export function topFigure(aggregate: ExploreAggregate, kind: TopKind, context: ChartContext): Figure {
  const items = topItems(aggregate, kind);
  const ranks = items.map((_, rank) => rank);
  const matched = aggregate.matchedRows;
  const what = kind === 'name' ? 'File name' : 'Folder';
  const bars: Trace[] = presentSeries(aggregate).map((series) => ({
    type: 'bar',
    orientation: 'h',
    name: series.name,
    x: items.map((item) => item.byLabel[series.label] ?? 0),
    y: ranks,
    marker: { color: series.color },
    customdata: items.map((item) => [
      escapeForPlotly(item.value),
      formatCount(item.byLabel[series.label] ?? 0),
      formatCount(item.total),
      formatPercent(share(item.total, matched)),
    ]),
    hovertemplate: `${what}: %{customdata[0]}<br><b>${series.name}</b>: %{customdata[1]}<br>All classes: %{customdata[2]} (%{customdata[3]} of matched events)<extra></extra>`,
  }));
  const totals: ScatterTrace = {
    type: 'scatter',
    mode: 'text',
    x: items.map((item) => item.total),
    y: ranks,
    text: items.map((item) => ` ${formatCount(item.total)} (${formatPercent(share(item.total, matched))})`),
    textposition: 'middle right',
    cliponaxis: false,
    hoverinfo: 'skip',
    showlegend: false,
  };
  const largest = items.reduce((max, item) => Math.max(max, item.total), 0);
  const longestLabel = items.reduce((longest, item) => Math.max(longest, Math.min(Array.from(item.value).length, TICK_LENGTH[kind])), 1);
  const base = baseLayout(context.style);
  const layout: Layout = {
    ...base,
    barmode: 'stack',
    bargap: 0.25,
    // Room for the "count (share)" text right of the longest bar.
    margin: fittedMargin(context.style, {
      leftCharacters: longestLabel,
      hasLeftTitle: false,
      hasBottomTitle: true,
      right: Math.round(context.style.fontSize * 2),
    }),
    showlegend: context.drawsLegend === true && bars.length > 1,
    xaxis: { ...MEASURE_FREE_AXIS, title: { text: 'Events' }, range: [0, Math.max(1, largest) * 1.4], tickformat: ',d', gridcolor: GRID, fixedrange: true },
    yaxis: {
      ...MEASURE_FREE_AXIS,
      tickmode: 'array',
      tickvals: ranks,
      ticktext: items.map((item) => plotlyLabel(item.value, TICK_LENGTH[kind])),
      range: [items.length - 0.5, -0.5],
      fixedrange: true,
      showgrid: false,
      zeroline: false,
    },
  };
  const data = items.length === 0 ? [] : [...bars, totals];
  return { data, layout: withHeight(layout, context) };
}

/** The classes a chart's legend lists (none for the heatmap, which draws all classes together; none for a single stacked class). */
export function chartLegend(id: ExploreChartId, aggregate: ExploreAggregate): LabelSeries[] {
  const series = presentSeries(aggregate);
  if (id === 'hour-weekday') return [];
  return id === 'top-names' || id === 'top-paths'
    ? series.length > 1 && topItems(aggregate, id === 'top-names' ? 'name' : 'path').length > 0
      ? series
      : []
    : series;
}

/** The figure of any Explore chart. */
export function exploreFigure(id: ExploreChartId, aggregate: ExploreAggregate, context: ChartContext): Figure {
  switch (id) {
    case 'active-hours':
      return activeHoursFigure(aggregate, context);
    case 'weekdays':
      return weekdaysFigure(aggregate, context);
    case 'hour-weekday':
      return hourWeekdayFigure(aggregate, context);
    case 'top-names':
      return topFigure(aggregate, 'name', context);
    case 'top-paths':
      return topFigure(aggregate, 'path', context);
  }
}

/** Height on the page of a chart, in pixels: top-N charts grow with N. */
export function pageHeight(id: ExploreChartId, aggregate: ExploreAggregate): number {
  if (id === 'top-names' || id === 'top-paths') {
    const rows = topItems(aggregate, id === 'top-names' ? 'name' : 'path').length;
    return Math.max(220, 90 + rows * 30);
  }
  return id === 'hour-weekday' ? 320 : 340;
}

/** A figure for an exported image: the same chart with its title drawn in. */
export function withTitle(figure: Figure, title: string, style: ChartStyle): Figure {
  const layout = figure.layout ?? {};
  const margin = layout.margin ?? {};
  return {
    ...figure,
    layout: {
      ...layout,
      title: { text: escapeForPlotly(title), font: { size: Math.round(style.fontSize * 1.4) } },
      margin: { ...margin, t: Math.round(style.fontSize * 5) },
      legend: { ...layout.legend, y: 1.0 },
    },
  };
}

/** One row of a chart's data table. */
export interface ChartTableRow {
  key: string;
  /** First column: the hour, weekday, file name or path, as plain text. */
  head: string;
  /** One count per class column, then the total. */
  counts: number[];
  /** The filter a click on the row's head applies, if any. */
  filter: Partial<FrameFilter> | null;
}

/** The exact numbers behind a chart, for its "Show data" table. */
export interface ChartTable {
  title: string;
  columns: string[];
  rows: ChartTableRow[];
}

function classCounts(series: LabelSeries[], countOf: (series: LabelSeries) => number): number[] {
  const counts = series.map(countOf);
  return [...counts, counts.reduce((sum, count) => sum + count, 0)];
}

/** The data table of any Explore chart. */
export function exploreTable(id: ExploreChartId, aggregate: ExploreAggregate, topN: number): ChartTable {
  const title = chartTitle(id, topN);
  const series = presentSeries(aggregate);
  const classColumns = series.map((s) => s.name);
  switch (id) {
    case 'active-hours':
      return {
        title,
        columns: ['Hour', ...classColumns, 'Total'],
        rows: hours().map((hour) => ({
          key: String(hour),
          head: String(hour),
          counts: classCounts(series, (s) => aggregate.hourByLabel[s.label]?.[hour] ?? 0),
          filter: { hour },
        })),
      };
    case 'weekdays':
      return {
        title,
        columns: ['Weekday', ...classColumns, 'Total'],
        rows: WEEKDAY_NAMES.map((name, weekday) => ({
          key: name,
          head: name,
          counts: classCounts(series, (s) => aggregate.weekdayByLabel[s.label]?.[weekday] ?? 0),
          filter: { weekday },
        })),
      };
    case 'hour-weekday':
      return {
        title,
        columns: ['Hour', ...WEEKDAY_NAMES, 'Total'],
        rows: hours().map((hour) => {
          const counts = WEEKDAY_NAMES.map((_, weekday) => aggregate.heatmap[weekday]?.[hour] ?? 0);
          return { key: String(hour), head: String(hour), counts: [...counts, counts.reduce((a, b) => a + b, 0)], filter: { hour } };
        }),
      };
    case 'top-names':
    case 'top-paths': {
      const isName = id === 'top-names';
      return {
        title,
        columns: [isName ? 'File name' : 'File path', ...classColumns, 'Total'],
        rows: topItems(aggregate, isName ? 'name' : 'path').map((item) => ({
          key: String(item.code),
          head: item.value,
          counts: classCounts(series, (s) => item.byLabel[s.label] ?? 0),
          filter: isName ? { nameCode: item.code } : { folderCode: item.code },
        })),
      };
    }
  }
}

/** The filter a click on a chart point applies, or null when the point means nothing. */
export function filterForClick(id: ExploreChartId, point: ClickPoint, aggregate: ExploreAggregate): Partial<FrameFilter> | null {
  const hourOf = (value: number | string): number | null => {
    const hour = Number(value);
    return Number.isInteger(hour) && hour >= 0 && hour < 24 ? hour : null;
  };
  const weekdayOf = (value: number | string): number | null => {
    const weekday = WEEKDAY_NAMES.findIndex((name) => name === value);
    return weekday >= 0 ? weekday : null;
  };
  switch (id) {
    case 'active-hours': {
      const hour = hourOf(point.x);
      return hour === null ? null : { hour };
    }
    case 'weekdays': {
      const weekday = weekdayOf(point.x);
      return weekday === null ? null : { weekday };
    }
    case 'hour-weekday': {
      const hour = hourOf(point.x);
      const weekday = weekdayOf(point.y);
      return hour === null || weekday === null ? null : { hour, weekday };
    }
    case 'top-names':
    case 'top-paths': {
      const item = topItems(aggregate, id === 'top-names' ? 'name' : 'path')[Number(point.y)];
      if (!item) return null;
      return id === 'top-names' ? { nameCode: item.code } : { folderCode: item.code };
    }
  }
}
