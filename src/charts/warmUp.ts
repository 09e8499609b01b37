/**
 * Plotly's first chart of a kind costs two to three times a later one: V8 compiles the code it runs
 * on first call and Plotly sets up its text measurer and style rules. Drawn right after "Loaded",
 * that first chart was a 100–200 ms task (issue 14). Here each chart kind the page shows is drawn
 * once off screen while the page is idle, before any capture needs it.
 */
import { hostHourFigure } from './completenessCharts';
import { chartDrawQueue, type DrawQueue } from './drawQueue';
import { EXPLORE_CHART_IDS, exploreFigure, pageHeight } from './exploreCharts';
import { PAGE_STYLE } from './palette';
import { DEFAULT_CONFIG, type Figure, type PlotlyStatic } from './plotly';
import type { ExploreAggregate } from '../frame/query';
import type { HourGrid } from '../enrich/completeness';

const HOURS = 24;
const WEEKDAYS = 7;

/** A small made-up aggregate whose charts take the same code paths as a capture's (three classes, long labels). */
function sampleAggregate(): ExploreAggregate {
  const perClass = (scale: number, length: number) => Array.from({ length }, (_, index) => ((index * 7919 + scale) % 97) * scale);
  const byLabel: [number, number, number] = [40_000, 1_200, 300];
  const top = (prefix: string) =>
    Array.from({ length: 10 }, (_, rank) => ({
      code: rank,
      value: `${prefix}${rank}\\tool-with-a-longer-name-${rank}.exe`,
      total: 5_000 - rank * 400,
      byLabel: [4_000 - rank * 300, 700 - rank * 60, 300 - rank * 40] as [number, number, number],
    }));
  return {
    totalRows: 41_500,
    matchedRows: 41_500,
    byLabel,
    hourByLabel: [perClass(17, HOURS), perClass(3, HOURS), perClass(1, HOURS)],
    weekdayByLabel: [perClass(170, WEEKDAYS), perClass(30, WEEKDAYS), perClass(10, WEEKDAYS)],
    heatmap: Array.from({ length: WEEKDAYS }, (_, weekday) => perClass(weekday + 5, HOURS)),
    eventIdCounts: [],
    topNames: top(''),
    topFolders: top('C:\\Program Files\\Vendor\\'),
    uniqueNames: 10,
    uniqueFolders: 10,
    hosts: [],
    timeRange: null,
  };
}

function sampleGrid(): HourGrid {
  const hosts = ['WORKSTATION-01', 'WORKSTATION-02', 'SERVER-DC-01', 'LAPTOP-SALES-7'];
  const cells = 48;
  const events = Uint32Array.from({ length: hosts.length * cells }, (_, index) => (index * 7919) % 500);
  return {
    startMs: Date.UTC(2024, 5, 3),
    cellMs: 3_600_000,
    cells,
    hosts,
    events,
    seenStarts: new Uint32Array(events.length),
    missingStarts: new Float32Array(events.length),
  };
}

/** The figures drawn to warm up: every Explore chart and the host-hour heatmap of the Load section. */
export function warmUpFigures(): Figure[] {
  const aggregate = sampleAggregate();
  const explore = EXPLORE_CHART_IDS.map((id) =>
    exploreFigure(id, aggregate, { scale: 'count', topN: 10, timeZone: 'UTC', style: PAGE_STYLE, height: pageHeight(id, aggregate) }),
  );
  const [first] = explore;
  // The first chart's frame alone first, without then with axes (no traces): the first draw's
  // compiling in three parts.
  const hidden = { visible: false } as const;
  const frame: Figure[] = first
    ? [
        { data: [], layout: { ...first.layout, xaxis: hidden, yaxis: hidden } },
        { data: [], layout: first.layout ?? {} },
      ]
    : [];
  return [...frame, ...explore, hostHourFigure(sampleGrid(), 'UTC')];
}

/** When the page has nothing else to do (requestIdleCallback in the browser). */
export type WhenIdle = (run: () => void) => void;

const whenPageIdle: WhenIdle = (run) => {
  window.requestIdleCallback(() => run());
};

/**
 * Draws each warm-up figure once, one per idle period through the page's draw queue, into a hidden
 * element that is removed afterwards. Stops early when the page's own charts are drawing: they
 * warm Plotly up themselves, and the warm-up must not delay them.
 */
export function warmUpCharts(plotly: PlotlyStatic, queue: DrawQueue = chartDrawQueue, whenIdle: WhenIdle = whenPageIdle): void {
  const figures = warmUpFigures();
  const target = document.createElement('div');
  target.className = 'chart-warm-up';
  target.setAttribute('aria-hidden', 'true');
  document.body.append(target);
  const finish = () => {
    plotly.purge(target);
    target.remove();
  };
  const steps: (() => Promise<unknown>)[] = figures.map((figure) => () => {
    plotly.purge(target);
    return plotly.react(target, figure.data, figure.layout ?? {}, DEFAULT_CONFIG);
  });
  const runNext = (index: number): void => {
    whenIdle(() => {
      const step = steps[index];
      if (step === undefined || queue.isBusy()) {
        finish();
        return;
      }
      queue.schedule(() => {
        step().then(
          () => runNext(index + 1),
          () => finish(),
        );
      });
    });
  };
  runNext(0);
}
