import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { EventRowView, FrameFilter } from '../../frame/query';
import { formatCount, formatUtc } from '../../lib/format';
import { LABEL_SERIES } from '../../charts/palette';
import { eventName } from '../load/eventNames';
import {
  clampPosition,
  isScaled,
  isScrollKey,
  pagesFor,
  positionAfterKey,
  positionForScrollTop,
  rowOffsetInSpacer,
  scrollScale,
  scrollTopForPosition,
  visibleRows,
  wheelPixels,
  type ScrollScale,
} from './virtualRows';
import { useNotebookStore } from '../../store/store';
import { errorMessage } from '../../lib/errorMessage';

const ROW_HEIGHT = 30;
const VIEWPORT_HEIGHT = 420;
const OVERSCAN = 10;
const PAGE_SIZE = 200;

const COLUMNS = ['Time (UTC)', 'Host', 'Event', 'File name', 'Folder', 'Parent', 'Label', 'Source'] as const;

interface Props {
  filter: FrameFilter;
  /** Rows matched by `filter`. */
  matched: number;
  /** Changes whenever the matched rows may have changed. */
  revision: number;
}

function labelText(row: EventRowView): string {
  const name = LABEL_SERIES.find((series) => series.label === row.label)?.name ?? `label ${row.label}`;
  return row.isSynthetic ? `${name} (synthetic)` : name;
}

/** Where a scroll the browser made (scrollbar drag, native keys) puts the content. */
function viewForScrollTop(scale: ScrollScale, scrollTop: number): { position: number; scrollTop: number } {
  return { position: positionForScrollTop(scale, scrollTop), scrollTop };
}

/**
 * The raw events behind the charts: a virtualised table (fixed row height, only the rows in
 * view are in the DOM) that fetches pages of rows from the worker as it scrolls. Past about
 * 100,000 rows the spacer stops growing and the scrollbar is scaled (see virtualRows), while the
 * wheel and the keys still move row by row, so every row of a 25-million-event capture is reachable.
 */
