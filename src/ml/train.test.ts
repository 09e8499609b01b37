import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFeatureSettings, fitFeatureSpec } from './features';
import { buildModel, defaultModelSettings, type ModelSettings } from './model';
import { splitExamples } from './splits';
import { makeSyntheticTable } from './syntheticTable';
import { classificationMetrics } from './metrics';
import { scoreRows } from './predict';
import { trainModel, type TrainRequest } from './train';
import { useCpuBackend, useWasmBackend } from '../test-support/tfjsTestBackend';

const table = makeSyntheticTable({ size: 400, badShare: 0.4, seed: 3, clock: 'night-weekend' });
const split = splitExamples(table, { kind: 'random-stratified', testShare: 0.2, validationShare: 0.2, seed: 1 });
const spec = fitFeatureSpec(table, split.train, defaultFeatureSettings);
const small: ModelSettings = {
  ...defaultModelSettings,
  hiddenLayers: [{ units: 16, activation: 'relu' }],
  optimizer: 'adam',
  learningRate: 0.01,
  epochs: 3,
  batchSize: 32,
};

function request(settings: ModelSettings, extra: Partial<TrainRequest> = {}): TrainRequest {
  return { model: buildModel(spec, settings), spec, table, split, settings, ...extra };
}

describe('trainModel on cpu', () => {
  beforeAll(useCpuBackend);

  it('logs every epoch, learns, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const run = request(small);
    const epochs: number[] = [];
    let batches = 0;
    let yields = 0;
    const result = await trainModel({
      ...run,
      callbacks: {
        onEpochEnd: (epoch) => epochs.push(epoch),
        onBatchEnd: () => batches++,
        yield: async () => {
          yields++;
        },
      },
    });
    // The last epoch's validation figures, recomputed independently from the trained model.
    const scores = scoreRows(run.model, spec, table, split.validation);
    const labels = Array.from(split.validation, (row) => table.label[row] ?? 0);
    let crossEntropy = 0;
    scores.forEach((score, i) => {
      const p = Math.min(1 - 1e-7, Math.max(1e-7, score));
      crossEntropy -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
    });
    const kernel = run.model.getLayer('hidden_1').getWeights()[0];
    const penalty = small.l2 * Array.from(kernel?.dataSync() ?? []).reduce((sum, w) => sum + w * w, 0);
    const expected = classificationMetrics(scores, labels);
    run.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(result.stoppedBy).toBe('finished');
    expect(epochs).toEqual([0, 1, 2]);
    // 240 training rows in batches of 32 → 8 batches per epoch.
    expect(split.train.length).toBe(240);
    expect(batches).toBe(24);
    expect(yields).toBe(24);
    const [first, , last] = result.history;
    expect(last?.loss).toBeLessThan(first?.loss ?? 0);
    expect(last?.auc).toBeGreaterThan(0.9);
    expect(last?.valAccuracy).toBe(expected.accuracy);
    expect(last?.auc).toBe(expected.rocAuc);
    expect(last?.precision).toBe(expected.precision);
    expect(last?.recall).toBe(expected.recall);
    expect(last?.valLoss).toBeCloseTo(crossEntropy / scores.length + penalty, 4);
  });

  it('repeats the same losses for the same seed and differs for another seed', async () => {
    const losses = async (settings: ModelSettings): Promise<number[]> => {
      const run = request(settings);
      const result = await trainModel(run);
      run.model.dispose();
      return result.history.flatMap((log) => [log.loss, log.valLoss]);
    };
    const withDropout: ModelSettings = { ...small, dropout: 0.3, epochs: 2 };
    const first = await losses(withDropout);
    expect(await losses(withDropout)).toEqual(first);
    expect(await losses({ ...withDropout, seed: 43 })).not.toEqual(first);
  });

  it('stops on NaN loss with advice, keeping finite weights', async () => {
    const run = request({ ...small, optimizer: 'sgd', learningRate: 1e30 });
    const result = await trainModel(run);
    expect(result.stoppedBy).toBe('nan');
    expect(result.nanMessage).toMatch(/learning rate 1e\+30 is probably too high/);
    // The NaN step is not applied, only those before it.
    const weights = run.model.getWeights().flatMap((weight) => Array.from(weight.dataSync()));
    expect(weights.every((value) => Number.isFinite(value))).toBe(true);
    run.model.dispose();
  });

  it('reads the loss a batch behind with the same losses, and still stops on NaN with finite weights', async () => {
    const losses = async (readLossBehind: boolean): Promise<number[]> => {
      const run = request({ ...small, dropout: 0.2, epochs: 2 });
      const result = await trainModel({ ...run, readLossBehind });
      run.model.dispose();
      return result.history.flatMap((log) => [log.loss, log.valLoss, log.auc]);
    };
    const before = tf.memory().numTensors;
    expect(await losses(true)).toEqual(await losses(false));
    const run = request({ ...small, optimizer: 'sgd', learningRate: 1e30 });
    const result = await trainModel({ ...run, readLossBehind: true });
    expect(result.stoppedBy).toBe('nan');
    const weights = run.model.getWeights().flatMap((weight) => Array.from(weight.dataSync()));
    expect(weights.every((value) => Number.isFinite(value))).toBe(true);
    run.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when asked and keeps the epochs done so far', async () => {
    let polls = 0;
    const run = request(small);
    // Stop at the first poll of the second epoch (8 batches per epoch).
    const result = await trainModel({ ...run, shouldStop: () => ++polls > 8 });
    run.model.dispose();
    expect(result.stoppedBy).toBe('user');
    expect(result.history).toHaveLength(1);
  });

  it('stops early when validation loss stops improving', async () => {
    // A learning rate of 0 never improves on the first epoch, so patience 2 ends after epoch 3.
    const run = request({ ...small, optimizer: 'sgd', learningRate: 0, dropout: 0, epochs: 10, earlyStoppingPatience: 2 });
    const result = await trainModel(run);
    run.model.dispose();
    expect(result.stoppedBy).toBe('early-stopping');
    expect(result.history).toHaveLength(3);
  });
});

describe('trainModel on wasm', () => {
  afterAll(useCpuBackend);

  it('trains the embedding model on the wasm backend', async (context) => {
    if (!(await useWasmBackend())) {
      context.skip('the wasm backend could not start in this Node');
      return;
    }
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const run = request({ ...small, epochs: 4 });
    const embeddingBefore = run.model.getLayer('name_embedding').getWeights()[0]?.arraySync();
    const result = await trainModel(run);
    const embeddingAfter = run.model.getLayer('name_embedding').getWeights()[0]?.arraySync();
    run.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(result.stoppedBy).toBe('finished');
    expect(embeddingAfter).not.toEqual(embeddingBefore);
    expect(result.history.at(-1)?.auc).toBeGreaterThan(0.9);
  });
});
