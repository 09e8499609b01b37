import { describe, expect, it } from 'vitest';
import { alertsPerDay, dayLabel, firstAlertBin, meanAlertsPerDay } from './alertsPerDay';

function bins(entries: Record<number, number>): number[] {
  const out = new Array<number>(100).fill(0);
  for (const [bin, count] of Object.entries(entries)) out[Number(bin)] = count;
  return out;
}

describe('firstAlertBin', () => {
  it('maps grid thresholds to their own bin despite floating point', () => {
    expect(firstAlertBin(0.3, 100)).toBe(30); // 0.3 * 100 = 30.000000000000004
    expect(firstAlertBin(0.57, 100)).toBe(57); // 0.57 * 100 = 56.99999999999999
    expect(firstAlertBin(0.5, 100)).toBe(50);
    expect(firstAlertBin(0.01, 100)).toBe(1);
  });
  it('counts every bin at 0 and none past 1', () => {
    expect(firstAlertBin(0, 100)).toBe(0);
    expect(firstAlertBin(1, 100)).toBe(100);
    expect(firstAlertBin(1.5, 100)).toBe(100);
  });
  it('leaves out a bin the threshold falls inside', () => {
    expect(firstAlertBin(0.505, 100)).toBe(51);
  });
});

describe('alertsPerDay', () => {
  const day1 = Date.UTC(2024, 5, 3);
  const day2 = Date.UTC(2024, 5, 4);
  const days = [
    { dayStartMs: day1, bins: bins({ 0: 900, 49: 7, 50: 3, 99: 2 }) },
    { dayStartMs: day2, bins: bins({ 10: 40, 75: 5 }) },
  ];

  it('sums the bins at or above the threshold per day', () => {
    // day 1: bins 50 and 99 → 3 + 2; day 2: bin 75 → 5.
    expect(alertsPerDay(days, 0.5)).toEqual([
      { dayStartMs: day1, events: 912, alerts: 5 },
      { dayStartMs: day2, events: 45, alerts: 5 },
    ]);
  });
  it('includes the bin that starts at the threshold and excludes the one below', () => {
    expect(alertsPerDay(days, 0.49).map((d) => d.alerts)).toEqual([12, 5]);
    expect(alertsPerDay(days, 0.76).map((d) => d.alerts)).toEqual([2, 0]);
  });
  it('flags everything at 0 and nothing at 1', () => {
    expect(alertsPerDay(days, 0).map((d) => d.alerts)).toEqual([912, 45]);
    expect(alertsPerDay(days, 1).map((d) => d.alerts)).toEqual([0, 0]);
  });
  it('averages over days with events only', () => {
    const result = [
      { dayStartMs: day1, events: 10, alerts: 4 },
      { dayStartMs: day2, events: 0, alerts: 0 },
      { dayStartMs: day2 + 86_400_000, events: 3, alerts: 1 },
    ];
    expect(meanAlertsPerDay(result)).toBe(2.5);
    expect(meanAlertsPerDay([])).toBeNaN();
  });
  it('labels days by their UTC date', () => {
    expect(dayLabel(day2)).toBe('2024-06-04');
  });
});
