import { useNotebook } from '../../store/store';
import { trainStatusText } from './runText';

/** The status line of the latest run; the only part of the section that follows every batch. */
export function TrainStatusLine() {
  const run = useNotebook((s) => s.train.runs.at(-1) ?? null);
  const progress = run?.status === 'running' ? run.progress : null;
  const total = progress ? progress.epochs * progress.batchesPerEpoch : 0;
  return (
    <div className="train-status-block">
      {progress && progress.phase === 'training' && total > 0 ? (
        <progress max={total} value={Math.min(total, progress.epoch * progress.batchesPerEpoch + progress.batch)} aria-label="Training progress" />
      ) : null}
      <p role="status" className="status-line" data-testid="train-status">
        {trainStatusText(run)}
      </p>
    </div>
  );
}
