import { describe, expect, it } from 'vitest';
import { dropoutMultipliers } from './seededDropout';

describe('dropoutMultipliers', () => {
  it('drops about `rate` of the units and scales the rest by 1 / (1 − rate)', () => {
    const values = dropoutMultipliers(100_000, 0.1, 7);
    const dropped = values.filter((value) => value === 0).length;
    expect(dropped / values.length).toBeGreaterThan(0.095);
    expect(dropped / values.length).toBeLessThan(0.105);
    expect(new Set(values.filter((value) => value !== 0))).toEqual(new Set([Math.fround(1 / 0.9)]));
  });

  it('repeats for a seed and differs between neighbouring seeds', () => {
    expect(Array.from(dropoutMultipliers(4096, 0.3, 11))).toEqual(Array.from(dropoutMultipliers(4096, 0.3, 11)));
    const a = dropoutMultipliers(4096, 0.3, 11);
    const b = dropoutMultipliers(4096, 0.3, 12);
    const same = a.filter((value, i) => value === b[i]).length;
    // Independent masks agree on 0.3² + 0.7² = 58% of the units.
    expect(same / a.length).toBeGreaterThan(0.53);
    expect(same / a.length).toBeLessThan(0.63);
  });

  it('keeps every unit at rate 0', () => {
    expect(dropoutMultipliers(64, 0, 1).every((value) => value === 1)).toBe(true);
  });
});
