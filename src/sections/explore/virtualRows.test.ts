import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pagesFor, visibleRows } from './virtualRows';

describe('visibleRows', () => {
  it('draws the rows in view plus overscan', () => {
    // 30 px rows, 300 px viewport at 0: rows 0–9 visible, 5 more below.
    expect(visibleRows(0, 300, 30, 1000, 5)).toEqual({ first: 0, last: 14 });
    // Scrolled to 3000 px: row 100 at the top, rows 100–109 visible.
    expect(visibleRows(3000, 300, 30, 1000, 5)).toEqual({ first: 95, last: 114 });
    // A half-visible row at the bottom is drawn.
    expect(visibleRows(15, 300, 30, 1000, 0)).toEqual({ first: 0, last: 10 });
  });

  it('clamps to the list', () => {
    expect(visibleRows(0, 300, 30, 4, 5)).toEqual({ first: 0, last: 3 });
    expect(visibleRows(99_999, 300, 30, 50, 2)).toEqual({ first: 47, last: 49 });
    expect(visibleRows(0, 300, 30, 0, 5)).toEqual({ first: 0, last: -1 });
  });

  it('always covers every row that intersects the viewport', () => {
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.nat(20),
        (scrollTop, height, rowHeight, rowCount, overscan) => {
          const { first, last } = visibleRows(scrollTop, height, rowHeight, rowCount, overscan);
          for (let row = 0; row < rowCount; row++) {
            const top = row * rowHeight;
            const intersects = top < scrollTop + height && top + rowHeight > scrollTop;
            if (intersects) expect(row >= first && row <= last).toBe(true);
          }
          expect(last - first + 1).toBeLessThanOrEqual(Math.ceil(height / rowHeight) + 1 + 2 * overscan);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('pagesFor', () => {
  it('lists the pages a window touches', () => {
    expect(pagesFor({ first: 95, last: 114 }, 100)).toEqual([0, 1]);
    expect(pagesFor({ first: 0, last: 14 }, 100)).toEqual([0]);
    expect(pagesFor({ first: 0, last: -1 }, 100)).toEqual([]);
    expect(pagesFor({ first: 250, last: 450 }, 100)).toEqual([2, 3, 4]);
  });
});
