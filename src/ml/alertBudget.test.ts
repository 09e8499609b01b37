import { describe, expect, it } from 'vitest';
import { alertsPerHostDay, chooseBudgetThreshold, compareAtBudget, detectionAtThreshold, knownBadSessions, type LabelledRows } from './alertBudget';
import { seededRandom } from '../lib/random';
import { splitExamples } from './splits';
import { makeSyntheticTable } from './syntheticTable';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 23);

/** Independent count: flagged rows per (host, UTC day) at `threshold`. */
function perHostDay(
  scores: ArrayLike<number>,
  host: ArrayLike<number>,
  time: ArrayLike<number>,
  threshold: number,
): { alerts: Map<string, number>; hostDays: number } {
  const alerts = new Map<string, number>();
  for (let i = 0; i < scores.length; i++) {
    const key = `${host[i]}@${Math.floor((time[i] ?? 0) / DAY)}`;
    alerts.set(key, (alerts.get(key) ?? 0) + ((scores[i] ?? 0) >= threshold ? 1 : 0));
  }
  return { alerts, hostDays: alerts.size };
}

describe('choosing a threshold for K alerts per host per day', () => {
  // 2 hosts × 2 days, 4 rows each: 4 host-days.
  const rows = {
    scores: [0.9, 0.8, 0.1, 0.2, 0.95, 0.3, 0.3, 0.1, 0.7, 0.6, 0.5, 0.4, 0.2, 0.2, 0.1, 0.05],
    host: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1],
    timeMs: [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7].map((i) => T0 + (i < 4 ? 0 : DAY) + i * HOUR),
  };

  it('under the mean rule takes the K × host-days highest scores', () => {
    const chosen = chooseBudgetThreshold(rows, { alertsPerHostDay: 1 });
    // 4 alerts allowed: 0.95, 0.9, 0.8, 0.7.
    expect(chosen.threshold).toBe(0.7);
    expect(chosen.validation).toEqual({ alerts: 4, hostDays: 4, meanPerHostDay: 1, maxPerHostDay: 2 });
  });

  it('never splits a tie: the next group of equal scores must fit whole', () => {
    // 2.5 × 4 = 10 allowed; the 0.2 group (4 rows) would take 7 → 11.
    const chosen = chooseBudgetThreshold(rows, { alertsPerHostDay: 2.5 });
    expect(chosen.threshold).toBe(0.3);
    expect(chosen.validation.alerts).toBe(9);
  });

  it('under the every-host-day rule keeps each host-day within K', () => {
    const chosen = chooseBudgetThreshold(rows, { alertsPerHostDay: 1, rule: 'every-host-day' });
    // 0.95 (h0 d1), 0.9 (h0 d0), then 0.8 would make h0 d0 two.
    expect(chosen.threshold).toBe(0.9);
    expect(chosen.validation.maxPerHostDay).toBe(1);
  });

  it('flags nothing when even the top score breaks the budget, and rejects a negative budget', () => {
    const chosen = chooseBudgetThreshold(rows, { alertsPerHostDay: 0 });
    expect(chosen.threshold).toBeGreaterThan(0.95);
    expect(chosen.validation.alerts).toBe(0);
    expect(() => chooseBudgetThreshold(rows, { alertsPerHostDay: -1 })).toThrow(/≥ 0/);
  });

  it('counts host-days in the zone: local midnight moves rows to another day', () => {
    const shifted = chooseBudgetThreshold(rows, { alertsPerHostDay: 1, timeZone: 'UTC-02:00' });
    // At UTC−2 each host's 00:00 and 01:00 UTC rows fall on the day before: 3 days per host.
    expect(shifted.validation.hostDays).toBe(6);
    // 6 alerts allowed: 0.95, 0.9, 0.8, 0.7, 0.6, 0.5.
    expect(shifted.threshold).toBe(0.5);
  });
});

describe('known-bad sessions', () => {
  const rows: LabelledRows = {
    scores: [0.9, 0.1, 0.2, 0.8, 0.1, 0.7],
    labels: [1, 1, 0, 1, 1, 1],
    host: [0, 0, 0, 0, 1, 1],
    timeMs: [T0, T0 + 10 * 60_000, T0, T0 + 3 * HOUR, T0, T0 + 5 * 60_000],
  };

  it('cuts sessions by host and time gap when no ids are given', () => {
    const { session, count } = knownBadSessions(rows);
    expect(count).toBe(3);
    expect(Array.from(session)).toEqual([0, 0, -1, 1, 2, 2]);
  });

  it('uses the generator session ids when given', () => {
    const { count } = knownBadSessions({ ...rows, sessions: [7, 8, -1, 7, 9, -1] });
    // 7, 8, 9, and the known-bad row without an id on its own.
    expect(count).toBe(4);
  });

  it('reports event and session detection at a threshold', () => {
    const detection = detectionAtThreshold(rows, 0.75);
    expect(detection).toMatchObject({ badEvents: 5, flaggedBadEvents: 2, eventRate: 0.4, badSessions: 3, flaggedBadSessions: 2 });
  });
});

