import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { cellStatus, isCellId } from '../store/notebookSlice';
import { useNotebook } from '../store/store';
import type { SectionStatus } from '../store/types';
import { ErrorBoundary } from './ErrorBoundary';

const STATUS_TEXT: Record<SectionStatus, string> = {
  empty: 'empty',
  ready: 'ready',
  stale: 'stale',
  running: 'running',
  done: 'done',
  error: 'error',
};

interface Props {
  id: string;
  number: number;
  title: string;
  status: SectionStatus;
  /** Why the cell is stale or what it is waiting for. */
  statusNote?: string | undefined;
  children: ReactNode;
}

/**
 * One notebook cell: a labelled region with a heading, a visible state (stale, with the reason,
 * when an upstream setting changed after it ran), when it last ran, and "Run from here".
 */
export function Section({ id, number, title, status: ownStatus, statusNote: ownNote, children }: Props) {
  const headingId = `${id}-heading`;
  const cell = isCellId(id) ? id : null;
  const view = useNotebook(useShallow((s) => (cell ? cellStatus(s, cell, ownStatus) : { status: ownStatus, reason: null })));
  const ranAt = useNotebook((s) => (cell ? s.notebook.cells[cell] : undefined));
  const runFrom = useNotebook((s) => s.runFrom);
  const isBusy = useNotebook((s) => s.notebook.pipeline !== null || s.train.activeRunId !== null);
  const status = view.status;
  const statusNote = view.reason ?? ownNote;
  return (
    <section id={id} className={`cell cell-${status}`} aria-labelledby={headingId}>
      <header className="cell-header">
        <h2 id={headingId}>
          <span className="cell-number">{number}</span> {title}
        </h2>
        <span className={`cell-state state-${status}`} data-testid={`${id}-state`} title={statusNote}>
          {STATUS_TEXT[status]}
        </span>
        {statusNote ? <span className="cell-note">{statusNote}</span> : null}
        {ranAt !== undefined ? (
          <span className="cell-ran" data-testid={`${id}-ran`} title={new Date(ranAt).toLocaleString('en-GB')}>
            ran {new Date(ranAt).toLocaleTimeString('en-GB')}
          </span>
        ) : null}
        {cell ? (
          <button type="button" className="cell-run-from" disabled={isBusy} title={`Run ${title} and every cell below it`} onClick={() => void runFrom(cell)}>
            Run from here
          </button>
        ) : null}
      </header>
      <ErrorBoundary area={`the ${title} section`}>{children}</ErrorBoundary>
    </section>
  );
}

/** Placeholder body for a section that is not built yet. */
export function NotBuiltYet({ what }: { what: string }) {
  return <p className="muted">Not built yet: {what}</p>;
}
