import type { LabelSeries } from './palette';

/**
 * A chart's class legend in HTML above the chart. Plotly's own legend is measured entry by entry
 * and reserves its margin on every draw; this one costs the page nothing to lay out twice.
 */
export function ChartLegend({ series }: { series: readonly LabelSeries[] }) {
  if (series.length === 0) return null;
  return (
    <ul className="chart-legend" aria-label="Classes">
      {series.map((entry) => (
        <li key={entry.label}>
          <span className="chart-legend-swatch" style={{ background: entry.color }} aria-hidden="true" />
          {entry.name}
        </li>
      ))}
    </ul>
  );
}
