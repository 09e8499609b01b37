/**
 * Figures and tables of capture completeness (events per host-hour) and of the alert budget
 * (alerts per host per day). Pure functions tested in Node; host names come from the capture,
 * so every one is escaped before Plotly sees it.
 */
import type { HourGrid } from '../enrich/completeness';
import { zoneClock } from '../lib/timeZone';
import type { HostDayAlerts } from '../ml/alertBudget';
import { escapeForPlotly, plotlyLabel } from './escapeForPlotly';
import { baseLayout, colorbarRoom, COUNT_COLORSCALE, fittedMargin, GRID, MEASURE_FREE_AXIS, MEASURE_FREE_COLORBAR, PAGE_STYLE } from './palette';
import type { Figure } from './plotly';

/** A chart's exact numbers: a header row and one row of cells per line, first cell the row's name. */
export interface DataTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** `2024-06-04 09:00` at a UTC offset in minutes. */
export function localHourLabel(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** `2024-06-04 09:00` on the wall clock of a time zone at that instant (daylight saving followed). */
export function zoneHourLabel(ms: number, timeZone: string): string {
  return localHourLabel(ms, zoneClock(timeZone).offsetMinutes(ms));
}

function cellLabels(grid: HourGrid, timeZone: string): string[] {
  return Array.from({ length: grid.cells }, (_, cell) => zoneHourLabel(grid.startMs + cell * grid.cellMs, timeZone));
}

/** Hour labels drawn under the heatmap at most: each is 16 characters wide, and Plotly would otherwise draw (and measure) all 744. */
const MAX_HOUR_TICKS = 6;
/** Longest host name drawn as tick text; the full name is in the table. */
const HOST_TICK_LENGTH = 32;
const HOST_BAR = 12;

/** Events per host and hour as a heatmap: one row per host, one column per grid cell. */
export function hostHourFigure(grid: HourGrid, timeZone: string): Figure {
  const x = cellLabels(grid, timeZone);
  const z = grid.hosts.map((_, host) => Array.from(grid.events.subarray(host * grid.cells, (host + 1) * grid.cells)));
  const tickStep = Math.max(1, Math.ceil(x.length / MAX_HOUR_TICKS));
  const hourTicks = x.filter((_, cell) => cell % tickStep === 0);
  const hostTicks = grid.hosts.map((host) => plotlyLabel(host, HOST_TICK_LENGTH));
  const longestHost = grid.hosts.reduce((longest, host) => Math.max(longest, Math.min(Array.from(host).length, HOST_TICK_LENGTH)), 1);
  let largest = 0;
  for (const events of grid.events) if (events > largest) largest = events;
  return {
    data:
      grid.hosts.length === 0
        ? []
        : [
            {
              type: 'heatmap',
              z,
              x,
              // Rows at 0..n-1 with the names as tick text, so a host name is never a category key.
              y: grid.hosts.map((_, row) => row),
              colorscale: COUNT_COLORSCALE,
              zmin: 0,
              xgap: 1,
              ygap: 1,
              colorbar: { ...MEASURE_FREE_COLORBAR, title: { text: 'Events' }, thickness: HOST_BAR },
              hovertemplate: '%{x}<br>%{z:,} events<extra></extra>',
            },
          ],
    layout: {
      ...baseLayout(PAGE_STYLE),
      height: Math.min(520, 120 + 22 * grid.hosts.length),
      showlegend: false,
      margin: fittedMargin(PAGE_STYLE, {
        leftCharacters: longestHost,
        hasLeftTitle: false,
        hasBottomTitle: true,
        right: colorbarRoom(PAGE_STYLE, largest, HOST_BAR, 'Events'),
      }),
      xaxis: {
        ...MEASURE_FREE_AXIS,
        title: { text: `Hour (${grid.cellMs / 3_600_000} h cells)` },
        type: 'category',
        tickmode: 'array',
        tickvals: hourTicks,
        ticktext: hourTicks,
        fixedrange: true,
      },
      yaxis: {
        ...MEASURE_FREE_AXIS,
        tickmode: 'array',
        tickvals: grid.hosts.map((_, row) => row),
        ticktext: hostTicks,
        autorange: 'reversed',
        fixedrange: true,
      },
    },
  };
}

/** The heatmap's numbers: a row per host and hour with events (empty cells are left out). */
export function hostHourTable(grid: HourGrid, timeZone: string): DataTable {
  const labels = cellLabels(grid, timeZone);
  const rows: string[][] = [];
  grid.hosts.forEach((host, row) => {
    for (let cell = 0; cell < grid.cells; cell++) {
      const index = row * grid.cells + cell;
      const events = grid.events[index] ?? 0;
      if (events === 0) continue;
      const missing = grid.missingStarts[index] ?? 0;
      rows.push([host, labels[cell] ?? '', String(events), String(grid.seenStarts[index] ?? 0), missing.toFixed(1)]);
    }
  });
  return { caption: 'Events per host and hour', columns: ['Host', 'Hour', 'Events', 'Sequence numbers seen', 'Starts missing (est.)'], rows };
}

/** Alerts per host per day at a threshold: one bar per host-day, the budget K as a line. */
export function hostDayAlertsFigure(cells: readonly HostDayAlerts[], budget: number, timeZone: string): Figure {
  const x = cells.map((_, i) => i);
  return {
    data: [
      {
        type: 'bar',
        name: 'alerts',
        x,
        y: cells.map((cell) => cell.alerts),
        marker: { color: '#D55E00' },
        hovertemplate: '%{y} alerts<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `budget ${budget}`,
        x: [-0.5, cells.length - 0.5],
        y: [budget, budget],
        line: { color: '#0072B2', dash: 'dash' },
      },
    ],
    layout: {
      ...baseLayout(PAGE_STYLE),
      height: 260,
      showlegend: false,
      xaxis: {
        tickmode: 'array',
        tickvals: x,
        ticktext: cells.map((cell) => escapeForPlotly(`${cell.host} ${dayText(cell.dayStartMs, timeZone)}`)),
        automargin: true,
      },
      yaxis: { title: { text: 'Alerts' }, rangemode: 'tozero', automargin: true, gridcolor: GRID },
    },
  };
}

/** The local date of a host-day that starts at `dayStartMs` (local midnight, so the zone's offset at that instant is the day's). */
function dayText(dayStartMs: number, timeZone: string): string {
  return Number.isFinite(dayStartMs) ? zoneHourLabel(dayStartMs, timeZone).slice(0, 10) : 'no time';
}

/** The alerts chart's numbers. */
export function hostDayAlertsTable(cells: readonly HostDayAlerts[], timeZone: string): DataTable {
  return {
    caption: 'Alerts per host per day',
    columns: ['Host', 'Day', 'Events', 'Alerts'],
    rows: cells.map((cell) => [cell.host, dayText(cell.dayStartMs, timeZone), String(cell.events), String(cell.alerts)]),
  };
}
