import { useId, useState, type ReactNode } from 'react';

interface Props {
  chartId: string;
  title: string;
  /** h3 in a section's own charts, h4 where the chart sits under a section's sub-heading. */
  headingLevel: 3 | 4;
  /** One sentence under the heading: what the chart shows (and what a click does). */
  note: string;
  className?: string;
  /** Buttons after "Show data" (image export, presenter mode). */
  actions?: ReactNode;
  /** Between the note and the chart: an error line, a legend. */
  aboveChart?: ReactNode;
  /** Pixel height of the chart's box. */
  height: number;
  /** The chart. */
  children: ReactNode;
  /** The exact numbers behind the chart, rendered only while "Show data" is open. */
  renderTable: () => ReactNode;
}

/**
 * A chart as a labelled region (users and tests find it by its heading) with its exact numbers
 * behind "Show data": the one shell of the Explore, Load, Evaluate and Train charts.
 */
export function ChartRegion({ chartId, title, headingLevel, note, className, actions, aboveChart, height, children, renderTable }: Props) {
  const headingId = useId();
  const tableId = useId();
  const [isTableOpen, setTableOpen] = useState(false);
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <section role="region" aria-labelledby={headingId} className={className ? `chart-panel ${className}` : 'chart-panel'} data-chart={chartId}>
      <header className="chart-header">
        <Heading id={headingId}>{title}</Heading>
        <div className="chart-actions">
          <button type="button" aria-expanded={isTableOpen} aria-controls={tableId} onClick={() => setTableOpen((open) => !open)}>
            {isTableOpen ? 'Hide data' : 'Show data'}
          </button>
          {actions}
        </div>
      </header>
      <p className="chart-note muted">{note}</p>
      {aboveChart}
      <div className="chart-body" style={{ height }}>
        {children}
      </div>
      <div id={tableId} hidden={!isTableOpen} className="chart-table-wrap">
        {isTableOpen ? renderTable() : null}
      </div>
    </section>
  );
}
