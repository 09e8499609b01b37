import { FileButton } from '../../ui/FileButton';
import { Section } from '../../ui/Section';
import { formatBytes, formatCount, formatDuration, formatUtc } from '../../lib/format';
import { useNotebook } from '../../store/store';
import type { CaptureSummary, LoadProgress } from '../../worker/protocol';
import { eventName } from './eventNames';
import { loadStatusText } from './loadStatusText';
import { CompletenessPanel } from './CompletenessPanel';

/** Cell 1: open a capture, watch it stream in, read what was loaded and what was rejected. */
export function LoadSection() {
  const load = useNotebook((s) => s.load);
  const openCapture = useNotebook((s) => s.openCapture);
  const cancelLoad = useNotebook((s) => s.cancelLoad);
  return (
    <Section id="load" number={1} title="Load" status={load.status}>
      <div className="row">
        <FileButton label="Open capture" isPrimary onFiles={(files) => void openCapture(files)} />
        <span className="muted">
          or drop files anywhere — Velociraptor <code>watch_etw</code> JSON Lines, JSON, CSV, gzip, zip, and capture Parquet (as Export Parquet or{' '}
          <code>npm run etl</code> write it, also after DuckDB or Spark). Files never leave this page.
        </span>
      </div>
      {load.budgetWarning ? (
        <p className="warning-box" data-testid="budget-warning">
          {load.budgetWarning}
        </p>
      ) : null}
      {load.status === 'running' && load.fileNames.length > 0 ? (
        <LoadProgressView progress={load.progress} fileNames={load.fileNames} onCancel={cancelLoad} />
      ) : null}
      <p role="status" className="status-line" data-testid="load-status">
        {statusLine(load.status, load.summary, load.wasCancelled, load.fileNames)}
      </p>
      {load.superseded ? (
        <p className="muted" data-testid="load-superseded">
          {load.superseded}
        </p>
      ) : null}
      {load.notice ? (
        <p role="alert" className="warning-box" data-testid="load-notice">
          {load.notice}
        </p>
      ) : null}
      {load.error ? (
        <p role="alert" className="error-box">
          {load.error}
        </p>
      ) : null}
      {load.summary?.truncated ? (
        <p role="alert" className="warning-box">
          {load.summary.truncated}
        </p>
      ) : null}
      {load.summary ? <CaptureSummaryView summary={load.summary} /> : null}
      {load.summary ? <CompletenessPanel /> : null}
    </Section>
  );
}

function statusLine(status: string, summary: CaptureSummary | null, wasCancelled: boolean, fileNames: string[]): string {
  if (status === 'running') return fileNames.length > 0 ? `Loading ${fileNames.join(', ')}…` : 'Restoring the last autosaved capture…';
  const cancelled = wasCancelled ? 'Load cancelled. ' : '';
  if (!summary) return wasCancelled ? 'Load cancelled; no capture is loaded.' : 'No capture loaded yet.';
  return cancelled + loadStatusText(summary);
}

function LoadProgressView({ progress, fileNames, onCancel }: { progress: LoadProgress | null; fileNames: string[]; onCancel: () => void }) {
  const share = progress && progress.bytesTotal > 0 ? progress.bytesRead / progress.bytesTotal : 0;
  const eventsPerSecond = progress && progress.elapsedSeconds > 0 ? progress.events / progress.elapsedSeconds : 0;
  const eta = progress && share > 0 ? (progress.elapsedSeconds / share) * (1 - share) : Number.NaN;
  return (
    <div className="progress-block">
      <progress max={1} value={share} aria-label={`Loading ${fileNames.join(', ')}`} />
      <span className="muted">
        {progress
          ? `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)} · ${formatCount(progress.events)} events · ${formatCount(Math.round(eventsPerSecond))} events/s · ETA ${formatDuration(eta)}`
          : 'Starting…'}
      </span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

function CaptureSummaryView({ summary }: { summary: CaptureSummary }) {
  const range = summary.timeRange;
  const parents = summary.parents;
  return (
    <div className="summary">
      <dl className="summary-grid" aria-label="Capture summary">
        <div>
          <dt>Events</dt>
          <dd>{formatCount(summary.events)}</dd>
        </div>
        <div>
          <dt>Time range (UTC)</dt>
          <dd>{range ? `${formatUtc(range[0])} – ${formatUtc(range[1])}` : '—'}</dd>
        </div>
        <div>
          <dt>Hosts</dt>
          <dd title={summary.hosts.join(', ')}>{formatCount(summary.hosts.length)}</dd>
        </div>
        <div>
          <dt>Unique file names</dt>
          <dd>{formatCount(summary.uniqueNames)}</dd>
        </div>
        <div>
          <dt>Unique folders</dt>
          <dd>{formatCount(summary.uniqueFolders)}</dd>
        </div>
        <div>
          <dt>Parents resolved</dt>
          <dd>
            {formatCount(parents.resolvedBySequence + parents.resolvedByTime)} of {formatCount(parents.startsWithParent)} ({formatCount(parents.unresolved)}{' '}
            unresolved)
          </dd>
        </div>
      </dl>
      <table className="data-table compact" aria-label="Events by type">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {summary.eventIdCounts.map((c) => (
            <tr key={c.eventId}>
              <td>
                {c.eventId} {eventName(c.eventId)}
              </td>
              <td className="num">{formatCount(c.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="data-table compact" aria-label="Loaded files">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Format</th>
            <th scope="col">Size</th>
            <th scope="col">Events</th>
            <th scope="col">Rejected</th>
            <th scope="col">Other events</th>
          </tr>
        </thead>
        <tbody>
          {summary.files.map((f) => (
            <tr key={f.name}>
              <td>{f.name}</td>
              <td>{f.format ? `${f.format}${f.isGzip ? ' (gzip)' : ''}` : '—'}</td>
              <td className="num">{formatBytes(f.bytes)}</td>
              <td className="num">{formatCount(f.events)}</td>
              <td className="num">{formatCount(f.problems)}</td>
              <td className="num">{formatCount(f.ignored)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Loaded in {summary.seconds.toFixed(2)} s · columns hold {formatBytes(summary.columnBytes)} (
        {summary.events > 0 ? (summary.columnBytes / summary.events).toFixed(0) : 0} bytes per event)
      </p>
      {summary.files.map((f) =>
        f.note || (f.ignoredReasons && f.ignoredReasons.length > 0) ? (
          <p key={`note-${f.name}`} className="muted">
            {f.name}: {f.note ? `${f.note} ` : ''}
            {f.ignoredReasons && f.ignoredReasons.length > 0
              ? `Skipped other events: ${f.ignoredReasons.map((r) => `${r.reason} (${formatCount(r.count)})`).join(', ')}.`
              : ''}
          </p>
        ) : null,
      )}
      {summary.problemCount > 0 ? <ProblemList summary={summary} /> : null}
    </div>
  );
}

function ProblemList({ summary }: { summary: CaptureSummary }) {
  const more = summary.problemCount - summary.problems.length;
  return (
    <details open className="problems">
      <summary>
        {formatCount(summary.problemCount)} rejected {summary.problemCount === 1 ? 'line' : 'lines'} (valid rows were kept)
      </summary>
      <ul aria-label="Rejected lines">
        {summary.problems.map((p, i) => (
          <li key={`${p.file}:${p.line}:${i}`}>
            <span className="mono">
              {p.file}:{p.line}
            </span>{' '}
            — {p.reason}
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="muted">…and {formatCount(more)} more.</p> : null}
    </details>
  );
}
