import { useMemo } from 'react';
import { PlotlyChart } from '../../charts/PlotlyChart';
import type { Layout } from '../../charts/plotly';
import { explainAucChange } from '../../ml/leakageCauses';
import { modelKindOf } from '../../ml/modelSettings';
import type { RunRecord } from '../../store/trainSlice';
import { lossFigure } from './evaluateCharts';
import { isEvaluated, lossSeries, remedyBetween } from './evaluateView';
import { comparisonRows, formatComparison, MODEL_NAMES, settingsDifferences } from './metricRows';

const NO_LAYOUT: Layout = {};

interface Props {
  runs: readonly RunRecord[];
  compareRunIds: readonly number[];
  onCompare: (ids: number[]) => void;
}

function RunHeading({ run }: { run: RunRecord }) {
  return (
    <th scope="col" className="num run-heading">
      Run {run.id}
      <span className="run-label">{run.label.replace(`Run ${run.id} · `, '')}</span>
      <span className="run-label run-kind">{MODEL_NAMES[modelKindOf(run.config.model)]}</span>
      {run.status === 'running' ? <span className="run-label">training…</span> : null}
    </th>
  );
}

/** For each compared run made by a remedy from another compared run, one sentence on why the test ROC AUC moved. */
function remedyExplanations(compared: readonly RunRecord[]): { id: number; text: string }[] {
  return compared.flatMap((after) => {
    const before = compared.find((run) => run.id === after.remedyOf);
    if (before === undefined || !isEvaluated(before) || !isEvaluated(after)) return [];
    const remedy = remedyBetween(before.config, after.config);
    if (remedy === null) return [];
    const text = explainAucChange({
      remedy,
      beforeAuc: before.outcome.evaluation.test.rocAuc,
      afterAuc: after.outcome.evaluation.test.rocAuc,
      afterBaselines: after.outcome.evaluation.baselines,
      modelKind: modelKindOf(after.config.model),
    });
    return [{ id: after.id, text: `Run ${after.id} against run ${before.id}: ${text}` }];
  });
}

/** Runs ticked from the history, side by side: metrics, differing settings and validation loss. */
export function RunComparison({ runs, compareRunIds, onCompare }: Props) {
  const compared = useMemo(() => compareRunIds.flatMap((id) => runs.filter((run) => run.id === id)), [runs, compareRunIds]);
  const rows = useMemo(() => comparisonRows(compared), [compared]);
  const differences = useMemo(() => settingsDifferences(compared.map((run) => run.config)), [compared]);
  const loss = useMemo(() => lossFigure(lossSeries(compared)), [compared]);
  const explanations = useMemo(() => remedyExplanations(compared), [compared]);

  const toggle = (id: number, isTicked: boolean): void => {
    onCompare(isTicked ? [...compareRunIds.filter((other) => other !== id), id] : compareRunIds.filter((other) => other !== id));
  };

  return (
    <div className="run-comparison">
      <fieldset>
        <legend>Compare runs</legend>
        <ul className="run-history">
          {runs.map((run) => (
            <li key={run.id}>
              <label>
                <input type="checkbox" checked={compareRunIds.includes(run.id)} onChange={(event) => toggle(run.id, event.currentTarget.checked)} /> {run.label}{' '}
                <span className="muted">({run.status})</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {compared.length < 2 ? (
        <p className="muted">Tick two or more runs to compare them, or use a remedy above: the new run appears here beside the first.</p>
      ) : (
        <div className="comparison-grid">
          <div className="evaluate-table-wrap">
            {explanations.map((explanation) => (
              <p key={explanation.id} className="remedy-explained" data-testid="remedy-explanation">
                {explanation.text}
              </p>
            ))}
            <table className="data-table">
              <caption>Run comparison</caption>
              <thead>
                <tr>
                  <th scope="col">Metric</th>
                  {compared.map((run) => (
                    <RunHeading key={run.id} run={run} />
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.label}>
                    <th scope="row">{row.label}</th>
                    {row.values.map((value, i) => (
                      <td key={compared[i]?.id ?? i} className="num">
                        {formatComparison(value, row.format)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {differences.length > 0 ? (
              <table className="data-table">
                <caption>Settings that differ</caption>
                <thead>
                  <tr>
                    <th scope="col">Setting</th>
                    {compared.map((run) => (
                      <th key={run.id} scope="col">
                        Run {run.id}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {differences.map((difference) => (
                    <tr key={difference.setting}>
                      <th scope="row">{difference.setting}</th>
                      {difference.values.map((value, i) => (
                        <td key={compared[i]?.id ?? i}>{value}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">The compared runs have the same settings (and the same seed), so they differ only by the data they were trained on.</p>
            )}
          </div>
          <div className="chart-body evaluate-chart">
            <h4 className="chart-heading">Validation loss per epoch</h4>
            <PlotlyChart data={loss.data} layout={loss.layout ?? NO_LAYOUT} />
          </div>
        </div>
      )}
    </div>
  );
}
