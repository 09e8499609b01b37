import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/random';
import type { IocEntry } from './iocCsv';
import type { CaptureProfile } from './profile';
import { buildSessions, drawSessionTime, isHourInSpan, isInSession, type SessionPattern } from './sessions';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 2024-03-04 09:00 UTC to Friday 2024-03-08 17:00 UTC.
const MONDAY = Date.UTC(2024, 2, 4);
const hours = new Array<number>(24).fill(0);
hours[10] = 30;
hours[14] = 10;
const profile: CaptureProfile = {
  names: [],
  hosts: ['WS01', 'WS02'],
  timeRange: [MONDAY + 9 * HOUR, MONDAY + 4 * DAY + 17 * HOUR],
  activeHourHistogram: hours,
};

function draw(pattern: SessionPattern, seed = 7, count = 30): { sessions: ReturnType<typeof buildSessions>; times: number[] } {
  const random = seededRandom(seed);
  const sessions = buildSessions(profile, { count, pattern, iocs: [], examples: [], random });
  const times = sessions.flatMap((s) => Array.from({ length: 20 }, () => drawSessionTime(s, random)));
  return { sessions, times };
}

const utcHour = (t: number): number => new Date(t).getUTCHours();
const utcDay = (t: number): number => new Date(t).getUTCDay();

describe('pattern sessions', () => {
  it('night: every time is between 22:00 and 05:59 UTC, windows 20–120 min', () => {
    const { sessions, times } = draw({ kind: 'night' });
    expect(sessions).toHaveLength(30);
    for (const t of times) expect(utcHour(t) >= 22 || utcHour(t) <= 5).toBe(true);
    for (const s of sessions) {
      expect(s.endMs - s.startMs).toBeGreaterThanOrEqual(20 * 60_000);
      expect(s.endMs - s.startMs).toBeLessThanOrEqual(120 * 60_000);
      expect(s.source).toBe('pattern');
      expect(['WS01', 'WS02']).toContain(s.host);
    }
  });

  it('weekend: a weekday capture gets the weekend days around it', () => {
    const { times } = draw({ kind: 'weekend' });
    for (const t of times) expect([0, 6]).toContain(utcDay(t));
    // Saturday 2024-03-02 … Sunday 2024-03-10.
    for (const t of times) expect(t >= Date.UTC(2024, 2, 2) && t < Date.UTC(2024, 2, 11)).toBe(true);
  });

  it('other-timezone office hours: 09–17 on weekdays at UTC+9 is 00–08 UTC', () => {
    const { times } = draw({ kind: 'other-timezone-office-hours', offsetHours: 9 });
    for (const t of times) {
      const local = new Date(t + 9 * HOUR);
      expect(local.getUTCHours()).toBeGreaterThanOrEqual(9);
      expect(local.getUTCHours()).toBeLessThanOrEqual(16);
      expect([1, 2, 3, 4, 5]).toContain(local.getUTCDay());
    }
  });

  it('inside-capture: only hours the capture is active in, on capture days', () => {
    const { times } = draw({ kind: 'inside-capture' });
    const seen = new Set(times.map(utcHour));
    expect([...seen].sort()).toEqual([10, 14]);
    for (const t of times) expect(t >= MONDAY && t < MONDAY + 5 * DAY).toBe(true);
  });

  it('any-time: inside the capture range', () => {
    const { times } = draw({ kind: 'any-time' });
    for (const t of times) expect(t >= profile.timeRange[0] && t <= profile.timeRange[1]).toBe(true);
  });

  it('every drawn time lies in its window, and the same seed gives the same sessions', () => {
    const random = seededRandom(3);
    const sessions = buildSessions(profile, { count: 5, pattern: { kind: 'night' }, iocs: [], examples: [], random });
    for (const s of sessions) {
      for (let i = 0; i < 50; i++) {
        const t = drawSessionTime(s, random);
        expect(t >= s.startMs && t < s.endMs).toBe(true);
      }
    }
    expect(draw({ kind: 'night' }, 11).sessions).toEqual(draw({ kind: 'night' }, 11).sessions);
    expect(draw({ kind: 'night' }, 11).sessions).not.toEqual(draw({ kind: 'night' }, 12).sessions);
  });
});

describe('sessions from IOCs and imported examples', () => {
  const ioc = (line: number, first: number | null, last: number | null, span: { from: number; to: number } | null): IocEntry => ({
    line,
    name: 'x.exe',
    path: null,
    firstSeenMs: first,
    lastSeenMs: last,
    hours: span,
    actor: 'APT-X',
    note: null,
  });

  it('uses first/last seen windows and hours, then fills up from the pattern', () => {
    const start = Date.UTC(2024, 2, 5, 20);
    const iocs = [ioc(2, start, start + 10 * HOUR, { from: 23, to: 1 }), ioc(3, start, start + 10 * HOUR, { from: 23, to: 1 }), ioc(4, start, null, null)];
    const examples = [
      { sessionId: 9, timeMs: start + 5 * DAY, host: 'DC01' },
      { sessionId: 9, timeMs: start + 5 * DAY + HOUR, host: 'DC01' },
    ];
    const random = seededRandom(1);
    const sessions = buildSessions(profile, { count: 4, pattern: { kind: 'night' }, iocs, examples, random });
    expect(sessions.map((s) => [s.id, s.source, s.startMs, s.endMs, s.hours, s.label])).toEqual([
      // Line 3 repeats line 2's window and hours: one session.
      [0, 'ioc', start, start + 10 * HOUR, { from: 23, to: 1 }, 'IOC list line 2 (APT-X)'],
      [1, 'ioc', start, start + HOUR, null, 'IOC list line 4 (APT-X)'],
      [2, 'imported', start + 5 * DAY, start + 5 * DAY + HOUR + 1, null, 'imported session 9'],
      [3, 'pattern', sessions[3]?.startMs, sessions[3]?.endMs, null, 'night (22:00–05:59 UTC)'],
    ]);
    expect(sessions[2]?.host).toBe('DC01');
    const first = sessions[0];
    if (first === undefined) throw new Error('no session');
    for (let i = 0; i < 200; i++) {
      const t = drawSessionTime(first, random);
      expect([23, 0, 1]).toContain(utcHour(t));
      expect(t >= first.startMs && t < first.endMs).toBe(true);
      expect(isInSession(first, t)).toBe(true);
    }
    expect(isInSession(first, start + HOUR)).toBe(false);
  });

  it('refuses to place pattern sessions around a capture without times', () => {
    const empty: CaptureProfile = { ...profile, timeRange: [NaN, NaN] };
    expect(() => buildSessions(empty, { count: 1, pattern: { kind: 'night' }, iocs: [], examples: [], random: seededRandom(1) })).toThrow(RangeError);
  });
});

describe('isHourInSpan', () => {
  it('includes both ends and wraps past midnight', () => {
    const night = Array.from({ length: 24 }, (_, h) => h).filter((h) => isHourInSpan(h, { from: 22, to: 5 }));
    expect(night).toEqual([0, 1, 2, 3, 4, 5, 22, 23]);
    expect(Array.from({ length: 24 }, (_, h) => h).filter((h) => isHourInSpan(h, { from: 9, to: 11 }))).toEqual([9, 10, 11]);
  });
});
