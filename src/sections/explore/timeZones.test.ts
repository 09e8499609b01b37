import { describe, expect, it } from 'vitest';
import { formatUtcOffset, UTC_OFFSET_CHOICES } from './timeZones';

describe('time zones', () => {
  it('formats offsets with hours and minutes', () => {
    expect(formatUtcOffset(0)).toBe('UTC');
    expect(formatUtcOffset(330)).toBe('UTC+05:30');
    expect(formatUtcOffset(-210)).toBe('UTC−03:30');
    expect(formatUtcOffset(-720)).toBe('UTC−12:00');
    expect(formatUtcOffset(765)).toBe('UTC+12:45');
  });

  it('offers UTC and sorted, distinct offsets from −12 to +14 hours', () => {
    expect(UTC_OFFSET_CHOICES).toContain(0);
    expect([...UTC_OFFSET_CHOICES].sort((a, b) => a - b)).toEqual(UTC_OFFSET_CHOICES);
    expect(new Set(UTC_OFFSET_CHOICES).size).toBe(UTC_OFFSET_CHOICES.length);
    expect(UTC_OFFSET_CHOICES[0]).toBe(-720);
    expect(UTC_OFFSET_CHOICES.at(-1)).toBe(840);
  });
});
