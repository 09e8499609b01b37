import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Section } from '../../ui/Section';
import {
  chartLegend,
  chartTitle,
  EXPLORE_CHART_IDS,
  exploreFigure,
  exploreTable,
  filterForClick,
  pageHeight,
  withTitle,
  type ChartContext,
  type ExploreChartId,
} from '../../charts/exploreCharts';
import { PAGE_STYLE, PRESENTER_STYLE, type ChartStyle } from '../../charts/palette';
import type { ClickEvent } from '../../charts/plotly';
import type { ExploreAggregate } from '../../frame/query';
import { formatCount, formatUtc } from '../../lib/format';
import type { ExploreConfig, ExploreRun } from '../../store/exploreSlice';
import { useNotebook } from '../../store/store';
import type { CaptureSummary } from '../../worker/protocol';
import { eventName } from '../load/eventNames';
import { ChartPanel } from './ChartPanel';
import { CompletenessVerdict } from './CompletenessVerdict';
import { EventsTable } from './EventsTable';
import { FilterBar } from './FilterBar';
import { ImageLoadsView } from './ImageLoadsView';
import { filterChips } from './filterChips';
import { PresenterOverlay } from './PresenterOverlay';
import './explore.css';

const EXPORT_STYLE: ChartStyle = { fontSize: 16 };

const CHART_NOTES: Record<ExploreChartId, string> = {
  'active-hours': 'Events per hour of day, one bar per class. Click a bar to filter every chart to that hour.',
  weekdays: 'Events per day of the week. Click a bar to filter to that day.',
  'hour-weekday': 'All matched events by hour and day of the week. Click a cell to filter to it.',
  'top-names': 'The most frequent file names, with count and share of the matched events. Click a bar to filter to that name.',
  'top-paths': 'The most frequent folders, from the volume root (the same folder on every disk). Click a bar to filter to that folder.',
};

/** Cell 2: when processes start, which names and folders dominate, and the events behind them. */
export function ExploreSection() {
  const summary = useNotebook((s) => s.load.summary);
  const config = useNotebook((s) => s.explore.config);
  const run = useNotebook((s) => s.explore.run);
  const status = summary ? run.status : 'empty';
  return (
    <Section id="explore" number={2} title="Explore" status={status} statusNote={run.error ?? undefined}>
      {summary ? (
        <ExploreBody summary={summary} config={config} run={run} />
      ) : (
        <p className="muted">Open a capture above to see when processes start, which names and folders dominate, and the raw events behind every bar.</p>
      )}
    </Section>
  );
}

/** Code → text maps learnt from the aggregates of one capture, for chips and the host list. */
interface KnownNames {
  summary: CaptureSummary;
  hosts: Map<number, string>;
  names: Map<number, string>;
  folders: Map<number, string>;
}

function learn(previous: KnownNames | null, summary: CaptureSummary, aggregate: ExploreAggregate | null): KnownNames {
  const known: KnownNames =
    previous && previous.summary === summary
      ? { summary, hosts: new Map(previous.hosts), names: new Map(previous.names), folders: new Map(previous.folders) }
      : { summary, hosts: new Map(), names: new Map(), folders: new Map() };
  for (const host of aggregate?.hosts ?? []) known.hosts.set(host.code, host.value);
  for (const name of aggregate?.topNames ?? []) known.names.set(name.code, name.value);
  for (const folder of aggregate?.topFolders ?? []) known.folders.set(folder.code, folder.value);
  return known;
}

function ExploreBody({ summary, config, run }: { summary: CaptureSummary; config: ExploreConfig; run: ExploreRun }) {
  const setFilter = useNotebook((s) => s.setExploreFilter);
  const setConfig = useNotebook((s) => s.setExploreConfig);
  const clearFilter = useNotebook((s) => s.clearExploreFilter);
  const setTimeZone = useNotebook((s) => s.setExploreTimeZone);
  const aggregate = run.aggregate;
  const timeZone = config.timeZone;

  const [known, setKnown] = useState<KnownNames | null>(null);
  useEffect(() => setKnown((previous) => learn(previous, summary, aggregate)), [summary, aggregate]);

  const chips = useMemo(
    () =>
      filterChips(config.filter, {
        eventName,
        hostName: (code) => known?.hosts.get(code) ?? null,
        fileName: (code) => known?.names.get(code) ?? null,
        folderName: (code) => known?.folders.get(code) ?? null,
        timeZone,
      }),
    [config.filter, known, timeZone],
  );
  const hosts = useMemo(
    () => [...(known?.hosts ?? new Map<number, string>())].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name)),
    [known],
  );

  const onTopN = useCallback((topN: number) => setConfig({ topN }), [setConfig]);
  const onScale = useCallback((scale: ExploreConfig['scale']) => setConfig({ scale }), [setConfig]);
  const onTimeZone = useCallback((zone: string) => void setTimeZone(zone), [setTimeZone]);

  return (
    <div className="explore">
      <FilterBar
        config={config}
        eventIdCounts={summary.eventIdCounts}
        hosts={hosts}
        chips={chips}
        onFilter={setFilter}
        onClearAll={clearFilter}
        onTopN={onTopN}
        onScale={onScale}
        onTimeZone={onTimeZone}
      />
      <p className="status-line" aria-live="polite" data-testid="explore-status">
        {statusText(run, aggregate)}
      </p>
      {run.error ? (
        <p role="alert" className="error-box">
          {run.error}
        </p>
      ) : null}
      {aggregate ? (
        <>
          <ExploreSummary aggregate={aggregate} />
          <CompletenessVerdict />
          <Charts aggregate={aggregate} scale={config.scale} topN={run.topN} timeZone={timeZone} />
          <EventsTable filter={run.filter} matched={aggregate.matchedRows} revision={run.revision} />
          <ImageLoadsView summary={summary} filter={run.filter} topN={run.topN} revision={run.revision} />
        </>
      ) : null}
    </div>
  );
}

