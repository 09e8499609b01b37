/**
 * The one door to Plotly. The library is large, so it is loaded on first use with a dynamic
 * import (the first paint does not wait for it) and shared afterwards.
 */
import type { Config, Datum, PlotlyStatic } from 'plotly.js-cartesian-dist-min';

export type {
  Axis,
  BarTrace,
  ClickEvent,
  ClickPoint,
  Config,
  Datum,
  Figure,
  HeatmapTrace,
  ImageOptions,
  Layout,
  PlotlyElement,
  PlotlyStatic,
  ScatterTrace,
  Trace,
} from 'plotly.js-cartesian-dist-min';

/** Options every chart shares: no Plotly logo or cloud links, responsive, a small mode bar. */
export const DEFAULT_CONFIG: Config = {
  responsive: true,
  displaylogo: false,
  displayModeBar: 'hover',
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toImage'],
  scrollZoom: false,
};

/* eslint-disable no-restricted-syntax -- the page's one Plotly module, loaded on first use and shared by every chart. */
let loading: Promise<PlotlyStatic> | null = null;
let loaded: PlotlyStatic | null = null;
/* eslint-enable no-restricted-syntax */

/** Loads Plotly once; later calls share the same promise. A failed load may be retried. */
export function loadPlotly(): Promise<PlotlyStatic> {
  loading ??= import('plotly.js-cartesian-dist-min').then(
    (module) => {
      loaded = module.default;
      return module.default;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** Plotly if it has already been loaded, so a component can draw on its first render. */
export function loadedPlotly(): PlotlyStatic | null {
  return loaded;
}

/**
 * Appends points to traces of a drawn chart (live curves): `x[i]` and `y[i]` go to trace
 * `traceIndices[i]`. `maxPoints` keeps only the newest points per trace when given.
 */
export async function extendChart(element: HTMLElement, x: Datum[][], y: Datum[][], traceIndices: number[], maxPoints?: number): Promise<void> {
  const problem = extendShapeProblem(x, y, traceIndices);
  if (problem) throw new Error(problem);
  const plotly = await loadPlotly();
  if (maxPoints === undefined) await plotly.extendTraces(element, { x, y }, traceIndices);
  else await plotly.extendTraces(element, { x, y }, traceIndices, maxPoints);
}

/** Why an extendChart call is malformed (Plotly itself would fail quietly), or null. */
export function extendShapeProblem(x: Datum[][], y: Datum[][], traceIndices: number[]): string | null {
  if (x.length !== traceIndices.length || y.length !== traceIndices.length) {
    return `extendChart: ${traceIndices.length} traces but ${x.length} x and ${y.length} y arrays`;
  }
  const uneven = x.findIndex((xs, i) => xs.length !== (y[i]?.length ?? -1));
  return uneven >= 0 ? `extendChart: trace ${traceIndices[uneven]} gets ${x[uneven]?.length} x but ${y[uneven]?.length} y values` : null;
}
