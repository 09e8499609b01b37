import { formatCount } from '../../lib/format';
import { useNotebook } from '../../store/store';

/** Keras-style summary of the latest trained model. */
export function ModelSummaryTable() {
  const run = useNotebook((s) => s.train.runs.findLast((r) => r.outcome !== null) ?? null);
  const summary = run?.outcome?.summary;
  if (!run || !summary) return null;
  return (
    <details className="model-summary" open>
      <summary>
        Model summary of {run.label} · {formatCount(summary.totalParams)} parameters
      </summary>
      <table className="data-table" aria-label="Model summary">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Type</th>
            <th scope="col">Output shape</th>
            <th scope="col" className="num">
              Parameters
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.layers.map((layer) => (
            <tr key={layer.name}>
              <th scope="row" className="mono">
                {layer.name}
              </th>
              <td>{layer.type}</td>
              <td className="mono">{layer.outputShape}</td>
              <td className="num">{formatCount(layer.params)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td className="num">{formatCount(summary.totalParams)}</td>
          </tr>
        </tfoot>
      </table>
    </details>
  );
}
