import { describe, expect, it } from 'vitest';
import { KeyTable } from './keyTable';
import { seededRandom } from './random';

describe('KeyTable', () => {
  it('agrees with a Map for keys inside and outside its range, dense or spread out', () => {
    const random = seededRandom(3);
    for (const [low, high, spread] of [
      [1000, 5000, 4000],
      [0, 4_000_000_000, 4_000_000_000],
      [50, 40, 100],
    ] as const) {
      const table = new KeyTable(low, high, 2000);
      const reference = new Map<number, number>();
      for (let i = 0; i < 5000; i++) {
        // Mostly keys in the range, some outside it.
        const key = random.int(10) === 0 ? random.int(10_000) : low + random.int(spread);
        const value = random.int(2 ** 31 - 1);
        table.set(key, value);
        reference.set(key, value);
      }
      for (let key = 0; key < 10_000; key++) expect(table.get(key)).toBe(reference.get(key) ?? -1);
      for (const [key, value] of reference) expect(table.get(key)).toBe(value);
    }
  });
});
