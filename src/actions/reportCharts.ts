/** The figures of a run report: loss per epoch, and the held-out ROC and precision–recall curves. */
import { baseLayout, GRID, PAGE_STYLE } from '../charts/palette';
import type { Figure } from '../charts/plotly';
import type { RunRecord } from '../store/trainSlice';

/** A report figure and its title (also the image's text alternative). */
export interface ReportFigure {
  title: string;
  figure: Figure;
}

const axis = (title: string, range?: [number, number]) => ({ title: { text: title }, gridcolor: GRID, ...(range ? { range } : {}) });

/** The figures a run has data for. */
export function reportFigures(run: RunRecord): ReportFigure[] {
  const figures: ReportFigure[] = [];
  const layout = baseLayout(PAGE_STYLE);
  if (run.epochs.length > 0) {
    const x = run.epochs.map((log) => log.epoch + 1);
    figures.push({
      title: 'Loss per epoch',
      figure: {
        data: [
          { type: 'scatter', mode: 'lines+markers', name: 'Loss', x, y: run.epochs.map((l) => l.loss), line: { color: '#0072B2' } },
          { type: 'scatter', mode: 'lines+markers', name: 'Validation loss', x, y: run.epochs.map((l) => l.valLoss), line: { color: '#D55E00', dash: 'dot' } },
        ],
        layout: { ...layout, title: { text: 'Loss per epoch' }, xaxis: axis('Epoch'), yaxis: axis('Loss') },
      },
    });
  }
  const evaluation = run.outcome?.evaluation;
  if (evaluation) {
    figures.push({
      title: 'ROC curve (test split)',
      figure: {
        data: [
          { type: 'scatter', mode: 'lines', name: 'Network', x: evaluation.roc.x, y: evaluation.roc.y, line: { color: '#0072B2' } },
          { type: 'scatter', mode: 'lines', name: 'Chance', x: [0, 1], y: [0, 1], line: { color: '#8A8F98', dash: 'dot' } },
        ],
        layout: {
          ...layout,
          title: { text: 'ROC curve (test split)' },
          xaxis: axis('False positive rate', [0, 1]),
          yaxis: axis('True positive rate', [0, 1.02]),
        },
      },
    });
    figures.push({
      title: 'Precision–recall curve (test split)',
      figure: {
        data: [{ type: 'scatter', mode: 'lines', name: 'Network', x: evaluation.pr.x, y: evaluation.pr.y, line: { color: '#009E73' } }],
        layout: { ...layout, title: { text: 'Precision–recall curve (test split)' }, xaxis: axis('Recall', [0, 1]), yaxis: axis('Precision', [0, 1.02]) },
      },
    });
  }
  return figures;
}
