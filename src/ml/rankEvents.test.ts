import { describe, expect, it } from 'vitest';
import { rankEvents } from './rankEvents';
import { tableOf } from '../test-support/tfjsTestBackend';

describe('rankEvents', () => {
  // Rows 0-3 share name 0 (common), rows 4-5 name 1, rows 6 and 7 a name each; folder 0 has 5 rows, folder 1 2, folder 2 1.
  const table = tableOf({
    label: [0, 0, 0, 0, 0, 0, 0, 0],
    groupName: [0, 0, 0, 0, 1, 1, 2, 3],
    groupFolder: [0, 0, 1, 1, 0, 2, 0, 0],
    timeMs: [50, 40, 30, 20, 10, 60, 70, Number.NaN],
  });

  it('orders by score, then rarer name, rarer folder, earlier time and row', () => {
    const scores = Float32Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.9]);
    // 7 tops on score. Among the 0.5s: name 2 (1 row) → 6; name 1 (2 rows): folder 2 (1 row) → 5, then folder 0 (5 rows) → 4;
    // name 0 (4 rows): folder 1 (2 rows) by time → 3 (20), 2 (30); folder 0 by time → 1 (40), 0 (50).
    expect(Array.from(rankEvents(scores, table, 8))).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('keeps every tie at the cut in play and returns only the top K', () => {
    const scores = Float32Array.from([0.9, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
    // Row 0 first; of the seven tied rows at the cut the two with a name of their own, the earlier (6) before the one without a time (7).
    expect(Array.from(rankEvents(scores, table, 3))).toEqual([0, 6, 7]);
  });

  it('puts a missing time after every time, and NaN scores last', () => {
    const sameNames = tableOf({ label: [0, 0, 0, 0], groupName: [0, 0, 0, 0], groupFolder: [0, 0, 0, 0], timeMs: [Number.NaN, 5, Number.NaN, 1] });
    expect(Array.from(rankEvents(Float32Array.from([0.3, 0.3, 0.3, 0.3]), sameNames, 4))).toEqual([3, 1, 0, 2]);
    expect(Array.from(rankEvents(Float32Array.from([Number.NaN, 0.1, 0.2, Number.NaN]), sameNames, 4))).toEqual([2, 1, 3, 0]);
  });

  it('counts missing names (-1) as one name, and gives nothing for K = 0', () => {
    const missing = tableOf({ label: [0, 0, 0], groupName: [-1, -1, 5], groupFolder: [0, 0, 0], timeMs: [1, 2, 3] });
    expect(Array.from(rankEvents(Float32Array.from([0.4, 0.4, 0.4]), missing, 3))).toEqual([2, 0, 1]);
    expect(rankEvents(Float32Array.from([0.4, 0.4, 0.4]), missing, 0)).toHaveLength(0);
  });
});
