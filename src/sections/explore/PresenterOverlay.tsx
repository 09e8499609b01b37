import { useEffect, useMemo, useRef } from 'react';
import { ChartLegend } from '../../charts/ChartLegend';
import type { LabelSeries } from '../../charts/palette';
import { PlotlyChart } from '../../charts/PlotlyChart';
import type { Figure } from '../../charts/plotly';

interface Props {
  title: string;
  /** e.g. "2 of 5". */
  position: string;
  figure: Figure;
  /** The classes listed above the chart. */
  legend: readonly LabelSeries[];
  onPrevious: () => void;
  onNext: () => void;
  onClose: () => void;
}

const PRESENTER_CONFIG = { displayModeBar: false } as const;

/**
 * One chart full screen with large type, for a room: ← and → move between charts, Esc leaves.
 * The caller returns focus to the button that opened it.
 */
export function PresenterOverlay({ title, position, figure, legend, onPrevious, onNext, onClose }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  const actions = useRef({ onPrevious, onNext, onClose });
  useEffect(() => {
    actions.current = { onPrevious, onNext, onClose };
  });

  useEffect(() => {
    dialog.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'ArrowRight') actions.current.onNext();
      else if (event.key === 'ArrowLeft') actions.current.onPrevious();
      else if (event.key === 'Escape') actions.current.onClose();
      else if (event.key === 'Tab') keepFocusInside(event, dialog.current);
      else return;
      if (event.key !== 'Tab') event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.style.overflow = overflow;
    };
  }, []);

  const layout = useMemo(() => figure.layout ?? {}, [figure]);

  return (
    <div className="presenter-backdrop">
      <div ref={dialog} className="presenter" role="dialog" aria-modal="true" aria-labelledby="presenter-title" tabIndex={-1}>
        <header className="presenter-header">
          <h2 id="presenter-title">{title}</h2>
          <span className="muted presenter-position">{position}</span>
          <div className="presenter-actions">
            <button type="button" onClick={onPrevious} aria-label="Previous chart">
              ←
            </button>
            <button type="button" onClick={onNext} aria-label="Next chart">
              →
            </button>
            <button type="button" onClick={onClose}>
              Close (Esc)
            </button>
          </div>
        </header>
        <ChartLegend series={legend} />
        <div className="presenter-chart">
          {/* A fresh plot per chart: Plotly.react from another chart starts from that chart's margins and draws a colour bar twice. */}
          <PlotlyChart key={title} data={figure.data} layout={layout} config={PRESENTER_CONFIG} />
        </div>
      </div>
    </div>
  );
}

/** Wraps Tab and Shift+Tab around the dialog's buttons. */
function keepFocusInside(event: KeyboardEvent, container: HTMLElement | null): void {
  if (!container) return;
  const focusable = Array.from(container.querySelectorAll<HTMLElement>('button, [href], input, select, [tabindex]:not([tabindex="-1"])'));
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === container)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !container.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}
