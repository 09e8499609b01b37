import type { ReactNode } from 'react';
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

/** One notebook cell: a labelled region with a heading and a visible state. */
export function Section({ id, number, title, status, statusNote, children }: Props) {
  const headingId = `${id}-heading`;
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
      </header>
      <ErrorBoundary area={`the ${title} section`}>{children}</ErrorBoundary>
    </section>
  );
}

/** Placeholder body for a section that is not built yet. */
export function NotBuiltYet({ what }: { what: string }) {
  return <p className="muted">Not built yet: {what}</p>;
}
