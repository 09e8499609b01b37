import { describe, expect, it } from 'vitest';
import { describeOverlap, histogramOverlap, timeOverlap } from './overlap';

const HOUR = 3_600_000;
const MONDAY = Date.UTC(2024, 2, 4);

describe('timeOverlap', () => {
  it('measures range and hour overlap', () => {
    // Good: Monday 09, 10, 11, 12 h. Bad: Monday 09 h twice and Tuesday 23 h twice.
    const good = [9, 10, 11, 12].map((h) => MONDAY + h * HOUR);
    const bad = [MONDAY + 9 * HOUR, MONDAY + 9 * HOUR + 60_000, MONDAY + 47 * HOUR, MONDAY + 47 * HOUR];
    const overlap = timeOverlap(good, bad);
    expect(overlap.goodRange).toEqual([MONDAY + 9 * HOUR, MONDAY + 12 * HOUR]);
    expect(overlap.badRange).toEqual([MONDAY + 9 * HOUR, MONDAY + 47 * HOUR]);
    // 3 h of the 38 h known-bad span lie inside the capture.
    expect(overlap.rangeShare).toBeCloseTo(3 / 38, 12);
    expect(overlap.badInsideRange).toBe(0.5);
    // p_good(9) = 0.25, p_bad(9) = 0.5; nothing shared at 23 h.
    expect(overlap.hourOverlap).toBeCloseTo(0.25, 12);
    // Good all Monday, bad half Monday.
    expect(overlap.weekdayOverlap).toBeCloseTo(0.5, 12);
    expect(overlap.badHours[23]).toBe(2);
    expect(overlap.goodHours.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('ignores non-finite times and handles empty sides', () => {
    const overlap = timeOverlap([NaN], []);
    expect(overlap.goodRange).toEqual([NaN, NaN]);
    expect([overlap.rangeShare, overlap.badInsideRange, overlap.hourOverlap]).toEqual([0, 0, 0]);
  });

  it('counts a one-instant known-bad span inside the capture as full overlap', () => {
    expect(timeOverlap([MONDAY, MONDAY + HOUR], [MONDAY + 60_000]).rangeShare).toBe(1);
  });
});

describe('histogramOverlap', () => {
  it('is the shared mass of two normalised histograms', () => {
    expect(histogramOverlap([1, 1, 0], [0, 2, 2])).toBeCloseTo(0.5, 12);
    expect(histogramOverlap([3, 0], [3, 0])).toBe(1);
    expect(histogramOverlap([0, 0], [1, 0])).toBe(0);
  });
});

describe('describeOverlap', () => {
  it('warns, naming the feature that gives the answer away', () => {
    const good = Array.from({ length: 32 }, (_, i) => MONDAY + (9 + (i % 8)) * HOUR);
    // One of 32 known-bad events at 09 h, the rest at 23 h: hour overlap 1/32 ≈ 3%.
    const bad = Array.from({ length: 32 }, (_, i) => MONDAY + (i === 0 ? 9 : 23) * HOUR);
    const description = describeOverlap(timeOverlap(good, bad));
    expect(description.level).toBe('warning');
    expect(description.sentence).toBe(
      "Known-bad events fall outside the capture's dates (3% inside): date features will give the answer away. " +
        "Known-bad events fall outside the capture's hours (overlap 3%): hour of day will give the answer away.",
    );
  });

  it('says so plainly when times overlap', () => {
    const times = [MONDAY + 9 * HOUR, MONDAY + 10 * HOUR];
    expect(describeOverlap(timeOverlap(times, times))).toEqual({
      level: 'ok',
      sentence: "Known-bad events overlap the capture's hours (100%) and weekdays (100%).",
    });
  });
});
