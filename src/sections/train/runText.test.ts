import { describe, expect, it } from 'vitest';
import { defaultFeatureSettings } from '../../ml/features';
import { defaultModelSettings } from '../../ml/model';
import type { EpochLog } from '../../ml/train';
import type { RunProgress } from '../../store/trainSlice';
import type { TrainOutcome } from '../../worker/trainProtocol';
import { etaSeconds, formatEta, formatMetric, trainStatusText, type StatusRun } from './runText';

const config = {
  features: [...defaultFeatureSettings],
  model: { ...defaultModelSettings, epochs: 20, batchSize: 100 },
  split: 'random-stratified' as const,
  maxVocabulary: 5000,
};

function log(epoch: number, loss: number, valLoss: number): EpochLog {
  return { epoch, loss, accuracy: 0.9, valLoss, valAccuracy: 0.9, precision: 0.5, recall: 0.5, auc: 0.8 };
}

function progress(patch: Partial<RunProgress>): RunProgress {
  return { phase: 'training', epoch: 2, epochs: 20, batch: 9, batchesPerEpoch: 40, examplesPerSecond: 2000, elapsedSeconds: 5, tensors: 57, ...patch };
}

function run(patch: Partial<StatusRun>): StatusRun {
  return { status: 'running', progress: null, epochs: [], error: null, outcome: null, backend: 'wasm', config, ...patch };
}

function outcome(patch: Partial<TrainOutcome>): TrainOutcome {
  return {
    runId: 1,
    backend: 'wasm',
    history: [],
    stoppedBy: 'finished',
    nanMessage: null,
    summary: { layers: [], totalParams: 0 },
    inputWidth: 49,
    activeColumns: ['hour'],
    preview: { headers: [], rows: [] },
    splitCounts: { train: 60, validation: 20, test: 20, trainBad: 6, testBad: 2 },
    evaluation: null,
    examplesPerSecond: 2000,
    seconds: 12.4,
    ...patch,
  };
}

describe('etaSeconds', () => {
  it('counts the batches left at the measured speed', () => {
    // 20 × 40 = 800 batches, 2 × 40 + 9 = 89 done, 711 left × 100 examples / 2000 per s.
    expect(etaSeconds(progress({}), 100)).toBeCloseTo(35.55, 10);
  });
  it('is NaN before the speed is known', () => {
    expect(etaSeconds(progress({ examplesPerSecond: 0 }), 100)).toBeNaN();
    expect(etaSeconds(progress({ batchesPerEpoch: 0 }), 100)).toBeNaN();
  });
  it('is 0 when everything is done', () => {
    expect(etaSeconds(progress({ epoch: 20, batch: 0 }), 100)).toBe(0);
  });
});

describe('formatEta / formatMetric', () => {
  it('formats seconds and unknowns', () => {
    expect(formatEta(35.55)).toBe('ETA 36 s');
    expect(formatEta(65)).toBe('ETA 1 min 5 s');
    expect(formatEta(Number.NaN)).toBe('ETA —');
    expect(formatMetric(0.123456)).toBe('0.1235');
    expect(formatMetric(Number.NaN)).toBe('—');
    expect(formatMetric(undefined)).toBe('—');
  });
});

describe('trainStatusText', () => {
  it('has a line before the first run', () => {
    expect(trainStatusText(null)).toBe('No training run yet.');
  });

  it('names the phase before training', () => {
    expect(trainStatusText(run({ backend: null, progress: progress({ phase: 'collecting examples' }) }))).toBe('Collecting examples…');
    expect(trainStatusText(run({ backend: null, progress: progress({ phase: 'measuring backends' }) }))).toBe('Measuring backends…');
    expect(trainStatusText(run({ progress: progress({ phase: 'preparing' }) }))).toBe('Preparing: splitting, fitting vocabularies, building the model… (wasm)');
    expect(trainStatusText(run({ progress: progress({ phase: 'evaluating' }) }))).toBe('Evaluating on the test split… (wasm)');
  });

  it('shows epoch, batch, speed, ETA and tensors while training', () => {
    expect(trainStatusText(run({ progress: progress({ examplesPerSecond: 12345.6 }) }))).toBe(
      'Training on wasm · Epoch 3/20 · batch 10/40 · 12,346 examples/s · ETA 6 s · 57 tensors',
    );
    expect(trainStatusText(run({ progress: progress({ batchesPerEpoch: 0, examplesPerSecond: 0, tensors: null, epoch: 0 }) }))).toBe(
      'Training on wasm · Epoch 1/20 · measuring…',
    );
  });

  it('ends in finished, stopped or failed', () => {
    const epochs = [log(0, 0.5, 0.6), log(1, 0.25, 0.35)];
    expect(trainStatusText(run({ status: 'finished', epochs, outcome: outcome({}) }))).toBe(
      'Training finished: 2 epochs, loss 0.2500, validation loss 0.3500, 12 s on wasm',
    );
    expect(trainStatusText(run({ status: 'finished', epochs, outcome: outcome({ stoppedBy: 'early-stopping', backend: 'cpu' }) }))).toBe(
      'Training finished (early stopping after epoch 2): 2 epochs, loss 0.2500, validation loss 0.3500, 12 s on cpu',
    );
    expect(trainStatusText(run({ status: 'stopped', epochs: epochs.slice(0, 1) }))).toBe('Training stopped after epoch 1: loss 0.5000, validation loss 0.6000');
    expect(trainStatusText(run({ status: 'stopped' }))).toBe('Training stopped before the first epoch ended');
    expect(trainStatusText(run({ status: 'failed', error: 'The loss became NaN in epoch 1, batch 3' }))).toBe(
      'Training failed: The loss became NaN in epoch 1, batch 3',
    );
  });
});
