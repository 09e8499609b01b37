import { useEffect, useMemo, useRef, useState } from 'react';
import { ChartRegion } from '../../charts/ChartRegion';
import { PlotlyChart } from '../../charts/PlotlyChart';
import { extendChart, type PlotlyElement } from '../../charts/plotly';
import type { EpochLog } from '../../ml/train';
import { useNotebook, useNotebookStore } from '../../store/store';
import type { NotebookState } from '../../store/types';
import { curveTable, emptyTraces, liveLayout, pointsOf, type LiveChartSpec } from './curves';
import { errorMessage } from '../../lib/errorMessage';

const NO_EPOCHS: readonly EpochLog[] = [];

/** The epoch logs of a run; the same array until an epoch is added, so selectors stay quiet. */
export function epochsOf(state: NotebookState, runId: number): readonly EpochLog[] {
  return state.train.runs.find((run) => run.id === runId)?.epochs ?? NO_EPOCHS;
}

interface Props {
  spec: LiveChartSpec;
  runId: number;
}

interface ChartProps extends Props {
  /** Epochs the run plans, for the x axis. */
  epochs: number;
}

/**
 * A live chart of one run (mount it with `key={runId}`). It renders once: new epochs are
 * appended with Plotly.extendTraces from a store subscription outside React, at most once per
 * animation frame, so a run's events never re-render it. "Show data" reveals the numbers.
 */
export function LiveCurveChart({ spec, runId, epochs }: ChartProps) {
  const [error, setError] = useState<string | null>(null);
  const data = useMemo(() => emptyTraces(spec), [spec]);
  const layout = useMemo(() => liveLayout(spec, epochs), [spec, epochs]);
  const element = useRef<PlotlyElement | null>(null);
  const drawn = useRef(0);
  const schedule = useRef<() => void>(() => undefined);
  const store = useNotebookStore();

  useEffect(() => {
    let frame = 0;
    const flush = (): void => {
      frame = 0;
      const target = element.current;
      if (!target) return;
      const logs = epochsOf(store.getState(), runId);
      if (logs.length <= drawn.current) return;
      const fresh = logs.slice(drawn.current);
      drawn.current = logs.length;
      const points = pointsOf(spec, fresh);
      extendChart(target, points.x, points.y, points.indices).catch((reason: unknown) => setError(errorMessage(reason)));
    };
    schedule.current = () => {
      if (frame === 0) frame = requestAnimationFrame(flush);
    };
    const unsubscribe = store.subscribe((state, previous) => {
      if (epochsOf(state, runId) !== epochsOf(previous, runId)) schedule.current();
    });
    schedule.current();
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
      schedule.current = () => undefined;
    };
  }, [runId, spec, store]);

  const onReady = (ready: PlotlyElement | null): void => {
    element.current = ready;
    // Plotly extends the trace objects it was given, so after a redraw they hold what is drawn.
    drawn.current = data[0]?.x.length ?? 0;
    if (ready) schedule.current();
  };

  return (
    <ChartRegion
      chartId={spec.id}
      title={spec.title}
      headingLevel={3}
      note={spec.note}
      className="live-chart"
      height={layout.height ?? 280}
      aboveChart={
        error ? (
          <p role="alert" className="error-box">
            The chart could not be updated: {error}
          </p>
        ) : null
      }
      renderTable={() => <CurveTable spec={spec} runId={runId} />}
    >
      <PlotlyChart data={data} layout={layout} onReady={onReady} />
    </ChartRegion>
  );
}

/** The chart's numbers; re-renders once per epoch while open. */
function CurveTable({ spec, runId }: Props) {
  const epochs = useNotebook((s) => epochsOf(s, runId));
  const table = curveTable(spec, epochs);
  return (
    <table className="data-table chart-table" aria-label={spec.title}>
      <thead>
        <tr>
          {table.columns.map((column) => (
            <th scope="col" className="num" key={column}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row) => (
          <tr key={row[0]}>
            {row.map((cell, column) => (
              <td className="num" key={table.columns[column] ?? column}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
