import { describe, expect, it } from 'vitest';
import { mapColumns, newColumn } from '../frame/frame';
import { columnSlice, joinColumn, sliceCount, sliceRows } from './captureSnapshot';
import { InvalidDocument } from './read';

describe('the stored form of a capture: columns in slices', () => {
  it('slices hold at most 16 MiB and join back to the same column', () => {
    expect(sliceRows('timeMs') * 8).toBeLessThanOrEqual(16 * 2 ** 20);
    const length = sliceRows('timeMs') * 2 + 5;
    const columns = mapColumns((name) => newColumn(name, length));
    for (let row = 0; row < length; row++) columns.timeMs[row] = row * 1.5;
    const slices = Array.from({ length: sliceCount('timeMs', length) }, (_, slice) => columnSlice(columns, 'timeMs', slice, length));
    expect(slices.map((slice) => slice.length)).toEqual([sliceRows('timeMs'), sliceRows('timeMs'), 5]);
    // Each slice owns a buffer of its own size: storing it does not copy the whole column.
    expect(slices[2]?.buffer.byteLength).toBe(5 * 8);
    const joined = joinColumn('timeMs', length, slices);
    expect(joined[length - 1]).toBe((length - 1) * 1.5);
    expect(joined.every((value, row) => value === columns.timeMs[row])).toBe(true);
  });

  it('rejects a missing slice, a slice of the wrong type or length', () => {
    const one = newColumn('host', 3);
    expect(() => joinColumn('host', 3, [])).toThrow(InvalidDocument);
    expect(() => joinColumn('host', 3, [new Uint8Array(3)])).toThrow('slice 0 of column host is not a Uint16Array of 3 values');
    expect(() => joinColumn('host', 4, [one])).toThrow('is not a Uint16Array of 4 values');
    expect(joinColumn('host', 3, [one])).toEqual(one);
  });
});
