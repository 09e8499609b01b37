import { ChartRegion } from './ChartRegion';
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
  const [head, ...rest] = table.columns;
  return (
    <ChartRegion
      chartId={chartId}
      title={title}
      headingLevel={4}
      note={note}
      height={figure.layout?.height ?? 300}
      renderTable={() => (
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
      )}
    >
      <PlotlyChart data={figure.data} layout={figure.layout ?? NO_LAYOUT} />
    </ChartRegion>
  );
}
