import { useMemo } from 'react';
import { PlotlyChart } from '../../charts/PlotlyChart';
import type { Layout } from '../../charts/plotly';
import { formatCount } from '../../lib/format';
import { classificationMetrics } from '../../ml/metrics';
import type { Evaluation } from '../../worker/trainProtocol';
import { prFigure, rocFigure } from './evaluateCharts';
import { formatMetric } from './metricRows';

const NO_LAYOUT: Layout = {};

interface Props {
  evaluation: Evaluation;
  threshold: number;
  onThreshold: (threshold: number) => void;
}

/** The threshold slider, the confusion matrix it gives on the test rows, and the ROC and PR curves. */
export function ThresholdPanel({ evaluation, threshold, onThreshold }: Props) {
  const metrics = useMemo(() => classificationMetrics(evaluation.testScores, evaluation.testLabels, threshold), [evaluation, threshold]);
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = metrics.confusion;
  const roc = useMemo(() => rocFigure(evaluation.roc, evaluation.test.rocAuc, metrics.confusion, threshold), [evaluation, metrics, threshold]);
  const badShare = metrics.count > 0 ? metrics.positives / metrics.count : 0;
  const pr = useMemo(() => prFigure(evaluation.pr, evaluation.test.prAuc, badShare, metrics.confusion, threshold), [evaluation, metrics, badShare, threshold]);

  return (
    <div className="threshold-panel">
      <div className="threshold-controls">
        <label className="threshold-slider">
          <span>
            Threshold <strong>{threshold.toFixed(2)}</strong>
          </span>
          <input
            type="range"
            aria-label="Threshold"
            min={0}
            max={1}
            step={0.01}
            value={threshold}
            onChange={(event) => onThreshold(Number(event.currentTarget.value))}
          />
        </label>
        <p className="muted small">An event scoring at or above the threshold is flagged as known bad.</p>
        <table className="data-table confusion-matrix">
          <caption>Confusion matrix (test rows)</caption>
          <thead>
            <tr>
              <td />
              <th scope="col" className="num">
                Flagged
              </th>
              <th scope="col" className="num">
                Not flagged
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Known bad</th>
              <td className="num cm-good">{formatCount(tp)}</td>
              <td className="num cm-bad" title="Missed intrusions">
                {formatCount(fn)}
              </td>
            </tr>
            <tr>
              <th scope="row">Known good</th>
              <td className="num cm-bad" title="False alarms">
                {formatCount(fp)}
              </td>
              <td className="num cm-good">{formatCount(tn)}</td>
            </tr>
          </tbody>
        </table>
        <dl className="threshold-metrics">
          <div>
            <dt>Precision</dt>
            <dd>{formatMetric(metrics.precision)}</dd>
          </div>
          <div>
            <dt>Recall</dt>
            <dd>{formatMetric(metrics.recall)}</dd>
          </div>
          <div>
            <dt>F1</dt>
            <dd>{formatMetric(metrics.f1)}</dd>
          </div>
          <div>
            <dt>Accuracy</dt>
            <dd>{formatMetric(metrics.accuracy)}</dd>
          </div>
        </dl>
      </div>
      <div className="chart-body evaluate-chart">
        <h4 className="chart-heading">ROC curve (test rows)</h4>
        <PlotlyChart data={roc.data} layout={roc.layout ?? NO_LAYOUT} />
      </div>
      <div className="chart-body evaluate-chart">
        <h4 className="chart-heading">Precision–recall curve (test rows)</h4>
        <PlotlyChart data={pr.data} layout={pr.layout ?? NO_LAYOUT} />
      </div>
    </div>
  );
}
