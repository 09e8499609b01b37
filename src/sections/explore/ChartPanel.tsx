import { useState } from 'react';
import { ChartRegion } from '../../charts/ChartRegion';
import type { ChartTable } from '../../charts/exploreCharts';
import { downloadFigure, type ImageFormat } from '../../charts/exportImage';
import { ChartLegend } from '../../charts/ChartLegend';
import type { LabelSeries } from '../../charts/palette';
import { PlotlyChart } from '../../charts/PlotlyChart';
import type { ClickEvent, Figure, Layout } from '../../charts/plotly';
import type { FrameFilter } from '../../frame/query';
import { formatCount } from '../../lib/format';
import { errorMessage } from '../../lib/errorMessage';

const NO_LAYOUT: Layout = {};

interface Props {
  chartId: string;
  title: string;
  /** One sentence under the heading: what the chart shows and what a click does. */
  note: string;
  figure: Figure;
  /** The classes listed above the chart (the figure draws no legend of its own). */
  legend: readonly LabelSeries[];
  /** The figure for an exported image (title drawn in). */
  exportFigure: () => Figure;
  table: ChartTable;
  onPointClick: (event: ClickEvent) => void;
  onFilter: (patch: Partial<FrameFilter>) => void;
  onPresent: () => void;
  presentButton: (element: HTMLButtonElement | null) => void;
  className?: string;
}

/**
 * One Explore chart as a labelled region: heading, the chart, its exact numbers behind
 * "Show data", image export and a button into presenter mode.
 */
export function ChartPanel({ chartId, title, note, figure, legend, exportFigure, table, onPointClick, onFilter, onPresent, presentButton, className }: Props) {
  const [exportError, setExportError] = useState<string | null>(null);

  const save = (format: ImageFormat) => {
    setExportError(null);
    downloadFigure(exportFigure(), `etwlab-${chartId}`, format).catch((reason: unknown) => setExportError(errorMessage(reason)));
  };

  return (
    <ChartRegion
      chartId={chartId}
      title={title}
      headingLevel={3}
      note={note}
      {...(className === undefined ? {} : { className })}
      height={figure.layout?.height ?? 340}
      actions={
        <>
          <button type="button" onClick={() => save('png')} aria-label={`Save ${title} as PNG`} title="Save as PNG image">
            PNG
          </button>
          <button type="button" onClick={() => save('svg')} aria-label={`Save ${title} as SVG`} title="Save as SVG image">
            SVG
          </button>
          <button type="button" ref={presentButton} onClick={onPresent} title="Show this chart full screen (← → to move, Esc to leave)">
            Present
          </button>
        </>
      }
      aboveChart={
        <>
          {exportError ? (
            <p role="alert" className="error-box">
              Export failed: {exportError}
            </p>
          ) : null}
          <ChartLegend series={legend} />
        </>
      }
      renderTable={() => <ChartDataTable table={table} onFilter={onFilter} />}
    >
      <PlotlyChart data={figure.data} layout={figure.layout ?? NO_LAYOUT} onClick={onPointClick} />
    </ChartRegion>
  );
}

function ChartDataTable({ table, onFilter }: { table: ChartTable; onFilter: (patch: Partial<FrameFilter>) => void }) {
  const [head, ...countColumns] = table.columns;
  return (
    <table className="data-table chart-table" aria-label={table.title}>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          {countColumns.map((column) => (
            <th scope="col" className="num" key={column}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => {
          const filter = row.filter;
          return (
            <tr key={row.key}>
              <th scope="row" className="chart-table-head">
                {filter ? (
                  <button type="button" className="link-button" title="Filter every chart to this" onClick={() => onFilter(filter)}>
                    {row.head}
                  </button>
                ) : (
                  row.head
                )}
              </th>
              {row.counts.map((count, column) => (
                <td className="num" key={countColumns[column] ?? column}>
                  {formatCount(count)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
