import { useMemo } from 'react';
import { ChartWithData } from '../../charts/ChartWithData';
import { hostHourFigure, hostHourTable } from '../../charts/completenessCharts';
import type { CompletenessReport, HostCompleteness, LostStarts } from '../../enrich/completeness';
import { formatCount, formatDuration, formatPercent, formatUtc } from '../../lib/format';
import { useNotebook } from '../../store/store';

/** The lost-starts estimate in words: a share with counts, or why there is none. */
export function lostStartsText(lost: LostStarts): string {
  if (lost.kind === 'not-available') return lost.reason.startsWith('not available') ? lost.reason : `not available: ${lost.reason}`;
  return `~${formatCount(lost.missing)} of ${formatCount(lost.expected)} (${formatPercent(lost.missingShare)})`;
}

function timeText(ms: number): string {
  return Number.isFinite(ms) ? formatUtc(ms) : '—';
}

/**
 * Is the capture whole enough to learn from? Verdicts, per-host lost starts, coverage and
 * lifetimes, the events-per-host-hour heatmap, and the switch that leaves damaged hours out of
 * training (kept in the Features config, so changing it marks Features and Train stale).
 */
export function CompletenessPanel() {
  const completeness = useNotebook((s) => s.explore.completeness);
  const exclude = useNotebook((s) => s.features.config.excludeDamagedHours);
  const setFeaturesConfig = useNotebook((s) => s.setFeaturesConfig);
  const report = completeness.report;
  if (completeness.error) return <p className="error-box">Completeness could not be computed: {completeness.error}</p>;
  if (!report) return null;
  return (
    <section className="completeness" aria-labelledby="completeness-heading" data-testid="completeness">
      <h3 id="completeness-heading">Capture completeness</h3>
      <ul className="completeness-verdicts" data-testid="completeness-verdicts">
        {report.verdicts.map((verdict) => (
          <li key={verdict}>{verdict}</li>
        ))}
      </ul>
      <p className="muted small">
        Lost process starts for the whole capture: <strong data-testid="capture-lost-starts">{lostStartsText(report.lostStarts)}</strong>. Estimated from gaps
        in Kernel-Process ProcessSequenceNumber (one per process a host creates, per boot); Sysmon and Security 4688 carry none.
      </p>
      {report.damaged.length > 0 ? (
        <label className="row">
          <input type="checkbox" checked={exclude} onChange={(event) => setFeaturesConfig({ excludeDamagedHours: event.currentTarget.checked })} /> Exclude
          damaged hours from training ({report.damaged.length} span{report.damaged.length === 1 ? '' : 's'}; marks Features and Train stale)
        </label>
      ) : null}
      <HostTable report={report} />
      <SilentStretches hosts={report.hosts} />
      <HostHourHeatmap report={report} />
    </section>
  );
}

function HostTable({ report }: { report: CompletenessReport }) {
  return (
    <div className="evaluate-table-wrap">
      <table className="data-table" data-testid="completeness-hosts">
        <caption>Completeness per host</caption>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col" className="num">
              Events
            </th>
            <th scope="col">First (UTC)</th>
            <th scope="col">Last (UTC)</th>
            <th scope="col">Lost starts (est.)</th>
            <th scope="col" className="num">
              Stops without start
            </th>
            <th scope="col" className="num">
              Starts without stop
            </th>
            <th scope="col" className="num">
              PID reuse
            </th>
            <th scope="col" className="num">
              Unresolved parents
            </th>
            <th scope="col">Silent time</th>
          </tr>
        </thead>
        <tbody>
          {report.hosts.map((host) => (
            <tr key={host.host}>
              <th scope="row">{host.host}</th>
              <td className="num">{formatCount(host.events)}</td>
              <td className="nowrap">{timeText(host.firstMs)}</td>
              <td className="nowrap">{timeText(host.lastMs)}</td>
              <td>{lostStartsText(host.lostStarts)}</td>
              <td className="num">{formatCount(host.lifetimes.stopsWithoutStart)}</td>
              <td className="num">{formatCount(host.lifetimes.startsWithoutStop)}</td>
              <td className="num">{formatCount(host.lifetimes.pidReuse)}</td>
              <td className="num">{formatCount(host.lifetimes.parentsUnresolved)}</td>
              <td>{host.silentStretchCount === 0 ? 'none' : `${formatDuration(host.silentMs / 1000)} in ${formatCount(host.silentStretchCount)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SilentStretches({ hosts }: { hosts: readonly HostCompleteness[] }) {
  const stretches = hosts.flatMap((host) => host.silentStretches.map((stretch) => ({ host: host.host, ...stretch })));
  if (stretches.length === 0)
    return <p className="muted small">No silent stretches: every host reported at least every 30 minutes between its first and last event.</p>;
  return (
    <details>
      <summary>Silent stretches ({formatCount(stretches.length)} listed)</summary>
      <ul className="small">
        {stretches.map((stretch) => (
          <li key={`${stretch.host}-${stretch.fromMs}`}>
            {stretch.host}: no event from {formatUtc(stretch.fromMs)} to {formatUtc(stretch.toMs)} ({formatDuration((stretch.toMs - stretch.fromMs) / 1000)})
          </li>
        ))}
      </ul>
    </details>
  );
}

function HostHourHeatmap({ report }: { report: CompletenessReport }) {
  const figure = useMemo(() => hostHourFigure(report.grid, report.utcOffsetMinutes), [report]);
  const table = useMemo(() => hostHourTable(report.grid, report.utcOffsetMinutes), [report]);
  return (
    <ChartWithData
      chartId="host-hours"
      title="Events per host and hour"
      note="A dark row that goes pale or blank marks hours a host went quiet or its session dropped events."
      figure={figure}
      table={table}
    />
  );
}
