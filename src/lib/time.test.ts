import { describe, expect, it } from 'vitest';
import { dayOfWeek, hourOfDay } from './time';

describe('time features', () => {
  it('agrees with Date for UTC', () => {
    for (const iso of ['2024-12-19T08:10:41.597Z', '2026-03-01T23:59:59Z', '1969-12-31T22:00:00Z']) {
      const ms = Date.parse(iso);
      expect(hourOfDay(ms)).toBe(new Date(ms).getUTCHours());
      expect(dayOfWeek(ms)).toBe(new Date(ms).getUTCDay());
    }
  });
  it('shifts by a time-zone offset across midnight', () => {
    const ms = Date.parse('2026-03-01T23:30:00Z'); // Sunday
    expect(hourOfDay(ms, 60)).toBe(0);
    expect(dayOfWeek(ms, 60)).toBe(1);
    expect(hourOfDay(ms, -600)).toBe(13);
  });
  it('marks unknown times', () => {
    expect(hourOfDay(Number.NaN)).toBe(255);
    expect(dayOfWeek(Number.NaN)).toBe(255);
  });
});
