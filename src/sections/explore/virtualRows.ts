import { assertNever } from '../../lib/assertNever';

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

/**
 * Browsers cap an element's height (Chrome at 33,554,428 px), so a spacer of rows × row height
 * cannot hold more than about a million 30 px rows. Past this height the spacer stays at it and
 * the scroll position is scaled to a position in the content.
 */
export const MAX_SPACER_HEIGHT = 3_000_000;

/**
 * How a scrollable viewport maps onto a list that may be taller than the browser allows:
 * `contentHeight` is the list's real height, `spacerHeight` the height the viewport scrolls.
 */
export interface ScrollScale {
  contentHeight: number;
  spacerHeight: number;
  viewportHeight: number;
}

/** The scale for `rowCount` rows of `rowHeight` px in a viewport, the spacer capped at `maxSpacer`. */
export function scrollScale(rowCount: number, rowHeight: number, viewportHeight: number, maxSpacer = MAX_SPACER_HEIGHT): ScrollScale {
  const contentHeight = Math.max(0, rowCount) * rowHeight;
  return { contentHeight, spacerHeight: Math.min(contentHeight, Math.max(maxSpacer, viewportHeight)), viewportHeight };
}

/** True when the spacer is shorter than the content, so scroll positions are scaled. */
export function isScaled(scale: ScrollScale): boolean {
  return scale.spacerHeight < scale.contentHeight;
}

/** The furthest content position (the top of the viewport when the last row sits at its bottom). */
export function maxPosition(scale: ScrollScale): number {
  return Math.max(0, scale.contentHeight - scale.viewportHeight);
}

function maxScrollTop(scale: ScrollScale): number {
  return Math.max(0, scale.spacerHeight - scale.viewportHeight);
}

/** `position` kept between the top and the end of the content. */
export function clampPosition(scale: ScrollScale, position: number): number {
  return Math.min(maxPosition(scale), Math.max(0, position));
}

/** The content position a scroll position stands for: linear, top to top and end to end. */
export function positionForScrollTop(scale: ScrollScale, scrollTop: number): number {
  const scrollRange = maxScrollTop(scale);
  if (scrollRange <= 0) return 0;
  const top = Math.min(scrollRange, Math.max(0, scrollTop));
  return !isScaled(scale) ? top : (top / scrollRange) * maxPosition(scale);
}

/** The scroll position that stands for a content position (the inverse of `positionForScrollTop`). */
export function scrollTopForPosition(scale: ScrollScale, position: number): number {
  const range = maxPosition(scale);
  if (range <= 0) return 0;
  const clamped = clampPosition(scale, position);
  return !isScaled(scale) ? clamped : (clamped / range) * maxScrollTop(scale);
}

/** Where row `index` is drawn inside the spacer when the viewport shows content at `position` and is scrolled to `scrollTop`. */
export function rowOffsetInSpacer(index: number, rowHeight: number, position: number, scrollTop: number): number {
  return scrollTop + index * rowHeight - position;
}

/** Keys a focused list answers to. */
export type ScrollKey = 'ArrowDown' | 'ArrowUp' | 'PageDown' | 'PageUp' | 'Home' | 'End';

/** Whether a key event's `key` is one the list scrolls by. */
export function isScrollKey(key: string): key is ScrollKey {
  return key === 'ArrowDown' || key === 'ArrowUp' || key === 'PageDown' || key === 'PageUp' || key === 'Home' || key === 'End';
}

/** The content position after a key: a row per arrow, a viewport less one row per page, the ends for Home and End. */
export function positionAfterKey(scale: ScrollScale, position: number, key: ScrollKey, rowHeight: number): number {
  const page = Math.max(rowHeight, scale.viewportHeight - rowHeight);
  switch (key) {
    case 'ArrowDown':
      return clampPosition(scale, position + rowHeight);
    case 'ArrowUp':
      return clampPosition(scale, position - rowHeight);
    case 'PageDown':
      return clampPosition(scale, position + page);
    case 'PageUp':
      return clampPosition(scale, position - page);
    case 'Home':
      return 0;
    case 'End':
      return maxPosition(scale);
    default:
      return assertNever(key, 'scroll key');
  }
}

/** A wheel event's distance in px (`deltaMode` 1 counts lines, 2 pages). */
export function wheelPixels(deltaY: number, deltaMode: number, rowHeight: number, viewportHeight: number): number {
  if (deltaMode === 1) return deltaY * rowHeight;
  if (deltaMode === 2) return deltaY * viewportHeight;
  return deltaY;
}
