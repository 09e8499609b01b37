/** Which rows of a long, fixed-row-height list are drawn, and which pages they need. */

/** Rows `first` to `last` (inclusive) of the list; empty when `last < first`. */
export interface RowWindow {
  first: number;
  last: number;
}

/**
 * The rows visible in a viewport scrolled to `scrollTop`, plus `overscan` rows on each side
 * so fast scrolling does not show gaps.
 */
export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan: number): RowWindow {
  if (rowCount <= 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const lastVisible = Math.min(rowCount - 1, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) - 1);
  return { first: Math.max(0, firstVisible - overscan), last: Math.min(rowCount - 1, Math.max(firstVisible, lastVisible) + overscan) };
}

/** Indices of the pages of `pageSize` rows that cover a window. */
export function pagesFor(window: RowWindow, pageSize: number): number[] {
  if (window.last < window.first) return [];
  const pages: number[] = [];
  for (let page = Math.floor(window.first / pageSize); page <= Math.floor(window.last / pageSize); page++) pages.push(page);
  return pages;
}