describe('the model and the baselines at one budget, on a capture with known known-bad', () => {
  const table = makeSyntheticTable({ size: 4000, badShare: 0.05, seed: 11, clock: 'none' });
  const split = splitExamples(table, { kind: 'random-stratified', testShare: 0.3, validationShare: 0.2, seed: 5 });
  const random = seededRandom(2);
  // A model that scores known-bad rows higher on average, with noise.
  const scoreOf = (row: number): number => Math.min(1, random.next() * 0.7 + (table.label[row] === 1 ? 0.35 : 0));
  const modelScores = { validation: Float32Array.from(split.validation, scoreOf), test: Float32Array.from(split.test, scoreOf) };
  const K = 3;
  const entries = compareAtBudget(table, split, modelScores, { alertsPerHostDay: K });

  it('lists the model, the rarity baseline and one baseline per feature column', () => {
    expect(entries.map((e) => e.name)).toEqual(['Model', 'Rarity of name and folder', 'hour alone', 'weekday alone', 'name alone', 'folder alone']);
  });

  it('keeps every scorer within K alerts per host per day on validation, counted independently', () => {
    const host = Array.from(split.validation, (row) => table.groupHost[row] ?? -1);
    const time = Array.from(split.validation, (row) => table.timeMs[row] ?? 0);
    const model = entries[0];
    const counted = perHostDay(modelScores.validation, host, time, model?.chosen.threshold ?? 0);
    const alerts = [...counted.alerts.values()].reduce((a, b) => a + b, 0);
    expect(alerts / counted.hostDays).toBeLessThanOrEqual(K);
    expect(alerts).toBe(model?.chosen.validation.alerts);
    expect(alerts).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.chosen.validation.meanPerHostDay).toBeLessThanOrEqual(K);
  });

  it("prints the model's test detection rate that a count from the fixture gives", () => {
    const model = entries[0];
    const threshold = model?.chosen.threshold ?? 0;
    let bad = 0;
    let flagged = 0;
    split.test.forEach((row, i) => {
      if (table.label[row] !== 1) return;
      bad++;
      if ((modelScores.test[i] ?? 0) >= threshold) flagged++;
    });
    expect(model?.test.badEvents).toBe(bad);
    expect(model?.test.flaggedBadEvents).toBe(flagged);
    expect(model?.test.eventRate).toBeCloseTo(flagged / bad, 12);
    expect(model?.test.flaggedBadSessions).toBeLessThanOrEqual(model?.test.badSessions ?? 0);
  });
});

describe('alerts per host per day of a scored capture', () => {
  it('gives one entry per host-day with events, named, by host then day', () => {
    const cells = alertsPerHostDay(
      { scores: [0.9, 0.2, 0.8, 0.95, 0.1], host: [1, 1, 1, 0, 0], timeMs: [T0, T0 + HOUR, T0 + DAY, T0 + 2 * HOUR, T0 + DAY] },
      0.5,
      ['WS-A', 'WS-B'],
    );
    expect(cells).toEqual([
      { host: 'WS-A', dayStartMs: T0, alerts: 1, events: 1 },
      { host: 'WS-A', dayStartMs: T0 + DAY, alerts: 0, events: 1 },
      { host: 'WS-B', dayStartMs: T0, alerts: 1, events: 2 },
      { host: 'WS-B', dayStartMs: T0 + DAY, alerts: 1, events: 1 },
    ]);
  });
});

describe('host-days across a daylight-saving change', () => {
  // Berlin moved to summer time on Sunday 29 March 2026 at 01:00 UTC (02:00 CET became 03:00 CEST).
  const times = [
    Date.UTC(2026, 2, 28, 22, 30), // 23:30 CET, Saturday 28 March
    Date.UTC(2026, 2, 28, 23, 30), // 00:30 CET, Sunday 29 March
    Date.UTC(2026, 2, 29, 21, 30), // 23:30 CEST, Sunday 29 March
    Date.UTC(2026, 2, 29, 22, 30), // 00:30 CEST, Monday 30 March (one offset for the capture, CET, would say 23:30 Sunday)
  ];
  const rows = { scores: [0.9, 0.8, 0.7, 0.6], host: [0, 0, 0, 0], timeMs: times };

  it('splits days at local midnight on each side of the change', () => {
    const cells = alertsPerHostDay(rows, 0.5, ['WS-BER'], 'Europe/Berlin');
    expect(cells).toEqual([
      { host: 'WS-BER', dayStartMs: Date.UTC(2026, 2, 27, 23), alerts: 1, events: 1 },
      { host: 'WS-BER', dayStartMs: Date.UTC(2026, 2, 28, 23), alerts: 2, events: 2 },
      { host: 'WS-BER', dayStartMs: Date.UTC(2026, 2, 29, 22), alerts: 1, events: 1 },
    ]);
    // The zone's offset at the first event alone (CET all along) would put the last row on Sunday.
    expect(alertsPerHostDay(rows, 0.5, ['WS-BER'], 'UTC+01:00').map((cell) => cell.events)).toEqual([1, 3]);
  });

  it('chooses the budget threshold over those host-days', () => {
    const chosen = chooseBudgetThreshold(rows, { alertsPerHostDay: 1, rule: 'every-host-day', timeZone: 'Europe/Berlin' });
    expect(chosen.validation.hostDays).toBe(3);
    // Sunday holds 0.8 and 0.7: at most one alert a day stops above 0.7.
    expect(chosen.threshold).toBe(0.8);
  });
});