function statusText(run: ExploreRun, aggregate: ExploreAggregate | null): string {
  if (!aggregate) return run.status === 'error' ? 'The charts could not be computed.' : 'Counting…';
  const counting = run.status === 'running' ? ' Updating…' : '';
  return `Showing ${formatCount(aggregate.matchedRows)} of ${formatCount(aggregate.totalRows)} events.${counting}`;
}

function ExploreSummary({ aggregate }: { aggregate: ExploreAggregate }) {
  const range = aggregate.timeRange;
  return (
    <div className="summary explore-summary">
      <dl className="summary-grid" aria-label="Explore summary">
        <div>
          <dt>Events</dt>
          <dd>
            {formatCount(aggregate.matchedRows)} <span className="muted small">of {formatCount(aggregate.totalRows)}</span>
          </dd>
        </div>
        <div>
          <dt>Unique file names</dt>
          <dd>{formatCount(aggregate.uniqueNames)}</dd>
        </div>
        <div>
          <dt>Unique folders</dt>
          <dd>{formatCount(aggregate.uniqueFolders)}</dd>
        </div>
        <div>
          <dt>Hosts</dt>
          <dd title={aggregate.hosts.map((h) => h.value).join(', ')}>{formatCount(aggregate.hosts.length)}</dd>
        </div>
        <div className="wide">
          <dt>Time range (UTC)</dt>
          <dd className="small-dd">{range ? `${formatUtc(range[0])} – ${formatUtc(range[1])}` : '—'}</dd>
        </div>
      </dl>
      <table className="data-table compact" aria-label="Matched events by type">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col" className="num">
              Matched
            </th>
          </tr>
        </thead>
        <tbody>
          {aggregate.eventIdCounts.length === 0 ? (
            <tr>
              <td colSpan={2} className="muted">
                No events match the filters.
              </td>
            </tr>
          ) : null}
          {aggregate.eventIdCounts.map((c) => (
            <tr key={c.eventId}>
              <td>
                {c.eventId} {eventName(c.eventId)}
              </td>
              <td className="num">{formatCount(c.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Charts({ aggregate, scale, topN, timeZone }: { aggregate: ExploreAggregate; scale: ExploreConfig['scale']; topN: number; timeZone: string }) {
  const setFilter = useNotebook((s) => s.setExploreFilter);
  const [presenting, setPresenting] = useState<{ chart: ExploreChartId; opener: ExploreChartId } | null>(null);
  const presentButtons = useRef(new Map<ExploreChartId, HTMLButtonElement | null>());

  const charts = useMemo(
    () =>
      EXPLORE_CHART_IDS.map((id) => {
        const context: ChartContext = { scale, topN, timeZone, style: PAGE_STYLE, height: pageHeight(id, aggregate) };
        return {
          id,
          title: chartTitle(id, topN),
          figure: exploreFigure(id, aggregate, context),
          legend: chartLegend(id, aggregate),
          table: exploreTable(id, aggregate, topN),
        };
      }),
    [aggregate, scale, topN, timeZone],
  );

  const presenterFigure = useMemo(
    () => (presenting ? exploreFigure(presenting.chart, aggregate, { scale, topN, timeZone, style: PRESENTER_STYLE }) : null),
    [presenting, aggregate, scale, topN, timeZone],
  );

  const move = (step: number) =>
    setPresenting((current) => {
      if (!current) return current;
      const index = EXPLORE_CHART_IDS.indexOf(current.chart);
      const next = EXPLORE_CHART_IDS[(index + step + EXPLORE_CHART_IDS.length) % EXPLORE_CHART_IDS.length] ?? current.chart;
      return { ...current, chart: next };
    });

  const close = () => {
    const opener = presenting?.opener;
    setPresenting(null);
    if (opener) presentButtons.current.get(opener)?.focus();
  };

  return (
    <>
      <div className="chart-grid">
        {charts.map((chart) => (
          <ChartPanel
            key={chart.id}
            chartId={chart.id}
            className={`chart-${chart.id}`}
            title={chart.title}
            note={CHART_NOTES[chart.id]}
            figure={chart.figure}
            legend={chart.legend}
            exportFigure={() =>
              withTitle(exploreFigure(chart.id, aggregate, { scale, topN, timeZone, style: EXPORT_STYLE, drawsLegend: true }), chart.title, EXPORT_STYLE)
            }
            table={chart.table}
            onPointClick={(event: ClickEvent) => {
              const point = event.points[0];
              const patch = point ? filterForClick(chart.id, point, aggregate) : null;
              if (patch) setFilter(patch);
            }}
            onFilter={setFilter}
            onPresent={() => setPresenting({ chart: chart.id, opener: chart.id })}
            presentButton={(element) => {
              presentButtons.current.set(chart.id, element);
            }}
          />
        ))}
      </div>
      {presenting && presenterFigure ? (
        <PresenterOverlay
          title={chartTitle(presenting.chart, topN)}
          position={`${EXPLORE_CHART_IDS.indexOf(presenting.chart) + 1} of ${EXPLORE_CHART_IDS.length}`}
          figure={presenterFigure}
          legend={chartLegend(presenting.chart, aggregate)}
          onPrevious={() => move(-1)}
          onNext={() => move(1)}
          onClose={close}
        />
      ) : null}
    </>
  );
}
