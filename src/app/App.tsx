import { useEffect, useState } from 'react';
import { LoadSection } from '../sections/load/LoadSection';
import { ExploreSection } from '../sections/explore/ExploreSection';
import { KnownBadSection } from '../sections/known-bad/KnownBadSection';
import { FeaturesSection } from '../sections/features/FeaturesSection';
import { TrainSection } from '../sections/train/TrainSection';
import { EvaluateSection } from '../sections/evaluate/EvaluateSection';
import { useNotebook } from '../store/store';
import { NotebookToolbar } from '../sections/notebook/NotebookToolbar';
import { PresenterMode } from '../sections/notebook/PresenterMode';
import { RestoreBanner } from '../sections/notebook/RestoreBanner';
import { loadPlotly } from '../charts/plotly';
import { warmUpCharts } from '../charts/warmUp';

/**
 * The notebook page: six cells in order, and a drop zone covering the whole page. `start` restores
 * the saved notebook or opens the demo (once, however often it is called).
 */
export function App({ start }: { start: () => Promise<unknown> }) {
  const openCapture = useNotebook((s) => s.openCapture);
  const isPresenting = useNotebook((s) => s.notebook.presentIndex !== null);
  const [isDragging, setDragging] = useState(false);

  useEffect(() => {
    // The saved notebook comes back first; the demo opens only when nothing was restored.
    void start();
    // Evaluating Plotly's 2 MB module takes ~0.3 s of main thread, and its first chart of each
    // kind two to three times a later one: pay both while idle, not in the middle of showing a
    // freshly loaded capture.
    const idle = window.requestIdleCallback(
      () =>
        void loadPlotly()
          .then((plotly) => warmUpCharts(plotly))
          .catch(() => undefined),
      { timeout: 3000 },
    );
    return () => window.cancelIdleCallback(idle);
  }, [start]);

  return (
    <div
      className={isPresenting ? 'app presenting' : 'app'}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const files = Array.from(event.dataTransfer.files);
        if (files.length > 0) void openCapture(files);
      }}
    >
      <header className="app-header">
        <h1>EtwLab</h1>
        <p className="muted">Machine learning on Windows ETW process telemetry — in your browser. Nothing you open leaves this page.</p>
      </header>
      <RestoreBanner />
      <NotebookToolbar />
      {isDragging ? (
        <div className="drop-overlay" aria-hidden="true">
          Drop capture files to open them
        </div>
      ) : null}
      <main className={isPresenting ? 'notebook presenting' : 'notebook'}>
        <LoadSection />
        <ExploreSection />
        <KnownBadSection />
        <FeaturesSection />
        <TrainSection />
        <EvaluateSection />
      </main>
      <PresenterMode />
    </div>
  );
}
