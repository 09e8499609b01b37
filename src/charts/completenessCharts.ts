/**
 * Figures and tables of capture completeness (events per host-hour) and of the alert budget
 * (alerts per host per day). Pure functions tested in Node; host names come from the capture,
 * so every one is escaped before Plotly sees it.
 */
import type { HourGrid } from '../enrich/completeness';
import type { HostDayAlerts } from '../ml/alertBudget';
import { escapeForPlotly } from './escapeForPlotly';
import { baseLayout, COUNT_COLORSCALE, GRID, PAGE_STYLE } from './palette';
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

function cellLabels(grid: HourGrid, utcOffsetMinutes: number): string[] {
  return Array.from({ length: grid.cells }, (_, cell) => localHourLabel(grid.startMs + cell * grid.cellMs, utcOffsetMinutes));
}

/** Events per host and hour as a heatmap: one row per host, one column per grid cell. */
export function hostHourFigure(grid: HourGrid, utcOffsetMinutes: number): Figure {
  const x = cellLabels(grid, utcOffsetMinutes);
  const z = grid.hosts.map((_, host) => Array.from(grid.events.subarray(host * grid.cells, (host + 1) * grid.cells)));
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
              colorbar: { title: { text: 'Events' }, thickness: 12 },
              hovertemplate: '%{x}<br>%{z:,} events<extra></extra>',
            },
          ],
    layout: {
      ...baseLayout(PAGE_STYLE),
      height: Math.min(520, 120 + 22 * grid.hosts.length),
      showlegend: false,
      xaxis: { title: { text: `Hour (${grid.cellMs / 3_600_000} h cells)` }, type: 'category', automargin: true, fixedrange: true },
      yaxis: {
        tickmode: 'array',
        tickvals: grid.hosts.map((_, row) => row),
        ticktext: grid.hosts.map((host) => escapeForPlotly(host)),
        autorange: 'reversed',
        automargin: true,
        fixedrange: true,
      },
    },
  };
}

/** The heatmap's numbers: a row per host and hour with events (empty cells are left out). */
export function hostHourTable(grid: HourGrid, utcOffsetMinutes: number): DataTable {
  const labels = cellLabels(grid, utcOffsetMinutes);
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
export function hostDayAlertsFigure(cells: readonly HostDayAlerts[], budget: number, utcOffsetMinutes: number): Figure {
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
        ticktext: cells.map((cell) => escapeForPlotly(`${cell.host} ${dayText(cell.dayStartMs, utcOffsetMinutes)}`)),
        automargin: true,
      },
      yaxis: { title: { text: 'Alerts' }, rangemode: 'tozero', automargin: true, gridcolor: GRID },
    },
  };
}

function dayText(dayStartMs: number, utcOffsetMinutes: number): string {
  return Number.isFinite(dayStartMs) ? localHourLabel(dayStartMs, utcOffsetMinutes).slice(0, 10) : 'no time';
}

/** The alerts chart's numbers. */
export function hostDayAlertsTable(cells: readonly HostDayAlerts[], utcOffsetMinutes: number): DataTable {
  return {
    caption: 'Alerts per host per day',
    columns: ['Host', 'Day', 'Events', 'Alerts'],
    rows: cells.map((cell) => [cell.host, dayText(cell.dayStartMs, utcOffsetMinutes), String(cell.events), String(cell.alerts)]),
  };
}
