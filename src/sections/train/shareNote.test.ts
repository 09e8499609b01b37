import { describe, expect, it } from 'vitest';
import type { KnownBadSummary } from '../../worker/protocol';
import { trainingShareNote } from './shareNote';

function summary(good: number, bad: number, balance?: { good: number; bad: number }): Pick<KnownBadSummary, 'labelCounts' | 'balance'> {
  const labelCounts: [number, number, number] = [0, good, bad];
  return {
    labelCounts,
    balance: balance
      ? { ...balance, total: balance.good + balance.bad, ratioBad: balance.bad / (balance.good + balance.bad), strategy: 'undersample-good' }
      : null,
  };
}

describe('trainingShareNote', () => {
  it('says when known bad is rare among the labelled rows', () => {
    const note = trainingShareNote(summary(9_800, 98), false);
    expect(note?.isSmall).toBe(true);
    expect(note?.note).toMatch(/98 of 9898 rows \(about 1:100\)/);
  });
  it('reads the balanced sample when training uses it', () => {
    expect(trainingShareNote(summary(9_800, 98, { good: 98, bad: 98 }), true)?.isSmall).toBe(false);
  });
  it('has nothing to say without known bad', () => {
    expect(trainingShareNote(summary(100, 0), false)).toBeNull();
  });
});
