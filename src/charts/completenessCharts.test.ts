import { describe, expect, it } from 'vitest';
import type { HourGrid } from '../enrich/completeness';
import { hostDayAlertsFigure, hostDayAlertsTable, hostHourFigure, hostHourTable, localHourLabel, zoneHourLabel } from './completenessCharts';

const START = Date.UTC(2026, 10, 24, 9);
const grid: HourGrid = {
  startMs: START,
  cellMs: 3_600_000,
  cells: 2,
  hosts: ['WS-1', '<b>evil</b>'],
  events: Uint32Array.from([10, 0, 4, 6]),
  seenStarts: Uint32Array.from([5, 0, 2, 3]),
  missingStarts: Float32Array.from([1, 0, 0, 0.5]),
};

describe('completeness charts', () => {
  it('draws one heatmap row per host, host names as escaped tick text, never as keys', () => {
    const figure = hostHourFigure(grid, 'UTC');
    const trace = figure.data[0];
    expect(trace?.type).toBe('heatmap');
    expect(trace && 'z' in trace ? trace.z : null).toEqual([
      [10, 0],
      [4, 6],
    ]);
    expect(JSON.stringify(figure)).not.toContain('<b>');
  });

  it('lists every non-empty host-hour with its events and estimated missing starts', () => {
    const table = hostHourTable(grid, 'UTC+01:00');
    expect(table.rows).toEqual([
      ['WS-1', '2026-11-24 10:00', '10', '5', '1.0'],
      ['<b>evil</b>', '2026-11-24 10:00', '4', '2', '0.0'],
      ['<b>evil</b>', '2026-11-24 11:00', '6', '3', '0.5'],
    ]);
    expect(localHourLabel(START, -90)).toBe('2026-11-24 07:30');
  });

  it('draws alerts per host-day with the budget as a line, and tables them', () => {
    const cells = [
      { host: 'WS-1', dayStartMs: Date.UTC(2026, 10, 24), alerts: 2, events: 50 },
      { host: 'WS-2', dayStartMs: Number.NaN, alerts: 0, events: 3 },
    ];
    const figure = hostDayAlertsFigure(cells, 3, 'UTC');
    expect(figure.data[1] && 'y' in figure.data[1] ? figure.data[1].y : null).toEqual([3, 3]);
    expect(hostDayAlertsTable(cells, 'UTC').rows).toEqual([
      ['WS-1', '2026-11-24', '50', '2'],
      ['WS-2', 'no time', '3', '0'],
    ]);
  });

  it('labels hours on the zone clock of each instant across a daylight-saving change', () => {
    // Berlin: 01:00 UTC on 25 October 2026 is 03:00 CEST becoming 02:00 CET.
    expect(zoneHourLabel(Date.UTC(2026, 9, 25, 0), 'Europe/Berlin')).toBe('2026-10-25 02:00');
    expect(zoneHourLabel(Date.UTC(2026, 9, 25, 1), 'Europe/Berlin')).toBe('2026-10-25 02:00');
    expect(zoneHourLabel(Date.UTC(2026, 9, 25, 2), 'Europe/Berlin')).toBe('2026-10-25 03:00');
  });

  it('draws the hour axis with a few ticks and no measured margins', () => {
    const long: HourGrid = { ...grid, cells: 744, events: new Uint32Array(1488), seenStarts: new Uint32Array(1488), missingStarts: new Float32Array(1488) };
    const layout = hostHourFigure(long, 'UTC').layout;
    expect(layout?.xaxis?.tickvals?.length).toBeLessThanOrEqual(6);
    expect(layout?.xaxis?.automargin).toBe(false);
    expect(layout?.margin?.autoexpand).toBe(false);
  });
});
