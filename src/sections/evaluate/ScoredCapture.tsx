import { useMemo } from 'react';
import { PlotlyChart } from '../../charts/PlotlyChart';
import type { Layout } from '../../charts/plotly';
import { LABEL_NAMES } from '../../frame/frame';
import type { EventRowView } from '../../frame/query';
import { formatCount, formatUtc } from '../../lib/format';
import type { ScoredCapture as Scored } from '../../store/evaluateSlice';
import { alertsPerDay, dayLabel, meanAlertsPerDay } from './alertsPerDay';
import { barGeometry, contributionScale, describeContribution, formatDelta, type Contribution } from './contributions';
import { alertsFigure } from './evaluateCharts';
import { ChartWithData } from '../../charts/ChartWithData';
import { hostDayAlertsFigure, hostDayAlertsTable } from '../../charts/completenessCharts';

const NO_LAYOUT: Layout = {};
/** A full half-bar stands for at least this score change, so tiny deltas stay tiny. */
const MIN_BAR_SCALE = 0.1;

function labelText(row: EventRowView): string {
  const name = LABEL_NAMES[row.label] ?? 'unlabelled';
  return row.isSynthetic ? `${name} (generated)` : name;
}

/** The occlusion contribution of each feature column as a bar around a centre line. */
function WhyBars({ contributions, scale }: { contributions: readonly Contribution[]; scale: number }) {
  return (
    <ul className="why" aria-label="Contribution per feature">
      {contributions.map((contribution) => {
        const bar = barGeometry(contribution.delta, scale);
        const sentence = describeContribution(contribution);
        return (
          <li key={contribution.column} title={sentence}>
            <span className="why-name">{contribution.column}</span>
            <svg className="why-track" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={sentence}>
              <line x1="50" x2="50" y1="0" y2="10" className="why-centre" />
              {bar.widthPercent > 0 ? (
                <rect x={bar.leftPercent} y="1.5" width={bar.widthPercent} height="7" className={`why-bar why-${bar.direction}`} />
              ) : null}
            </svg>
            <span className="why-value">{formatDelta(contribution.delta)}</span>
          </li>
        );
      })}
    </ul>
  );
}

interface Props {
  scored: Scored;
  threshold: number;
  captureVersion: number | null;
}

/** Alerts per day at the threshold and the most suspicious events, each with why. */
export function ScoredCaptureView({ scored, threshold, captureVersion }: Props) {
  const days = useMemo(() => alertsPerDay(scored.outcome.days, threshold), [scored, threshold]);
  const figure = useMemo(() => alertsFigure(days), [days]);
  const scale = useMemo(() => contributionScale(scored.outcome.ranked, MIN_BAR_SCALE), [scored]);
  const mean = meanAlertsPerDay(days);

  return (
    <div className="scored-capture">
      {captureVersion !== scored.dataVersion ? (
        <p className="warning-box">The capture changed after it was scored: score it again to rank the current events.</p>
      ) : null}
      <h3>Alerts per day</h3>
      <p>
        At threshold {threshold.toFixed(2)} this model would raise <strong>{Number.isFinite(mean) ? mean.toFixed(1) : '—'}</strong> alerts per day on average
        over {formatCount(days.length)} day{days.length === 1 ? '' : 's'} ({formatCount(scored.outcome.scored)} events scored). Every one is an event a hunter
        must look at.
      </p>
      <div className="alerts-grid">
        <div className="chart-body evaluate-chart-small">
          <h4 className="chart-heading">Alerts per day at threshold {threshold.toFixed(2)}</h4>
          <PlotlyChart data={figure.data} layout={figure.layout ?? NO_LAYOUT} />
        </div>
        <div className="evaluate-table-wrap alerts-table">
          <table className="data-table">
            <caption>Alerts per day</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col" className="num">
                  Events
                </th>
                <th scope="col" className="num">
                  Alerts
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.dayStartMs}>
                  <td>{dayLabel(day.dayStartMs)}</td>
                  <td className="num">{formatCount(day.events)}</td>
                  <td className="num">{formatCount(day.alerts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <HostDayAlerts scored={scored} />

      <h3>Most suspicious events</h3>
      <p className="muted small">
        Why: each bar is how much the score drops when that column is neutralised (right = the column pushed the score up). A top list explained by hour or
        weekday alone is a sign the model learned when, not what.
      </p>
      <p className="muted small" data-testid="ranked-tie-break">
        Equal scores are common with few training examples. Among them the rarer file name in the capture comes first, then the rarer folder, then the earlier
        time, then capture order.
      </p>
      <div className="evaluate-table-wrap suspicious-wrap">
        <table className="data-table suspicious">
          <caption>Most suspicious events</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Rank
              </th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Host</th>
              <th scope="col">Name</th>
              <th scope="col">Folder</th>
              <th scope="col">Parent</th>
              <th scope="col">Label</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {scored.outcome.ranked.map((event, i) => {
              const row = scored.rows[i];
              return (
                <tr key={event.index} className={row?.label === 2 ? 'is-bad' : undefined}>
                  <td className="num">{i + 1}</td>
                  <td className="num">{event.score.toFixed(3)}</td>
                  <td className="nowrap">{row ? formatUtc(row.timeMs) : '—'}</td>
                  <td>{row?.host ?? '—'}</td>
                  <td className="name-cell">{row?.name ?? '—'}</td>
                  <td className="wrap">{row?.folder ?? '—'}</td>
                  <td className="name-cell">{row?.parentName ?? '—'}</td>
                  <td>{row ? labelText(row) : '—'}</td>
                  <td>
                    <WhyBars contributions={event.contributions} scale={scale} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Alerts per host per day at the run's budget threshold (when the run has a budget). */
function HostDayAlerts({ scored }: { scored: Scored }) {
  const cells = scored.outcome.hostDayAlerts;
  const budget = scored.budget;
  const figure = useMemo(() => (cells && budget ? hostDayAlertsFigure(cells, budget.alertsPerHostDay, scored.timeZone) : null), [cells, budget, scored]);
  const table = useMemo(() => (cells ? hostDayAlertsTable(cells, scored.timeZone) : null), [cells, scored]);
  if (!cells || !budget || !figure || !table) {
    return <p className="muted small">Apply an alert budget above, then score the capture, to see alerts per host per day at its threshold.</p>;
  }
  const total = cells.reduce((sum, cell) => sum + cell.alerts, 0);
  const mean = cells.length > 0 ? total / cells.length : 0;
  return (
    <>
      <p data-testid="host-day-alerts">
        At the budget threshold {Number.isFinite(budget.threshold) ? budget.threshold.toPrecision(4) : '(above every score)'} the capture raises{' '}
        <strong>{formatCount(total)}</strong> alerts over {formatCount(cells.length)} host-days: {mean.toFixed(2)} per host per day (budget{' '}
        {budget.alertsPerHostDay}).
      </p>
      <ChartWithData
        chartId="host-day-alerts"
        title="Alerts per host per day at the budget threshold"
        note="One bar per host and day; the dashed line is the budget K."
        figure={figure}
        table={table}
      />
    </>
  );
}
