import { describe, expect, it } from 'vitest';
import { captureCompleteness, cellMissingShare, damagedVerdict, rowsInHourRanges } from './completeness';
import { Label, appendEvent } from '../frame/frame';
import type { NormalizedEvent } from '../ingest/types';
import { CAPTURE_START_MS, frameFromEvents, generateProcessCapture } from '../test-support/processCapture';

const HOUR = 3_600_000;

describe('capture completeness on generated captures with known damage', () => {
  // Tolerance: lost processes are counted exactly (all their events are gone, and the drop
  // hours are inside the capture, so the holes are closed on both sides); the share is checked
  // against the configured 8% within 2 points (1,200 processes: the seeded draw's sd is 0.8 points).
  const capture = generateProcessCapture({
    hosts: ['WS-FIN-07', 'WS-HR-01', 'SRV-DB-02'],
    hours: 24,
    startsPerHour: 600,
    seed: 17,
    drops: [{ host: 'WS-FIN-07', fromHour: 9, toHour: 11, share: 0.08, what: 'process' }],
    rebootAtHour: { 'SRV-DB-02': 13 },
    silentHours: { 'WS-HR-01': [3, 5] },
  });
  const frame = frameFromEvents(capture.events);
  const report = captureCompleteness(frame);
  const host = (name: string) => report.hosts.find((h) => h.host === name);

  it('reports the lost share and the hours of the damaged host, and nothing for the clean ones', () => {
    const lost = capture.dropped[0]?.lost ?? 0;
    const createdInHours = capture.dropped[0]?.created ?? 0;
    expect(lost).toBeGreaterThan(50);
    const fin = host('WS-FIN-07');
    expect(fin?.lostStarts).toMatchObject({ kind: 'estimated', missing: lost, expected: capture.created.get('WS-FIN-07'), runs: 1 });
    expect(report.damaged).toHaveLength(1);
    const span = report.damaged[0];
    expect(span).toMatchObject({ host: 'WS-FIN-07', fromMs: CAPTURE_START_MS + 9 * HOUR, toMs: CAPTURE_START_MS + 11 * HOUR });
    expect(Math.abs((span?.missingShare ?? 0) - 0.08)).toBeLessThan(0.02);
    expect(Math.abs((span?.missingShare ?? 0) - lost / createdInHours)).toBeLessThan(0.005);
    expect(report.verdicts).toEqual([
      `WS-FIN-07: ~${Math.round(((span?.missing ?? 0) / (span?.expected ?? 1)) * 100)}% of process starts missing between 09:00 and 11:00 on Tuesday`,
    ]);
    for (const name of ['WS-HR-01', 'SRV-DB-02']) {
      expect(host(name)?.lostStarts).toMatchObject({ kind: 'estimated', missing: 0, expected: capture.created.get(name) });
      expect(host(name)?.damaged).toEqual([]);
    }
  });

  it('starts a new run at a reboot and finds the silent stretch', () => {
    expect(host('SRV-DB-02')?.lostStarts).toMatchObject({ kind: 'estimated', runs: 2, missing: 0 });
    const hr = host('WS-HR-01');
    expect(hr?.silentStretchCount).toBe(1);
    expect(hr?.silentStretches[0]?.fromMs).toBeLessThan(CAPTURE_START_MS + 3 * HOUR);
    expect(hr?.silentStretches[0]?.toMs).toBeGreaterThanOrEqual(CAPTURE_START_MS + 5 * HOUR);
  });

  it('fills an hour-by-host heatmap whose cells add up to the capture', () => {
    const { grid } = report;
    expect(grid.cells).toBe(24);
    expect(grid.startMs).toBe(CAPTURE_START_MS);
    expect(grid.events.reduce((a, b) => a + b, 0)).toBe(frame.length);
    const hrRow = grid.hosts.indexOf('WS-HR-01');
    expect(grid.events[hrRow * grid.cells + 3]).toBe(0);
    const finRow = grid.hosts.indexOf('WS-FIN-07');
    const missing = Array.from(grid.missingStarts.subarray(finRow * grid.cells, (finRow + 1) * grid.cells));
    expect(missing.reduce((a, b) => a + b, 0)).toBeCloseTo(capture.dropped[0]?.lost ?? 0, 3);
    expect(cellMissingShare(grid, finRow, 9)).toBeGreaterThan(0.03);
    expect(cellMissingShare(grid, finRow, 14)).toBe(0);
    expect(cellMissingShare(grid, hrRow, 3)).toBeNaN();
  });

  it('names the rows to exclude for the damaged hours', () => {
    const { mask, count } = rowsInHourRanges(frame, report.damaged);
    let expected = 0;
    for (const e of capture.events)
      if (e.host === 'WS-FIN-07' && e.timeMs >= CAPTURE_START_MS + 9 * HOUR && e.timeMs < CAPTURE_START_MS + 11 * HOUR) expected++;
    expect(count).toBe(expected);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(expected);
    expect(rowsInHourRanges(frame, [{ host: 'no such host', fromMs: 0, toMs: Infinity }]).count).toBe(0);
  });

  it('counts lifetimes: stops matched to starts, stops without start, parents unresolved', () => {
    const keys = new Set(capture.events.filter((e) => e.eventId === 1).map((e) => `${e.host}/${e.processSequence}`));
    const starts = capture.events.filter((e) => e.eventId === 1).length;
    const stops = capture.events.filter((e) => e.eventId === 2);
    const orphanStops = stops.filter((e) => !keys.has(`${e.host}/${e.processSequence}`)).length;
    expect(report.lifetimes).toMatchObject({
      starts,
      stops: stops.length,
      stopsWithoutStart: orphanStops,
      startsWithoutStop: starts - (stops.length - orphanStops),
    });
    // Every start names explorer.exe (pid 4000), which started before the capture.
    expect(report.lifetimes.parentsUnresolved).toBe(starts);
    expect(report.lifetimes.pidReuse).toBeGreaterThan(0);
  });
});

