import { useEffect, useRef, useState } from 'react';
import {
  DEFAULT_CONFIG,
  loadedPlotly,
  loadPlotly,
  type ClickEvent,
  type Config,
  type Layout,
  type PlotlyElement,
  type PlotlyStatic,
  type Trace,
} from './plotly';
import { chartDrawQueue } from './drawQueue';
import './charts.css';
import { errorMessage } from '../lib/errorMessage';

interface Props {
  data: Trace[];
  layout: Layout;
  config?: Config;
  /** Called with Plotly's click event on a point. */
  onClick?: (event: ClickEvent) => void;
  /** Receives the drawn element (for extendChart), and null when it goes away. */
  onReady?: (element: PlotlyElement | null) => void;
  className?: string;
}

/**
 * One Plotly chart. Loads Plotly lazily ("Loading chart…" meanwhile), redraws with
 * `Plotly.react` when props change (keep them memoised), follows its container's size and
 * purges on unmount.
 */
export function PlotlyChart({ data, layout, config, onClick, onReady, className }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<PlotlyStatic | null>(loadedPlotly);
  const [error, setError] = useState<string | null>(null);
  const clickRef = useRef(onClick);
  const readyRef = useRef(onReady);
  useEffect(() => {
    clickRef.current = onClick;
    readyRef.current = onReady;
  });

  useEffect(() => {
    if (plotly) return;
    let isCurrent = true;
    loadPlotly().then(
      (loaded) => {
        if (isCurrent) setPlotly(() => loaded);
      },
      (reason: unknown) => {
        if (isCurrent) setError(errorMessage(reason));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [plotly]);

  // Listeners are bound once per drawn element; they read the latest callbacks from refs.
  const boundElement = useRef<PlotlyElement | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!plotly || !element) return;
    let isCurrent = true;
    const cancel = chartDrawQueue.schedule(() => {
      plotly.react(element, data, layout, { ...DEFAULT_CONFIG, ...config }).then(
        (drawn) => {
          if (!isCurrent || boundElement.current === drawn) return;
          boundElement.current = drawn;
          drawn.on('plotly_click', (event) => clickRef.current?.(event));
          readyRef.current?.(drawn);
        },
        (reason: unknown) => {
          if (isCurrent) setError(errorMessage(reason));
        },
      );
    });
    return () => {
      isCurrent = false;
      cancel();
    };
  }, [plotly, data, layout, config]);

  useEffect(() => {
    const element = container.current;
    if (!plotly || !element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (boundElement.current) void plotly.Plots.resize(element);
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      if (boundElement.current) {
        boundElement.current.removeAllListeners('plotly_click');
        boundElement.current = null;
        readyRef.current?.(null);
      }
      plotly.purge(element);
    };
  }, [plotly]);

  return (
    <div className={`plotly-chart ${className ?? ''}`}>
      {!plotly && !error ? <p className="chart-loading muted">Loading chart…</p> : null}
      {error ? (
        <p role="alert" className="error-box">
          The chart could not be drawn: {error}
        </p>
      ) : null}
      <div ref={container} className="plotly-target" />
    </div>
  );
}
