import { describe, expect, it } from 'vitest';
import { fixedOffsetMinutes, formatUtcOffset, isKnownTimeZone, timeZoneNames, ZoneClock, zoneOffsetMs } from './timeZone';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Hour and weekday of an instant on a zone's wall clock, straight from Intl (the slow truth). */
function wallClock(format: Intl.DateTimeFormat, timeMs: number): { hour: number; weekday: number } {
  const parts = format.formatToParts(timeMs);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
  return { hour: Number(parts.find((p) => p.type === 'hour')?.value), weekday };
}

describe('ZoneClock', () => {
  it('follows Europe/Berlin into and out of summer time', () => {
    const clock = new ZoneClock('Europe/Berlin');
    // 2025-03-30 01:00 UTC: 02:00 CET becomes 03:00 CEST.
    const spring = Date.parse('2025-03-30T01:00:00Z');
    expect(clock.hour(spring - 1)).toBe(1); // 01:59:59.999 CET
    expect(clock.hour(spring)).toBe(3);
    expect(clock.offsetMinutes(spring - 1)).toBe(60);
    expect(clock.offsetMinutes(spring)).toBe(120);
    // 2025-10-26 01:00 UTC: 03:00 CEST becomes 02:00 CET; the hour 02 happens twice.
    const autumn = Date.parse('2025-10-26T01:00:00Z');
    expect(clock.hour(autumn - 30 * MINUTE)).toBe(2);
    expect(clock.hour(autumn)).toBe(2);
    expect(clock.hour(autumn + HOUR)).toBe(3);
    expect(clock.offsetMinutes(autumn - 1)).toBe(120);
    expect(clock.offsetMinutes(autumn)).toBe(60);
    expect(clock.weekday(autumn)).toBe(0); // Sunday
  });

  it('follows America/New_York, including the weekday across midnight', () => {
    const clock = new ZoneClock('America/New_York');
    // 2025-03-09 07:00 UTC: 02:00 EST becomes 03:00 EDT.
    const spring = Date.parse('2025-03-09T07:00:00Z');
    expect(clock.hour(spring - 1)).toBe(1);
    expect(clock.hour(spring)).toBe(3);
    // 2025-11-02 06:00 UTC: 02:00 EDT becomes 01:00 EST.
    const autumn = Date.parse('2025-11-02T06:00:00Z');
    expect(clock.hour(autumn - 1)).toBe(1);
    expect(clock.hour(autumn)).toBe(1);
    // 2025-11-03 03:30 UTC is Sunday 22:30 in New York.
    const late = Date.parse('2025-11-03T03:30:00Z');
    expect(clock.hour(late)).toBe(22);
    expect(clock.weekday(late)).toBe(0);
  });

  it("follows Lord Howe Island's half-hour shift at a half-hour UTC instant", () => {
    const clock = new ZoneClock('Australia/Lord_Howe');
    // 2025-04-06 02:00 local summer time (+11:00) = 2025-04-05 15:00 UTC: back to +10:30.
    const autumn = Date.parse('2025-04-05T15:00:00Z');
    expect(clock.offsetMinutes(autumn - 1)).toBe(660);
    expect(clock.offsetMinutes(autumn)).toBe(630);
    // 2025-10-05 02:00 standard time (+10:30) = 2025-10-04 15:30 UTC: on to +11:00, mid-hour.
    const spring = Date.parse('2025-10-04T15:30:00Z');
    expect(clock.offsetMinutes(spring - 1000)).toBe(630);
    expect(clock.offsetMinutes(spring)).toBe(660);
    expect(clock.hour(spring - 1000)).toBe(1); // 01:59:59 +10:30
    expect(clock.hour(spring)).toBe(2); // 02:30 +11:00
    expect(clock.hour(Date.parse('2025-10-04T15:10:00Z'))).toBe(1); // 01:40, same UTC hour, before the change
  });

  it('keeps a zone without daylight saving at one offset', () => {
    const clock = new ZoneClock('Asia/Kolkata');
    for (const iso of ['2025-01-15T12:00:00Z', '2025-07-15T12:00:00Z', '2025-03-30T01:00:00Z']) expect(clock.offsetMinutes(Date.parse(iso))).toBe(330);
    expect(clock.hour(Date.parse('2025-07-15T20:00:00Z'))).toBe(1);
    expect(clock.weekday(Date.parse('2025-07-15T20:00:00Z'))).toBe(3); // Wednesday in India, Tuesday in UTC
  });

  it('agrees with Intl every 50 minutes of a year in several zones', () => {
    const from = Date.parse('2025-01-01T00:00:00Z');
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo']) {
      const clock = new ZoneClock(zone);
      const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', hour: 'numeric', weekday: 'short' });
      for (let t = from + 17 * MINUTE; t < from + 366 * 24 * HOUR; t += 50 * MINUTE) {
        const truth = wallClock(format, t);
        expect([zone, t, clock.hour(t), clock.weekday(t)]).toEqual([zone, t, truth.hour, truth.weekday]);
      }
    }
  });

  it('reads UTC and the fixed offsets older notebooks saved', () => {
    expect(fixedOffsetMinutes('UTC')).toBe(0);
    expect(fixedOffsetMinutes('UTC+05:30')).toBe(330);
    expect(fixedOffsetMinutes('UTC−03:30')).toBe(-210);
    expect(fixedOffsetMinutes('UTC-03:30')).toBe(-210);
    expect(fixedOffsetMinutes('Europe/Berlin')).toBeNull();
    expect(new ZoneClock(formatUtcOffset(-600)).hour(Date.parse('2026-03-01T23:30:00Z'))).toBe(13);
    expect(new ZoneClock('UTC').hour(Number.NaN)).toBe(255);
    expect(zoneOffsetMs('UTC+12:45', 0)).toBe(765 * MINUTE);
  });

  it('names the zones Intl knows, UTC first, and rejects unknown ones', () => {
    const names = timeZoneNames();
    expect(names[0]).toBe('UTC');
    expect(names).toContain('Europe/Berlin');
    expect(names).toContain('Australia/Lord_Howe');
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => new ZoneClock('Mars/Olympus_Mons')).toThrow('unknown time zone "Mars/Olympus_Mons"');
  });
});