describe('capture completeness when only starts are lost', () => {
  it('counts the lost starts whose stop came as stops without a start, and only the rest as missing', () => {
    const capture = generateProcessCapture({
      hosts: ['WS-A'],
      hours: 6,
      startsPerHour: 400,
      seed: 3,
      drops: [{ host: 'WS-A', fromHour: 2, toHour: 3, share: 0.2, what: 'start' }],
    });
    const report = captureCompleteness(frameFromEvents(capture.events));
    const startSequences = new Set(capture.events.filter((e) => e.eventId === 1).map((e) => e.processSequence));
    const seen = new Set(capture.events.map((e) => e.processSequence).filter((s) => s >= 0));
    const stopsWithoutStart = capture.events.filter((e) => e.eventId === 2 && !startSequences.has(e.processSequence)).length;
    expect(report.hosts[0]?.lifetimes.stopsWithoutStart).toBe(stopsWithoutStart);
    expect(report.lostStarts).toMatchObject({ kind: 'estimated', missing: (capture.created.get('WS-A') ?? 0) - seen.size });
  });
});

describe('capture completeness: edge cases', () => {
  it('gives a clean capture no damaged hours and says so', () => {
    const capture = generateProcessCapture({ hosts: ['H1', 'H2'], hours: 5, startsPerHour: 300, seed: 9 });
    const report = captureCompleteness(frameFromEvents(capture.events));
    expect(report.damaged).toEqual([]);
    expect(report.lostStarts).toMatchObject({ kind: 'estimated', missing: 0, missingShare: 0, runs: 2 });
    expect(report.verdicts).toEqual(['No damaged hours: no process starts missing overall on 2 hosts with sequence numbers.']);
  });

  it('gives the same answer when files arrive out of time order, and ignores generated known-bad rows', () => {
    const capture = generateProcessCapture({
      hosts: ['H1', 'H2'],
      hours: 6,
      startsPerHour: 300,
      seed: 4,
      drops: [{ host: 'H2', fromHour: 1, toHour: 2, share: 0.3, what: 'process' }],
    });
    const sorted = captureCompleteness(frameFromEvents(capture.events));
    const frame = frameFromEvents([...capture.events].reverse());
    // A generated known-bad start with a sequence number far below H1's would read as a reboot.
    const generated: NormalizedEvent = {
      eventId: 1,
      timeMs: capture.events[0]?.timeMs ?? 0,
      host: 'H1',
      processId: 4,
      parentProcessId: -1,
      processSequence: 5,
      parentProcessSequence: -1,
      imageName: 'C:\\Users\\Public\\x.exe',
      createTimeMs: Number.NaN,
      parentImage: null,
    };
    appendEvent(frame, generated, { hostCode: frame.hosts.code('H1'), sourceCode: 0, label: Label.KnownBad, isSynthetic: true });
    const reversed = captureCompleteness(frame);
    expect(reversed.lostStarts).toEqual(sorted.lostStarts);
    expect(reversed.damaged).toEqual(sorted.damaged);
    expect(reversed.events).toBe(capture.events.length);
    expect(reversed.damaged.map((d) => d.host)).toEqual(['H2']);
  });

  it('tells a short boot by the silence before its first start, though its numbers fall back only a little', () => {
    const start = (sequence: number, timeMs: number): NormalizedEvent => ({
      eventId: 1,
      timeMs,
      host: 'LAB-1',
      processId: 4 * sequence,
      parentProcessId: -1,
      processSequence: sequence,
      parentProcessSequence: -1,
      imageName: 'C:\\Windows\\System32\\cmd.exe',
      createTimeMs: timeMs,
      parentImage: null,
    });
    const firstBoot = Array.from({ length: 100 }, (_, i) => start(1000 + i, CAPTURE_START_MS + i * 30_000));
    const secondBoot = Array.from({ length: 100 }, (_, i) => start(950 + i, CAPTURE_START_MS + 2 * HOUR + i * 30_000));
    const report = captureCompleteness(frameFromEvents([...firstBoot, ...secondBoot]));
    expect(report.lostStarts).toEqual({ kind: 'estimated', seen: 200, expected: 200, missing: 0, missingShare: 0, runs: 2 });
    expect(report.hosts[0]?.silentStretchCount).toBe(1);
  });

  it('reports an empty frame without failing', () => {
    const report = captureCompleteness(frameFromEvents([]));
    expect(report.hosts).toEqual([]);
    expect(report.lostStarts.kind).toBe('not-available');
  });

  it('words spans across midnight with both days, in the frame zone', () => {
    const from = Date.UTC(2026, 10, 24, 22);
    expect(damagedVerdict('H', from, from + 4 * HOUR, 0.004, 'UTC')).toBe('H: <1% of process starts missing between Tuesday 22:00 and Wednesday 02:00');
    expect(damagedVerdict('H', from, from + HOUR, 0.12, 'UTC+01:00')).toBe('H: ~12% of process starts missing between 23:00 and 00:00 on Tuesday');
  });

  it('reads each end of a span on the wall clock of its instant across a daylight-saving change', () => {
    // Berlin left summer time on Sunday 25 October 2026 at 01:00 UTC (03:00 CEST became 02:00 CET).
    const from = Date.UTC(2026, 9, 24, 23);
    expect(damagedVerdict('H', from, from + 4 * HOUR, 0.1, 'Europe/Berlin')).toBe('H: ~10% of process starts missing between 01:00 and 04:00 on Sunday');
  });
});
