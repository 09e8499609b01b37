/**
 * The part of plotly.js (cartesian bundle) that EtwLab uses. The package ships no types, so
 * only what the charts call is declared here; `src/charts/plotly.ts` is the facade to import.
 */
declare module 'plotly.js-cartesian-dist-min' {
  export type Datum = number | string;

  export interface Font {
    family?: string;
    size?: number;
    color?: string;
  }

  export interface TitleSpec {
    text: string;
    font?: Font;
    standoff?: number;
  }

  interface TraceBase {
    name?: string;
    showlegend?: boolean;
    legendgroup?: string;
    hoverinfo?: 'skip' | 'none' | 'all' | 'x' | 'y' | 'text' | 'name';
    /** Plotly's hover template: a subset of HTML, so data inside must be escaped. */
    hovertemplate?: string;
    customdata?: Datum[][];
    xaxis?: string;
    yaxis?: string;
    visible?: boolean | 'legendonly';
  }

  export interface BarTrace extends TraceBase {
    type: 'bar';
    x: Datum[];
    y: Datum[];
    orientation?: 'v' | 'h';
    marker?: { color?: string | string[]; line?: { color?: string; width?: number } };
    text?: string[];
    textposition?: 'inside' | 'outside' | 'auto' | 'none';
    cliponaxis?: boolean;
  }

  export interface ScatterTrace extends TraceBase {
    type: 'scatter';
    x: Datum[];
    y: Datum[];
    mode: 'lines' | 'markers' | 'lines+markers' | 'text' | 'markers+text' | 'lines+markers+text';
    line?: { color?: string; width?: number; dash?: 'solid' | 'dash' | 'dot' | 'dashdot' };
    marker?: { color?: string | string[]; size?: number; symbol?: string };
    text?: string[];
    textposition?: 'middle right' | 'middle left' | 'top center' | 'bottom center';
    textfont?: Font;
    cliponaxis?: boolean;
  }

  export interface HeatmapTrace extends TraceBase {
    type: 'heatmap';
    z: number[][];
    x: Datum[];
    y: Datum[];
    colorscale?: [number, string][];
    zmin?: number;
    xgap?: number;
    ygap?: number;
    colorbar?: { title?: TitleSpec; thickness?: number; tickfont?: Font; ticklabeloverflow?: 'allow' | 'hide past div' | 'hide past domain' };
  }

  export type Trace = BarTrace | ScatterTrace | HeatmapTrace;

  export interface Axis {
    /** False draws no line, ticks, labels or title. */
    visible?: boolean;
    title?: TitleSpec;
    type?: 'linear' | 'log' | 'category' | 'date';
    range?: Datum[];
    autorange?: boolean | 'reversed';
    tickmode?: 'auto' | 'linear' | 'array';
    tickvals?: Datum[];
    ticktext?: string[];
    tickformat?: string;
    dtick?: number;
    tick0?: number;
    tickfont?: Font;
    automargin?: boolean;
    ticklabeloverflow?: 'allow' | 'hide past div' | 'hide past domain';
    tickangle?: number;
    fixedrange?: boolean;
    showgrid?: boolean;
    gridcolor?: string;
    zeroline?: boolean;
    rangemode?: 'normal' | 'tozero' | 'nonnegative';
  }

  export interface Layout {
    title?: TitleSpec;
    font?: Font;
    xaxis?: Axis;
    yaxis?: Axis;
    barmode?: 'stack' | 'group' | 'overlay' | 'relative';
    bargap?: number;
    margin?: { l?: number; r?: number; t?: number; b?: number; pad?: number; autoexpand?: boolean };
    legend?: { orientation?: 'v' | 'h'; x?: number; y?: number; xanchor?: 'left' | 'center' | 'right'; yanchor?: 'top' | 'middle' | 'bottom'; font?: Font };
    showlegend?: boolean;
    height?: number;
    width?: number;
    autosize?: boolean;
    paper_bgcolor?: string;
    plot_bgcolor?: string;
    hovermode?: 'closest' | 'x' | 'y' | 'x unified' | false;
    hoverlabel?: { font?: Font; bgcolor?: string; align?: 'left' | 'right' | 'auto' };
    uirevision?: string | number;
  }

  export interface Config {
    responsive?: boolean;
    displaylogo?: boolean;
    displayModeBar?: boolean | 'hover';
    modeBarButtonsToRemove?: string[];
    staticPlot?: boolean;
    scrollZoom?: boolean;
    showTips?: boolean;
  }

  export interface ImageOptions {
    format: 'png' | 'svg' | 'jpeg' | 'webp';
    width?: number;
    height?: number;
    scale?: number;
    filename?: string;
  }

  /** A figure given instead of a plotted element, as toImage and downloadImage accept. */
  export interface Figure {
    data: Trace[];
    layout?: Layout;
    config?: Config;
  }

  export interface ClickPoint {
    curveNumber: number;
    pointNumber: number | number[];
    pointIndex: number | number[];
    x: Datum;
    y: Datum;
    customdata?: Datum[];
  }

  export interface ClickEvent {
    points: ClickPoint[];
  }

  /** A div after Plotly has drawn into it. */
  export interface PlotlyElement extends HTMLDivElement {
    on(event: 'plotly_click', handler: (event: ClickEvent) => void): void;
    removeAllListeners(event: 'plotly_click'): void;
  }

  export interface PlotlyStatic {
    newPlot(root: HTMLElement, data: Trace[], layout?: Layout, config?: Config): Promise<PlotlyElement>;
    react(root: HTMLElement, data: Trace[], layout?: Layout, config?: Config): Promise<PlotlyElement>;
    relayout(root: HTMLElement, update: Layout): Promise<PlotlyElement>;
    extendTraces(root: HTMLElement, update: { x: Datum[][]; y: Datum[][] }, indices: number[], maxPoints?: number): Promise<PlotlyElement>;
    purge(root: HTMLElement): void;
    toImage(root: HTMLElement | Figure, options: ImageOptions): Promise<string>;
    downloadImage(root: HTMLElement | Figure, options: ImageOptions): Promise<string>;
    Plots: { resize(root: HTMLElement): Promise<void> };
  }

  const Plotly: PlotlyStatic;
  export default Plotly;
}
