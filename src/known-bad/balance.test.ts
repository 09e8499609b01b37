import { describe, expect, it } from 'vitest';
import { balanceIndices } from './balance';

/** `good` zeros then `bad` ones, interleaved so indices of both classes are spread out. */
function labels(good: number, bad: number): Uint8Array {
  const result = new Uint8Array(good + bad);
  const step = (good + bad) / Math.max(1, bad);
  for (let k = 0; k < bad; k++) result[Math.floor(k * step)] = 1;
  return result;
}

function classCounts(all: Uint8Array, indices: Uint32Array): { good: number; bad: number } {
  let bad = 0;
  for (const i of indices) bad += all[i] ?? 0;
  return { good: indices.length - bad, bad };
}

describe('balanceIndices', () => {
  const data = labels(100, 10);

  it('undersamples good rows to the wanted share', () => {
    const half = balanceIndices(data, { seed: 1, strategy: 'undersample-good' });
    expect([half.good, half.bad, half.indices.length]).toEqual([10, 10, 20]);
    expect(classCounts(data, half.indices)).toEqual({ good: 10, bad: 10 });
    expect(new Set(half.indices).size).toBe(20);
    expect([...half.indices]).toEqual([...half.indices].sort((a, b) => a - b));

    // 10 bad at 25% → 30 good.
    const quarter = balanceIndices(data, { seed: 1, strategy: 'undersample-good', ratioBad: 0.25 });
    expect(classCounts(data, quarter.indices)).toEqual({ good: 30, bad: 10 });
  });

  it('keeps all good and subsamples bad when there are too few good rows', () => {
    const fewGood = labels(5, 50);
    const result = balanceIndices(fewGood, { seed: 2, strategy: 'undersample-good' });
    expect(classCounts(fewGood, result.indices)).toEqual({ good: 5, bad: 5 });
    expect([result.good, result.bad]).toEqual([5, 5]);
  });

  it('oversamples bad rows in whole copies plus a distinct remainder', () => {
    const half = balanceIndices(data, { seed: 3, strategy: 'oversample-bad' });
    expect(classCounts(data, half.indices)).toEqual({ good: 100, bad: 100 });
    const times = new Map<number, number>();
    for (const i of half.indices) if (data[i] === 1) times.set(i, (times.get(i) ?? 0) + 1);
    expect([...times.values()]).toEqual(new Array<number>(10).fill(10));

    // 100 good at 20% bad → 25 bad: every bad row twice, 5 of them three times.
    const fifth = balanceIndices(data, { seed: 3, strategy: 'oversample-bad', ratioBad: 0.2 });
    expect(classCounts(data, fifth.indices)).toEqual({ good: 100, bad: 25 });
    const repeats = new Map<number, number>();
    for (const i of fifth.indices) if (data[i] === 1) repeats.set(i, (repeats.get(i) ?? 0) + 1);
    expect([...repeats.values()].sort()).toEqual([2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
  });

  it('subsamples bad rows when oversampling would need fewer', () => {
    const manyBad = labels(10, 40);
    expect(classCounts(manyBad, balanceIndices(manyBad, { seed: 1, strategy: 'oversample-bad' }).indices)).toEqual({ good: 10, bad: 10 });
  });

  it('is deterministic per seed', () => {
    const a = balanceIndices(data, { seed: 9, strategy: 'undersample-good' }).indices;
    expect(balanceIndices(data, { seed: 9, strategy: 'undersample-good' }).indices).toEqual(a);
    expect(balanceIndices(data, { seed: 10, strategy: 'undersample-good' }).indices).not.toEqual(a);
  });

  it('rejects shares outside (0, 1) and handles no bad rows', () => {
    expect(() => balanceIndices(data, { seed: 1, strategy: 'oversample-bad', ratioBad: 1 })).toThrow(RangeError);
    const noBad = balanceIndices(labels(20, 0), { seed: 1, strategy: 'oversample-bad' });
    expect([noBad.good, noBad.bad]).toEqual([20, 0]);
  });
});
