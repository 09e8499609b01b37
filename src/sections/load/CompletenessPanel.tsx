import { useMemo } from 'react';
import { ChartWithData } from '../../charts/ChartWithData';
import { hostHourFigure, hostHourTable } from '../../charts/completenessCharts';
import type { CompletenessReport, HostCompleteness, LostStarts } from '../../enrich/completeness';
import { formatCount, formatDuration, formatPercent, formatUtc } from '../../lib/format';
import { useNotebook } from '../../store/store';
import { SummaryTable } from '../../ui/SummaryTable';

/** The lost-starts estimate in words: a share with counts, or why there is none. */
export function lostStartsText(lost: LostStarts): string {
  if (lost.kind === 'not-available') return lost.reason.startsWith('not available') ? lost.reason : `not available: ${lost.reason}`;
  return `~${formatCount(lost.missing)} of ${formatCount(lost.expected)} (${formatPercent(lost.missingShare)})`;
}

function timeText(ms: number): string {
  return Number.isFinite(ms) ? formatUtc(ms) : '—';
}

/** Element id of the completeness panel, the target of the verdict's link in Explore. */
export const COMPLETENESS_ID = 'completeness';

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
    <section id={COMPLETENESS_ID} tabIndex={-1} className="completeness" aria-labelledby="completeness-heading" data-testid="completeness">
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
      <SummaryTable
        caption="Completeness per host"
        testId="completeness-hosts"
        rows={report.hosts}
        rowKey={(host) => host.host}
        columns={[
          { title: 'Host', cell: (host) => host.host },
          { title: 'Events', isNumber: true, cell: (host) => formatCount(host.events) },
          { title: 'First (UTC)', className: 'nowrap', cell: (host) => timeText(host.firstMs) },
          { title: 'Last (UTC)', className: 'nowrap', cell: (host) => timeText(host.lastMs) },
          { title: 'Lost starts (est.)', cell: (host) => lostStartsText(host.lostStarts) },
          { title: 'Stops without start', isNumber: true, cell: (host) => formatCount(host.lifetimes.stopsWithoutStart) },
          { title: 'Starts without stop', isNumber: true, cell: (host) => formatCount(host.lifetimes.startsWithoutStop) },
          { title: 'PID reuse', isNumber: true, cell: (host) => formatCount(host.lifetimes.pidReuse) },
          { title: 'Unresolved parents', isNumber: true, cell: (host) => formatCount(host.lifetimes.parentsUnresolved) },
          {
            title: 'Silent time',
            cell: (host) => (host.silentStretchCount === 0 ? 'none' : `${formatDuration(host.silentMs / 1000)} in ${formatCount(host.silentStretchCount)}`),
          },
        ]}
      />
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
  const figure = useMemo(() => hostHourFigure(report.grid, report.timeZone), [report]);
  const table = useMemo(() => hostHourTable(report.grid, report.timeZone), [report]);
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
