import { useMemo } from 'react';
import { formatCount } from '../../lib/format';
import type { ModelKind } from '../../ml/modelSettings';
import type { Evaluation } from '../../worker/trainProtocol';
import { formatMetric, metricTableRows, RIVAL_MARGIN, testMetricColumns } from './metricRows';

/** The model's held-out metrics beside every baseline trained on the same split. */
export function MetricsTable({ evaluation, modelKind }: { evaluation: Evaluation; modelKind: ModelKind }) {
  const columns = useMemo(() => testMetricColumns(evaluation, modelKind), [evaluation, modelKind]);
  const rows = useMemo(() => metricTableRows(columns), [columns]);
  return (
    <div className="evaluate-table-wrap">
      <table className="data-table evaluate-metrics">
        <caption>Test metrics</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {columns.map((column) => (
              <th key={column.id} scope="col" className={`num ${column.isNetwork ? 'is-network' : ''}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {row.values.map((value, i) => {
                const isRival = row.rivalsNetwork[i] === true;
                return (
                  <td
                    key={columns[i]?.id ?? i}
                    className={`num ${columns[i]?.isNetwork ? 'is-network' : ''} ${isRival ? 'is-rival' : ''}`}
                    title={isRival ? `Within ${RIVAL_MARGIN} of the network: this simple rule does as well` : undefined}
                  >
                    {formatMetric(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {formatCount(evaluation.test.count)} test rows ({formatCount(evaluation.test.positives)} known bad). The model&apos;s accuracy, precision, recall and F1
        are at one threshold — {evaluation.threshold?.reason ?? 'Threshold 0.5.'} The baselines&apos; are at 0.5. Highlighted baselines match or beat the model
        (within {RIVAL_MARGIN}).
      </p>
    </div>
  );
}
