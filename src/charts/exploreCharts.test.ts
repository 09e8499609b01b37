import { describe, expect, it } from 'vitest';
import { Label, appendEvent, emptyFrame, refreshCasings, type LabelCode } from '../frame/frame';
import { aggregate, filterMask, NO_FILTER, type ExploreAggregate } from '../frame/query';
import {
  activeHoursFigure,
  chartLegend,
  chartTitle,
  exploreFigure,
  exploreTable,
  EXPLORE_CHART_IDS,
  filterForClick,
  presentSeries,
  topFigure,
  withTitle,
  type ChartContext,
} from './exploreCharts';
import { PAGE_STYLE } from './palette';
import type { BarTrace, Figure, ScatterTrace } from './plotly';

interface Row {
  iso: string;
  path: string;
  label: LabelCode;
}

function aggregateOf(rows: Row[], topN = 10): ExploreAggregate {
  const frame = emptyFrame(16);
  for (const row of rows) {
    appendEvent(
      frame,
      {
        eventId: 1,
        timeMs: Date.parse(row.iso),
        host: 'pc1',
        processId: 1,
        parentProcessId: -1,
        processSequence: -1,
        parentProcessSequence: -1,
        imageName: row.path,
        createTimeMs: Number.NaN,
        parentImage: null,
      },
      { hostCode: frame.hosts.code('pc1'), sourceCode: frame.sources.code('t.jsonl'), label: row.label, isSynthetic: false },
    );
  }
  refreshCasings(frame);
  return aggregate(frame, filterMask(frame, NO_FILTER), topN);
}

const { KnownGood: GOOD, KnownBad: BAD } = Label;
// 2024-06-02 is a Sunday.
const ROWS: Row[] = [
  { iso: '2024-06-02T09:15:00Z', path: 'C:\\Windows\\System32\\cmd.exe', label: GOOD },
  { iso: '2024-06-02T09:45:00Z', path: 'C:\\Windows\\System32\\cmd.exe', label: GOOD },
  { iso: '2024-06-03T09:05:00Z', path: 'C:\\Windows\\System32\\svchost.exe', label: GOOD },
  { iso: '2024-06-03T23:59:59Z', path: 'C:\\Users\\bob\\AppData\\evil.exe', label: BAD },
  { iso: '2024-06-04T09:00:00Z', path: 'C:\\Users\\bob\\AppData\\cmd.exe', label: BAD },
];

const CONTEXT: ChartContext = { scale: 'count', topN: 10, timeZone: 'UTC', style: PAGE_STYLE, height: 300 };

function bars(figure: Figure): BarTrace[] {
  return figure.data.filter((trace): trace is BarTrace => trace.type === 'bar');
}

describe('active hours', () => {
  const agg = aggregateOf(ROWS);

  it('draws one trace per class present, good before bad, with the counts per hour', () => {
    const traces = bars(activeHoursFigure(agg, CONTEXT));
    expect(traces.map((t) => t.name)).toEqual(['Known good', 'Known bad']);
    const good = traces[0]?.y ?? [];
    const bad = traces[1]?.y ?? [];
    expect(good[9]).toBe(3);
    expect(bad[9]).toBe(1);
    expect(bad[23]).toBe(1);
    expect(good.reduce<number>((sum, v) => sum + Number(v), 0)).toBe(3);
    expect(traces[0]?.marker?.color).toBe('#0072B2');
    expect(traces[1]?.marker?.color).toBe('#D55E00');
  });

  it('shows each class as a share of its own total on the share scale', () => {
    const traces = bars(activeHoursFigure(agg, { ...CONTEXT, scale: 'share' }));
    expect(traces[0]?.y[9]).toBe(1);
    expect(traces[1]?.y[9]).toBe(0.5);
    expect(traces[1]?.y[23]).toBe(0.5);
  });

  it('tabulates hours with one column per class and a total', () => {
    const table = exploreTable('active-hours', agg, 10);
    expect(table.title).toBe('Active hours');
    expect(table.columns).toEqual(['Hour', 'Known good', 'Known bad', 'Total']);
    expect(table.rows).toHaveLength(24);
    expect(table.rows[9]?.counts).toEqual([3, 1, 4]);
    expect(table.rows[23]?.counts).toEqual([0, 1, 1]);
    expect(table.rows[0]?.counts).toEqual([0, 0, 0]);
    expect(table.rows[9]?.filter).toEqual({ hour: 9 });
  });
});

