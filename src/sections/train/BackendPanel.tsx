import { useState } from 'react';
import { formatCount } from '../../lib/format';
import { useNotebook } from '../../store/store';

/** Which tfjs backend trains, and what each one measured. */
export function BackendPanel() {
  const backend = useNotebook((s) => s.train.backend);
  const backendError = useNotebook((s) => s.train.backendError);
  const isRunning = useNotebook((s) => s.train.activeRunId !== null);
  const measureBackend = useNotebook((s) => s.measureBackend);
  const [isMeasuring, setMeasuring] = useState(false);
  const chosenThreads = backend?.trials.find((trial) => trial.backend === backend.chosen)?.threads;

  const measure = (): void => {
    setMeasuring(true);
    void measureBackend(true).finally(() => setMeasuring(false));
  };

  return (
    <div className="backend-panel" aria-label="Backend" role="group">
      <div className="row">
        <strong>Backend:</strong>
        <span data-testid="train-backend">
          {isMeasuring ? 'measuring…' : backend ? backend.chosen : 'not measured yet — measured when the first run starts'}
        </span>
        {!isMeasuring && chosenThreads !== undefined ? (
          <span data-testid="train-backend-threads" className="muted">
            {chosenThreads === 1 ? 'one thread' : `${chosenThreads} threads`}
          </span>
        ) : null}
        <button type="button" onClick={measure} disabled={isRunning || isMeasuring}>
          {backend ? 'Measure again' : 'Measure now'}
        </button>
      </div>
      {backendError ? (
        <p role="alert" className="error-box">
          Measuring the backends failed: {backendError}
        </p>
      ) : null}
      {backend ? (
        <table className="data-table compact" aria-label="Backend speeds">
          <thead>
            <tr>
              <th scope="col">Backend</th>
              <th scope="col" className="num">
                Examples/s
              </th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {backend.trials.map((trial) => (
              <tr key={trial.backend} className={trial.backend === backend.chosen ? 'is-chosen' : undefined}>
                <th scope="row">
                  {trial.backend}
                  {trial.backend === backend.chosen ? ' (chosen)' : ''}
                </th>
                <td className="num">{trial.examplesPerSecond === null ? '—' : formatCount(Math.round(trial.examplesPerSecond))}</td>
                <td>
                  {[trial.threads === undefined ? null : trial.threads === 1 ? 'one thread' : `${trial.threads} threads`, trial.note]
                    .filter(Boolean)
                    .join(' — ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {backend?.renderer ? <p className="muted small-note">WebGL renderer: {backend.renderer}</p> : null}
    </div>
  );
}
