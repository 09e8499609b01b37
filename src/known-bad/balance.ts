/**
 * Picks training rows so that known-bad makes up a chosen share (the seed post aims at 50/50),
 * either by dropping known-good rows or by repeating known-bad ones.
 */
import { seededRandom, shuffledIndices, type Random } from '../lib/random';

export type BalanceStrategy = 'undersample-good' | 'oversample-bad';

export interface BalanceOptions {
  /** Wanted share of known-bad rows, strictly between 0 and 1; default 0.5. */
  ratioBad?: number;
  seed: number;
  strategy: BalanceStrategy;
}

export interface BalanceResult {
  /** Selected row indices in ascending order; an oversampled row appears more than once. */
  indices: Uint32Array;
  good: number;
  bad: number;
}

/** `count` distinct items of `pool`, drawn at random. */
function sample(pool: Uint32Array, count: number, random: Random): Uint32Array {
  const order = shuffledIndices(pool.length, random);
  const picked = new Uint32Array(count);
  for (let i = 0; i < count; i++) picked[i] = pool[order[i] ?? 0] ?? 0;
  return picked;
}

/** `count` items of `pool`: whole copies of it, then distinct random ones for the remainder. */
function repeat(pool: Uint32Array, count: number, random: Random): Uint32Array {
  if (pool.length === 0) return new Uint32Array(0);
  const copies = Math.floor(count / pool.length);
  const result = new Uint32Array(count);
  for (let c = 0; c < copies; c++) result.set(pool, c * pool.length);
  result.set(sample(pool, count - copies * pool.length, random), copies * pool.length);
  return result;
}

/**
 * Selects rows for the wanted share of known bad (`labels[i]` 1 = bad, 0 = good).
 * `undersample-good` keeps every bad row and a random subset of good ones; when there are too few
 * good rows for the share it keeps every good row and a random subset of bad ones instead.
 * `oversample-bad` keeps every good row and repeats bad rows (whole copies, then a random
 * remainder), or subsamples them when there are more than the share needs.
 */
export function balanceIndices(labels: Uint8Array, options: BalanceOptions): BalanceResult {
  const ratioBad = options.ratioBad ?? 0.5;
  if (!(ratioBad > 0 && ratioBad < 1)) throw new RangeError(`ratioBad must be between 0 and 1, got ${ratioBad}.`);
  const random = seededRandom(options.seed);
  let goodCount = 0;
  for (const label of labels) if (label === 0) goodCount++;
  const good = new Uint32Array(goodCount);
  const bad = new Uint32Array(labels.length - goodCount);
  let g = 0;
  let b = 0;
  labels.forEach((label, i) => {
    if (label === 0) good[g++] = i;
    else bad[b++] = i;
  });

  let keptGood: Uint32Array;
  let keptBad: Uint32Array;
  const badForAllGood = Math.round((good.length * ratioBad) / (1 - ratioBad));
  if (options.strategy === 'undersample-good') {
    const goodForAllBad = Math.round((bad.length * (1 - ratioBad)) / ratioBad);
    if (goodForAllBad <= good.length) {
      keptGood = sample(good, goodForAllBad, random);
      keptBad = bad;
    } else {
      keptGood = good;
      keptBad = sample(bad, Math.min(bad.length, badForAllGood), random);
    }
  } else {
    keptGood = good;
    keptBad = badForAllGood <= bad.length ? sample(bad, badForAllGood, random) : repeat(bad, badForAllGood, random);
  }
  const indices = new Uint32Array(keptGood.length + keptBad.length);
  indices.set(keptGood);
  indices.set(keptBad, keptGood.length);
  indices.sort();
  return { indices, good: keptGood.length, bad: keptBad.length };
}
