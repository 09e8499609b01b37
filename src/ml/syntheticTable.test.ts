import { describe, expect, it } from 'vitest';
import { makeSyntheticTable } from './syntheticTable';

describe('makeSyntheticTable', () => {
  it('puts known-bad rows only at night or on weekends and known-good rows in office hours', () => {
    const table = makeSyntheticTable({ size: 500, badShare: 0.4, seed: 1, clock: 'night-weekend' });
    for (let row = 0; row < table.size; row++) {
      const hour = table.columns.hour?.codes[row] ?? -1;
      const weekday = table.columns.weekday?.codes[row] ?? -1;
      const time = new Date(table.timeMs[row] ?? 0);
      expect([time.getUTCHours(), time.getUTCDay()]).toEqual([hour, weekday]);
      const isOfficeHours = weekday >= 1 && weekday <= 5 && hour >= 8 && hour <= 17;
      expect(isOfficeHours).toBe(table.label[row] === 0);
      if (table.synthetic[row] === 1) expect(table.label[row]).toBe(1);
    }
  });

  it('repeats itself for a seed and honours the bad share roughly', () => {
    const options = { size: 2000, badShare: 0.25, seed: 8, clock: 'none' } as const;
    const table = makeSyntheticTable(options);
    expect(makeSyntheticTable(options)).toEqual(table);
    const bad = table.label.reduce((sum, label) => sum + label, 0);
    expect(Math.abs(bad / table.size - 0.25)).toBeLessThan(0.03);
    expect(table.groupName).toBe(table.columns.name?.codes);
  });
});
