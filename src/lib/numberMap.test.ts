import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { NumberMap } from './numberMap';

describe('NumberMap', () => {
  it('agrees with a Map over random keys, overwrites and growth', () => {
    const random = seededRandom(9);
    const map = new NumberMap(4);
    const reference = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const key = random.int(50) * 4294967296 + random.int(5000) * 4;
      const value = random.int(1_000_000);
      map.set(key, value);
      reference.set(key, value);
    }
    expect(map.size).toBe(reference.size);
    for (const [key, value] of reference) expect(map.get(key)).toBe(value);
    expect(map.get(51 * 4294967296)).toBe(-1);
  });
});
