import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isScaled,
  MAX_SPACER_HEIGHT,
  maxPosition,
  pagesFor,
  positionAfterKey,
  positionForScrollTop,
  rowOffsetInSpacer,
  scrollScale,
  scrollTopForPosition,
  visibleRows,
  wheelPixels,
} from './virtualRows';

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

describe('scaled scrolling of 25 million rows', () => {
  const rows = 25_000_000;
  const rowHeight = 30;
  const viewport = 420;
  const scale = scrollScale(rows, rowHeight, viewport);
  const lastTop = scale.spacerHeight - viewport;

  it('keeps the spacer well under the browser limit', () => {
    expect(isScaled(scale)).toBe(true);
    expect(scale.spacerHeight).toBe(MAX_SPACER_HEIGHT);
    expect(scale.spacerHeight).toBeLessThan(33_554_428 / 4);
    expect(scale.contentHeight).toBe(750_000_000);
  });

  it('maps the top to the first row and the end to the last row', () => {
    expect(visibleRows(positionForScrollTop(scale, 0), viewport, rowHeight, rows, 0)).toEqual({ first: 0, last: 13 });
    const end = visibleRows(positionForScrollTop(scale, lastTop), viewport, rowHeight, rows, 0);
    expect(end).toEqual({ first: rows - 14, last: rows - 1 });
    // Past the end (a rounded scrollTop) still shows the last row, never beyond it.
    expect(positionForScrollTop(scale, lastTop + 50)).toBe(maxPosition(scale));
  });

  it('maps the middle of the scrollbar to the middle of the rows', () => {
    const middle = visibleRows(positionForScrollTop(scale, lastTop / 2), viewport, rowHeight, rows, 0);
    expect(Math.abs(middle.first - (rows - 14) / 2)).toBeLessThanOrEqual(1);
  });

  it('round-trips positions and scroll tops', () => {
    for (const position of [0, 30, 1_234_567, maxPosition(scale) / 2, maxPosition(scale) - 30, maxPosition(scale)]) {
      expect(positionForScrollTop(scale, scrollTopForPosition(scale, position))).toBeCloseTo(position, 3);
    }
    fc.assert(
      fc.property(fc.double({ min: 0, max: lastTop, noNaN: true }), (top) => {
        expect(scrollTopForPosition(scale, positionForScrollTop(scale, top))).toBeCloseTo(top, 3);
      }),
      { numRuns: 200 },
    );
  });

  it('moves by keys one row, one page, or to the ends', () => {
    const middle = maxPosition(scale) / 2;
    expect(positionAfterKey(scale, middle, 'ArrowDown', rowHeight)).toBe(middle + 30);
    expect(positionAfterKey(scale, middle, 'ArrowUp', rowHeight)).toBe(middle - 30);
    expect(positionAfterKey(scale, middle, 'PageDown', rowHeight)).toBe(middle + 390);
    expect(positionAfterKey(scale, middle, 'PageUp', rowHeight)).toBe(middle - 390);
    expect(positionAfterKey(scale, middle, 'Home', rowHeight)).toBe(0);
    expect(positionAfterKey(scale, middle, 'End', rowHeight)).toBe(maxPosition(scale));
    expect(positionAfterKey(scale, maxPosition(scale), 'PageDown', rowHeight)).toBe(maxPosition(scale));
    expect(positionAfterKey(scale, 0, 'ArrowUp', rowHeight)).toBe(0);
  });

  it('draws rows where the viewport is, whatever the scale', () => {
    const position = 12_345_678 * rowHeight;
    const scrollTop = scrollTopForPosition(scale, position);
    // The row at the content position sits at the top of the viewport.
    expect(rowOffsetInSpacer(12_345_678, rowHeight, position, scrollTop)).toBeCloseTo(scrollTop, 6);
    expect(rowOffsetInSpacer(12_345_679, rowHeight, position, scrollTop)).toBeCloseTo(scrollTop + 30, 6);
  });

  it('is the identity below the cap', () => {
    const small = scrollScale(1000, rowHeight, viewport);
    expect(isScaled(small)).toBe(false);
    expect(small.spacerHeight).toBe(30_000);
    expect(positionForScrollTop(small, 1234)).toBe(1234);
    expect(scrollTopForPosition(small, 1234)).toBe(1234);
  });

  it('reads wheel deltas in pixels, lines and pages', () => {
    expect(wheelPixels(100, 0, 30, 420)).toBe(100);
    expect(wheelPixels(3, 1, 30, 420)).toBe(90);
    expect(wheelPixels(-1, 2, 30, 420)).toBe(-420);
  });
});
