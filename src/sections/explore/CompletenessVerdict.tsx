import type { MouseEvent } from 'react';
import { formatCount } from '../../lib/format';
import { useNotebook } from '../../store/store';
import { COMPLETENESS_ID } from '../load/CompletenessPanel';

/** Damaged spans named in full here; the rest are counted, and all of them are in Load. */
const SHOWN_SPANS = 3;

/** Scrolls to the completeness table in Load and moves focus there, leaving the address (which holds the settings link) alone. */
function showFullTable(event: MouseEvent<HTMLAnchorElement>): void {
  const target = document.getElementById(COMPLETENESS_ID);
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
}

/**
 * The capture's completeness in one line beside the charts (issue 17): a hunter reading the hours
 * here sees when some of them are damaged, with a link to the full table in Load.
 */
export function CompletenessVerdict() {
  const report = useNotebook((s) => s.explore.completeness.report);
  if (!report) return null;
  const link = (
    <a href={`#${COMPLETENESS_ID}`} onClick={showFullTable}>
      Completeness per host in Load
    </a>
  );
  const damaged = report.damaged;
  if (damaged.length === 0) {
    return (
      <p className="muted small" data-testid="explore-completeness">
        {report.verdicts[0] ?? 'No damaged hours.'} {link}
      </p>
    );
  }
  const hosts = new Set(damaged.map((span) => span.host)).size;
  const rest = damaged.length - SHOWN_SPANS;
  return (
    <div className="warning-box" role="note" aria-label="Capture completeness" data-testid="explore-completeness">
      <p>
        <strong>
          Damaged hours: {formatCount(damaged.length)} span{damaged.length === 1 ? '' : 's'} on {formatCount(hosts)} host{hosts === 1 ? '' : 's'}
        </strong>{' '}
        lost process starts, so the counts below are low there. {link}
      </p>
      <ul className="small">
        {damaged.slice(0, SHOWN_SPANS).map((span) => (
          <li key={`${span.host}-${span.fromMs}`}>{span.verdict}</li>
        ))}
        {rest > 0 ? <li>and {formatCount(rest)} more</li> : null}
      </ul>
    </div>
  );
}
