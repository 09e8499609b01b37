import { describe, expect, it } from 'vitest';
import { barGeometry, contributionScale, describeContribution, formatDelta } from './contributions';

describe('contribution bars', () => {
  const ranked = [
    {
      contributions: [
        { column: 'hour', delta: 0.4 },
        { column: 'name', delta: -0.1 },
      ],
    },
    {
      contributions: [
        { column: 'hour', delta: 0.2 },
        { column: 'name', delta: -0.5 },
      ],
    },
  ];

  it('scales every row by the largest absolute delta', () => {
    expect(contributionScale(ranked)).toBe(0.5);
    expect(contributionScale([])).toBe(0);
    // A floor keeps a table of tiny deltas from drawing them as full bars.
    expect(contributionScale(ranked, 0.8)).toBe(0.8);
    expect(contributionScale(ranked, 0.1)).toBe(0.5);
  });

  it('grows right from the centre for a raise and left for a drop', () => {
    // 0.4 of 0.5 → 80% of the half track = 40% of the track.
    expect(barGeometry(0.4, 0.5)).toEqual({ leftPercent: 50, widthPercent: 40, direction: 'up' });
    expect(barGeometry(-0.1, 0.5)).toEqual({ leftPercent: 40, widthPercent: 10, direction: 'down' });
    expect(barGeometry(-0.5, 0.5)).toEqual({ leftPercent: 0, widthPercent: 50, direction: 'down' });
  });

  it('draws nothing for a zero delta or an all-zero table', () => {
    expect(barGeometry(0, 0.5)).toEqual({ leftPercent: 50, widthPercent: 0, direction: 'none' });
    expect(barGeometry(0.3, 0)).toEqual({ leftPercent: 50, widthPercent: 0, direction: 'none' });
  });

  it('writes signed deltas and a sentence for each', () => {
    expect(formatDelta(0.4123)).toBe('+0.412');
    expect(formatDelta(-0.03)).toBe('−0.030');
    expect(formatDelta(0.0001)).toBe('0.000');
    expect(describeContribution({ column: 'hour', delta: 0.4123 })).toBe('hour raises the score by 0.412 (neutralising it lowers the score)');
    expect(describeContribution({ column: 'name', delta: -0.25 })).toBe('name lowers the score by 0.250 (neutralising it raises the score)');
    expect(describeContribution({ column: 'folder', delta: 0.0001 })).toBe('folder barely changes the score');
  });
});