describe('weekdays and hour × weekday', () => {
  const agg = aggregateOf(ROWS);

  it('counts Sunday first', () => {
    const table = exploreTable('weekdays', agg, 10);
    expect(table.columns).toEqual(['Weekday', 'Known good', 'Known bad', 'Total']);
    expect(table.rows.map((r) => r.head)).toEqual(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
    expect(table.rows.map((r) => r.counts.at(-1))).toEqual([2, 2, 1, 0, 0, 0, 0]);
    expect(table.rows[1]?.counts).toEqual([1, 1, 2]);
  });

  it('tabulates the heat map as hours × weekdays', () => {
    const table = exploreTable('hour-weekday', agg, 10);
    expect(table.columns).toEqual(['Hour', 'Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Total']);
    expect(table.rows[9]?.counts).toEqual([2, 1, 1, 0, 0, 0, 0, 4]);
    expect(table.rows[23]?.counts).toEqual([0, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('draws the heat map from the aggregate, weekdays top to bottom', () => {
    const figure = exploreFigure('hour-weekday', agg, CONTEXT);
    const heat = figure.data[0];
    expect(heat?.type).toBe('heatmap');
    if (heat?.type !== 'heatmap') return;
    expect(heat.z[0]?.[9]).toBe(2);
    expect(heat.y).toEqual(['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
    expect(figure.layout?.yaxis?.autorange).toBe('reversed');
  });
});

describe('top names and paths', () => {
  const agg = aggregateOf(ROWS);

  it('stacks the classes and writes count and share beside each bar', () => {
    const figure = topFigure(agg, 'name', CONTEXT);
    const traces = bars(figure);
    expect(traces.map((t) => t.name)).toEqual(['Known good', 'Known bad']);
    expect(figure.layout?.barmode).toBe('stack');
    expect(figure.layout?.yaxis?.ticktext).toEqual(['cmd.exe', 'evil.exe', 'svchost.exe']);
    expect(traces[0]?.x).toEqual([2, 0, 1]);
    expect(traces[1]?.x).toEqual([1, 1, 0]);
    const totals = figure.data.find((t): t is ScatterTrace => t.type === 'scatter');
    expect(totals?.text).toEqual([' 3 (60.0%)', ' 1 (20.0%)', ' 1 (20.0%)']);
  });

  it('tabulates folders with their full path', () => {
    const table = exploreTable('top-paths', agg, 10);
    expect(table.columns).toEqual(['File path', 'Known good', 'Known bad', 'Total']);
    expect(table.rows.map((r) => [r.head, ...r.counts])).toEqual(
      [
        ['\\Users\\bob\\AppData', 0, 2, 2],
        ['\\Windows\\System32', 3, 0, 3],
      ].sort((a, b) => Number(b[3]) - Number(a[3])),
    );
  });

  it('titles reflect N', () => {
    expect(chartTitle('top-names', 5)).toBe('Top 5 file names');
    expect(chartTitle('top-paths', 10)).toBe('Top 10 file paths');
    expect(exploreTable('top-names', aggregateOf(ROWS, 2), 2).rows).toHaveLength(2);
  });

  it('maps a click on a bar to the code of its name or folder', () => {
    const evil = agg.topNames.find((item) => item.value === 'evil.exe');
    expect(filterForClick('top-names', { curveNumber: 1, pointNumber: 1, pointIndex: 1, x: 1, y: 1 }, agg)).toEqual({ nameCode: evil?.code });
    const first = agg.topFolders[0];
    expect(filterForClick('top-paths', { curveNumber: 0, pointNumber: 0, pointIndex: 0, x: 3, y: 0 }, agg)).toEqual({ folderCode: first?.code });
    expect(filterForClick('top-paths', { curveNumber: 0, pointNumber: 9, pointIndex: 9, x: 3, y: 9 }, agg)).toBeNull();
    expect(filterForClick('active-hours', { curveNumber: 0, pointNumber: 9, pointIndex: 9, x: 9, y: 3 }, agg)).toEqual({ hour: 9 });
    expect(filterForClick('weekdays', { curveNumber: 0, pointNumber: 2, pointIndex: 2, x: 'Tue', y: 1 }, agg)).toEqual({ weekday: 2 });
    expect(filterForClick('hour-weekday', { curveNumber: 0, pointNumber: [1, 23], pointIndex: [1, 23], x: 23, y: 'Mon' }, agg)).toEqual({
      hour: 23,
      weekday: 1,
    });
  });
});

describe('untrusted names', () => {
  const hostile = ['<img src=x onerror=window.__pwned=1>', '<script>window.__pwned=1</script>', '<a href="javascript:alert(1)">x</a>'];
  const agg = aggregateOf([
    { iso: '2024-06-02T01:00:00Z', path: `C:\\${hostile[0]}\\${hostile[1]}`, label: GOOD },
    { iso: '2024-06-02T02:00:00Z', path: `C:\\${hostile[2]}\\javascript:alert(1)`, label: BAD },
  ]);

  /** Every string in a figure; Plotly parses each as its HTML subset. */
  function strings(value: unknown): string[] {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(strings);
    if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
    return [];
  }

  it('passes only our own tags to Plotly', () => {
    for (const id of EXPLORE_CHART_IDS) {
      const figure = withTitle(exploreFigure(id, agg, CONTEXT), chartTitle(id, 10), PAGE_STYLE);
      for (const text of strings(figure)) {
        const tags = text.match(/<[^>]*>/g) ?? [];
        for (const tag of tags) expect(['<br>', '<b>', '</b>', '<extra>', '</extra>']).toContain(tag);
      }
    }
  });

  it('escapes names in ticks and hovers, and keeps them raw in tables (React escapes)', () => {
    // A "/" splits paths: C:\x\<script>…</script> is the folder \x\<script>…< and the name script>.
    const figure = topFigure(agg, 'name', CONTEXT);
    const ticks = figure.layout?.yaxis?.ticktext ?? [];
    expect(ticks).toContain('javascript:alert(1)');
    expect(ticks).toContain('script&gt;');
    const paths = topFigure(agg, 'path', CONTEXT);
    const folder = '\\<img src=x onerror=window.__pwned=1>\\<script>window.__pwned=1<';
    const escaped = '\\&lt;img src=x onerror=window.__pwned=1&gt;\\&lt;script&gt;window.__pwned=1&lt;';
    expect(
      bars(paths)
        .flatMap((t) => t.customdata ?? [])
        .map((d) => d[0]),
    ).toContain(escaped);
    expect(exploreTable('top-paths', agg, 10).rows.map((r) => r.head)).toContain(folder);
    expect(exploreTable('top-names', agg, 10).rows.map((r) => r.head)).toContain('javascript:alert(1)');
  });
});

describe('series', () => {
  it('lists no class when nothing matched, and the tables keep only Total', () => {
    const empty = aggregateOf([]);
    expect(presentSeries(empty)).toEqual([]);
    expect(exploreTable('active-hours', empty, 10).columns).toEqual(['Hour', 'Total']);
    expect(topFigure(empty, 'name', CONTEXT).data).toEqual([]);
  });
});

describe('drawing cost', () => {
  const all = aggregateOf(ROWS);

  it('leaves the class legend to the page, and draws it only for exported images', () => {
    for (const id of EXPLORE_CHART_IDS) {
      expect(exploreFigure(id, all, CONTEXT).layout?.showlegend, id).toBe(false);
    }
    expect(exploreFigure('active-hours', all, { ...CONTEXT, drawsLegend: true }).layout?.showlegend).toBe(true);
    expect(chartLegend('active-hours', all).map((series) => series.name)).toEqual(['Known good', 'Known bad']);
    expect(chartLegend('hour-weekday', all)).toEqual([]);
  });

  it('sizes every margin itself: no automargin, no measured tick labels, no margin that grows after the draw', () => {
    for (const id of EXPLORE_CHART_IDS) {
      const layout = exploreFigure(id, all, CONTEXT).layout;
      expect(layout?.margin?.autoexpand, id).toBe(false);
      for (const axis of [layout?.xaxis, layout?.yaxis]) expect(axis, id).toMatchObject({ automargin: false, ticklabeloverflow: 'allow', tickangle: 0 });
    }
  });
});