export function EventsTable({ filter, matched, revision }: Props) {
  const data = useNotebookStore().services.data;
  // `position`: the content px at the top of the viewport; `scrollTop`: the viewport's own scroll
  // position. They are equal unless the list is taller than the spacer can be (scaled scrolling).
  const [view, setView] = useState({ position: 0, scrollTop: 0 });
  const [cache, setCache] = useState<{ revision: number; pages: ReadonlyMap<number, EventRowView[]> }>({ revision, pages: new Map() });
  const requested = useRef({ revision, pages: new Set<number>() });
  const [error, setError] = useState<string | null>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const scrollFrame = useRef(0);
  // The scrollTop this component set last, so its own scroll event is not read as a scrollbar drag.
  const ownScrollTop = useRef<number | null>(null);

  const viewportHeight = Math.min(VIEWPORT_HEIGHT, Math.max(ROW_HEIGHT, matched * ROW_HEIGHT));
  const scale = scrollScale(matched, ROW_HEIGHT, viewportHeight);
  const latest = useRef({ view, scale });
  useLayoutEffect(() => {
    latest.current = { view, scale };
  });

  /** Shows content from `position` on: fine moves (wheel, keys) go row by row however long the list is. */
  const moveTo = useCallback((position: number) => {
    const element = viewport.current;
    if (!element) return;
    const current = latest.current.scale;
    const next = clampPosition(current, position);
    const before = element.scrollTop;
    const target = scrollTopForPosition(current, next);
    element.scrollTop = target;
    // The browser may round the scroll position; rows are drawn against the one it took.
    ownScrollTop.current = element.scrollTop === before ? null : element.scrollTop;
    cancelAnimationFrame(scrollFrame.current);
    const moved = { position: next, scrollTop: element.scrollTop };
    // Wheel events can come faster than renders: the next one starts from here.
    latest.current = { ...latest.current, view: moved };
    setView(moved);
  }, []);

  // New matched rows: go back to the top (the page cache is keyed by revision).
  useEffect(() => {
    setView({ position: 0, scrollTop: 0 });
    setError(null);
    ownScrollTop.current = null;
    if (viewport.current) viewport.current.scrollTop = 0;
  }, [revision]);

  // On a scaled list one wheel notch would jump thousands of rows: take the wheel and move by its pixels.
  const scaled = isScaled(scale);
  useEffect(() => {
    const element = viewport.current;
    if (!element || !scaled) return;
    const onWheel = (event: WheelEvent) => {
      if (event.ctrlKey || event.deltaY === 0) return;
      event.preventDefault();
      const { view: now, scale: current } = latest.current;
      moveTo(now.position + wheelPixels(event.deltaY, event.deltaMode, ROW_HEIGHT, current.viewportHeight));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [scaled, moveTo]);

  const rowWindow = visibleRows(view.position, viewportHeight, ROW_HEIGHT, matched, OVERSCAN);
  const neededKey = pagesFor(rowWindow, PAGE_SIZE).join(',');

  useEffect(() => {
    if (requested.current.revision !== revision) requested.current = { revision, pages: new Set() };
    const asked = requested.current.pages;
    for (const page of neededKey === '' ? [] : neededKey.split(',').map(Number)) {
      if (asked.has(page)) continue;
      asked.add(page);
      data.request('rows', { filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (result) =>
          setCache((previous) => {
            if (previous.revision > revision) return previous;
            const pages = new Map(previous.revision === revision ? previous.pages : []);
            pages.set(page, result.rows);
            return { revision, pages };
          }),
        (reason: unknown) => {
          asked.delete(page);
          setError(errorMessage(reason));
        },
      );
    }
  }, [neededKey, filter, revision, data]);

  useEffect(() => () => cancelAnimationFrame(scrollFrame.current), []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey || !isScrollKey(event.key)) return;
    event.preventDefault();
    moveTo(positionAfterKey(scale, latest.current.view.position, event.key, ROW_HEIGHT));
  };

  const pages = cache.revision === revision ? cache.pages : null;
  const rows: { index: number; row: EventRowView | null }[] = [];
  for (let index = rowWindow.first; index <= rowWindow.last; index++) {
    const row = pages?.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] ?? null;
    rows.push({ index, row });
  }

  return (
    <section className="events-table-block" aria-labelledby="explore-events-heading">
      <h3 id="explore-events-heading">Events</h3>
      <p className="muted">{formatCount(matched)} events match the filters; scroll to read them all. Times are UTC whatever the chart time zone.</p>
      {error ? (
        <p role="alert" className="error-box">
          Could not read rows: {error}
        </p>
      ) : null}
      <div className="events-table" role="table" aria-label="Events" aria-rowcount={matched + 1}>
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className="events-row events-header">
            {COLUMNS.map((column) => (
              <span role="columnheader" key={column}>
                {column}
              </span>
            ))}
          </div>
        </div>
        <div
          ref={viewport}
          className="events-viewport"
          role="rowgroup"
          tabIndex={0}
          aria-label="Event rows, scrollable"
          style={{ height: viewportHeight }}
          onKeyDown={onKeyDown}
          onScroll={(event) => {
            const top = event.currentTarget.scrollTop;
            const own = ownScrollTop.current;
            ownScrollTop.current = null;
            if (own !== null && Math.abs(top - own) < 1) return;
            cancelAnimationFrame(scrollFrame.current);
            scrollFrame.current = requestAnimationFrame(() => setView(viewForScrollTop(latest.current.scale, top)));
          }}
        >
          <div className="events-spacer" style={{ height: scale.spacerHeight }}>
            {rows.map(({ index, row }) => (
              <div
                role="row"
                aria-rowindex={index + 2}
                key={index}
                className={`events-row ${row && row.label === 2 ? 'is-bad' : ''}`}
                style={{ transform: `translateY(${rowOffsetInSpacer(index, ROW_HEIGHT, view.position, view.scrollTop)}px)`, height: ROW_HEIGHT }}
              >
                {row ? (
                  <>
                    <span role="cell" className="mono">
                      {formatUtc(row.timeMs)}
                    </span>
                    <span role="cell">{row.host}</span>
                    <span role="cell">{eventName(row.eventId)}</span>
                    {/* The command line, where the source has one (Sysmon, 4688), shows on hover. */}
                    <span role="cell" title={row.commandLine ? `${row.name}\n${row.commandLine}` : row.name}>
                      {row.name}
                    </span>
                    <span role="cell" title={row.folder}>
                      {row.folder}
                    </span>
                    <span role="cell" title={row.parentName ?? undefined}>
                      {row.parentName ?? '—'}
                    </span>
                    <span role="cell">{labelText(row)}</span>
                    <span role="cell" title={row.source}>
                      {row.source}
                    </span>
                  </>
                ) : (
                  <span role="cell" className="muted">
                    Loading…
                  </span>
                )}
              </div>
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}
