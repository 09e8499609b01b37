import { useShallow } from 'zustand/react/shallow';
import { formatCount, formatDuration } from '../../lib/format';
import { useNotebook } from '../../store/store';
import { formatMetric } from './runText';

const STATUS_TEXT = { running: 'running', finished: 'finished', stopped: 'stopped', failed: 'failed' } as const;

/** Every run of this session, newest first; rows re-render per epoch, not per batch. */
export function RunHistory() {
  const ids = useNotebook(useShallow((s) => s.train.runs.map((run) => run.id)));
  if (ids.length === 0) return null;
  return (
    <div className="run-history">
      <h3>Runs</h3>
      <table className="data-table" aria-label="Run history">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Loss
            </th>
            <th scope="col" className="num">
              Val loss
            </th>
            <th scope="col" className="num">
              Test AUC
            </th>
            <th scope="col">Backend</th>
            <th scope="col" className="num">
              Examples/s
            </th>
            <th scope="col" className="num">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {[...ids].reverse().map((id) => (
            <RunRow key={id} id={id} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunRow({ id }: { id: number }) {
  const run = useNotebook(
    useShallow((s) => {
      const found = s.train.runs.find((r) => r.id === id);
      return { label: found?.label, status: found?.status, epochs: found?.epochs, outcome: found?.outcome, backend: found?.backend, error: found?.error };
    }),
  );
  if (run.status === undefined) return null;
  const last = run.epochs?.at(-1);
  const outcome = run.outcome ?? null;
  return (
    <tr className={`run-${run.status}`}>
      <th scope="row" className="run-label">
        {run.label}
      </th>
      <td title={run.error ?? undefined}>{STATUS_TEXT[run.status]}</td>
      <td className="num">{formatMetric(last?.loss)}</td>
      <td className="num">{formatMetric(last?.valLoss)}</td>
      <td className="num">{formatMetric(outcome?.evaluation?.test.rocAuc)}</td>
      <td>{run.backend ?? '—'}</td>
      <td className="num">{outcome ? formatCount(Math.round(outcome.examplesPerSecond)) : '—'}</td>
      <td className="num">{outcome ? formatDuration(outcome.seconds) : '—'}</td>
    </tr>
  );
}
