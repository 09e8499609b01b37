import { formatCount, formatDuration } from '../../lib/format';
import type { RunProgress, RunRecord } from '../../store/trainSlice';

/** The parts of a run the status line reads. */
export type StatusRun = Pick<RunRecord, 'status' | 'progress' | 'epochs' | 'error' | 'outcome' | 'backend' | 'config'>;

/** A loss or metric with 4 decimals; a dash when undefined (NaN: no validation rows). */
export function formatMetric(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(4);
}

/**
 * Seconds left in a run at the current speed: the batches not yet done times the batch size,
 * over examples per second. NaN while the speed or the batch count is not known yet.
 */
export function etaSeconds(progress: RunProgress, batchSize: number): number {
  if (progress.batchesPerEpoch <= 0 || progress.examplesPerSecond <= 0) return Number.NaN;
  const total = progress.epochs * progress.batchesPerEpoch;
  const done = Math.min(total, progress.epoch * progress.batchesPerEpoch + progress.batch);
  return ((total - done) * batchSize) / progress.examplesPerSecond;
}

/** "ETA 1 min 5 s", or "ETA —" while unknown. */
export function formatEta(seconds: number): string {
  return `ETA ${formatDuration(seconds)}`;
}

const PHASE_TEXT: Record<string, string> = {
  'collecting examples': 'Collecting examples…',
  'measuring backends': 'Measuring backends…',
  'measuring backend': 'Measuring backends…',
  preparing: 'Preparing: splitting, fitting vocabularies, building the model…',
  evaluating: 'Evaluating on the test split…',
  scoring: 'Scoring…',
};

function runningText(run: StatusRun, progress: RunProgress): string {
  if (progress.phase !== 'training') {
    return `${PHASE_TEXT[progress.phase] ?? `${progress.phase}…`}${run.backend ? ` (${run.backend})` : ''}`;
  }
  const parts = [`Training${run.backend ? ` on ${run.backend}` : ''}`, `Epoch ${Math.min(progress.epoch + 1, progress.epochs)}/${progress.epochs}`];
  if (progress.batchesPerEpoch > 0) parts.push(`batch ${Math.min(progress.batch + 1, progress.batchesPerEpoch)}/${progress.batchesPerEpoch}`);
  // Before the first batches are timed the speed is 0 and the ETA unknown: say so rather than show "0 examples/s".
  if (progress.examplesPerSecond > 0) {
    parts.push(`${formatCount(Math.round(progress.examplesPerSecond))} examples/s`, formatEta(etaSeconds(progress, run.config.model.batchSize)));
  } else parts.push('measuring…');
  if (progress.tensors !== null) parts.push(`${formatCount(progress.tensors)} tensors`);
  return parts.join(' · ');
}

function lossesText(run: StatusRun): string {
  const last = run.epochs.at(-1);
  if (!last) return '';
  return `loss ${formatMetric(last.loss)}, validation loss ${formatMetric(last.valLoss)}`;
}

/** The Train section's status line for a run (null: none yet). */
export function trainStatusText(run: StatusRun | null): string {
  if (run === null) return 'No training run yet.';
  switch (run.status) {
    case 'running':
      return run.progress ? runningText(run, run.progress) : 'Starting…';
    case 'finished': {
      const early = run.outcome?.stoppedBy === 'early-stopping' ? ` (early stopping after epoch ${run.epochs.length})` : '';
      const details = [`${run.epochs.length} ${run.epochs.length === 1 ? 'epoch' : 'epochs'}`, lossesText(run)];
      if (run.outcome) details.push(`${formatDuration(run.outcome.seconds)} on ${run.outcome.backend}`);
      return `Training finished${early}: ${details.filter((d) => d !== '').join(', ')}`;
    }
    case 'stopped': {
      const losses = lossesText(run);
      if (run.outcome?.backendLost) return `Training stopped: ${run.outcome.backendLost}`;
      return run.epochs.length === 0
        ? 'Training stopped before the first epoch ended'
        : `Training stopped after epoch ${run.epochs.length}${losses ? `: ${losses}` : ''}`;
    }
    case 'failed':
      return `Training failed: ${run.error ?? 'unknown error'}`;
  }
}
