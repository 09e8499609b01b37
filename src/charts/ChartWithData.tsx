import { useId, useState } from 'react';
import type { DataTable } from './completenessCharts';
import { PlotlyChart } from './PlotlyChart';
import type { Figure, Layout } from './plotly';

const NO_LAYOUT: Layout = {};

interface Props {
  title: string;
  /** One sentence under the heading: what the chart shows. */
  note: string;
  figure: Figure;
  table: DataTable;
  chartId: string;
}

/** A chart as a labelled region with its exact numbers behind "Show data" (as the Explore charts). */
export function ChartWithData({ title, note, figure, table, chartId }: Props) {
  const headingId = useId();
  const tableId = useId();
  const [isTableOpen, setTableOpen] = useState(false);
  const [head, ...rest] = table.columns;
  return (
    <section role="region" aria-labelledby={headingId} className="chart-panel" data-chart={chartId}>
      <header className="chart-header">
        <h4 id={headingId}>{title}</h4>
        <div className="chart-actions">
          <button type="button" aria-expanded={isTableOpen} aria-controls={tableId} onClick={() => setTableOpen((open) => !open)}>
            {isTableOpen ? 'Hide data' : 'Show data'}
          </button>
        </div>
      </header>
      <p className="chart-note muted">{note}</p>
      <div className="chart-body" style={{ height: figure.layout?.height ?? 300 }}>
        <PlotlyChart data={figure.data} layout={figure.layout ?? NO_LAYOUT} />
      </div>
      <div id={tableId} hidden={!isTableOpen} className="chart-table-wrap">
        {isTableOpen ? (
          <table className="data-table chart-table" aria-label={table.caption}>
            <thead>
              <tr>
                <th scope="col">{head}</th>
                {rest.map((column) => (
                  <th scope="col" key={column}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  <th scope="row">{row[0]}</th>
                  {row.slice(1).map((cell, column) => (
                    <td key={column}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </section>
  );
}
