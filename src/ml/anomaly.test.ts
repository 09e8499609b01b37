import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { anomalySplit, buildAnomalyModel, scoreToNats } from './anomaly';
import { defaultFeatureSettings, fitFeatureSpec, type FeatureSpec } from './features';
import { rocAuc } from './metrics';
import { defaultModelSettings, type ModelSettings } from './model';
import { modelKindPlan } from './modelKindPlan';
import { classifierObjective, reconstructionObjective } from './objectives';
import { scoreRows } from './predict';
import { trainModel, type TrainRequest } from './train';
import type { ExampleTable } from './types';
import { numberedVocabulary, tableOf, useCpuBackend } from '../test-support/tfjsTestBackend';

const settings: ModelSettings = {
  ...defaultModelSettings,
  hiddenLayers: [{ units: 8, activation: 'relu' }],
  dropout: 0,
  l2: 0,
  optimizer: 'adam',
  learningRate: 0.02,
  epochs: 8,
  batchSize: 32,
};

/**
 * Known good: four (name, folder) pairs that always go together, at every hour. The test rows:
 * common pairs (label 0) against odd ones — a common name in a folder it never runs from, or a
 * name never seen (label 1).
 */
function oddityTable(): { table: ExampleTable; train: Uint32Array; test: Uint32Array } {
  const name: number[] = [];
  const folder: number[] = [];
  const hour: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < 400; i++) {
    const pair = i % 4;
    name.push(pair);
    folder.push(pair);
    hour.push(i % 24);
    label.push(0);
  }
  const testStart = name.length;
  for (let i = 0; i < 40; i++) {
    const isOdd = i % 2 === 1;
    const pair = i % 4;
    name.push(isOdd && i % 4 === 1 ? 5 : pair);
    folder.push(isOdd ? (pair + 1) % 4 : pair);
    hour.push(i % 24);
    label.push(isOdd ? 1 : 0);
  }
  const table = tableOf({
    label,
    columns: {
      name: { codes: name, vocabulary: numberedVocabulary(6) },
      folder: { codes: folder, vocabulary: numberedVocabulary(4) },
      hour: { codes: hour, vocabulary: numberedVocabulary(24) },
    },
  });
  const train = Uint32Array.from({ length: testStart }, (_, i) => i);
  const test = Uint32Array.from({ length: name.length - testStart }, (_, i) => testStart + i);
  return { table, train, test };
}

/** A fresh anomaly model on the oddity table and the request that trains it. */
function anomalyRun(modelSettings: ModelSettings): {
  table: ExampleTable;
  train: Uint32Array;
  test: Uint32Array;
  spec: FeatureSpec;
  model: tf.LayersModel;
  request: TrainRequest;
} {
  const { table, train, test } = oddityTable();
  const spec = fitFeatureSpec(table, train, defaultFeatureSettings);
  const model = buildAnomalyModel(spec, modelSettings);
  const request: TrainRequest = { model, spec, table, split: { train, validation: test, test }, settings, objective: reconstructionObjective };
  return { table, train, test, spec, model, request };
}

describe('anomaly model', () => {
  beforeAll(useCpuBackend);

  it('ranks odd events above common ones, trains through the batch loop and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const { table, train, test, spec, model, request } = anomalyRun(settings);
    const epochs: number[] = [];
    let batches = 0;
    const result = await trainModel({
      ...request,
      callbacks: { onEpochEnd: (epoch) => epochs.push(epoch), onBatchEnd: () => batches++ },
    });
    expect(result.stoppedBy).toBe('finished');
    expect(epochs).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(batches).toBe(8 * Math.ceil(train.length / 32));
    const first = result.history[0];
    const last = result.history.at(-1);
    expect(last?.loss).toBeLessThan(first?.loss ?? 0);
    const scores = scoreRows(model, spec, table, test);
    const labels = Array.from(test, (row) => table.label[row] ?? 0);
    expect(rocAuc(scores, labels)).toBeGreaterThan(0.9);
    for (const score of scores) expect(score >= 0 && score < 1).toBe(true);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops on request and saves as a standard layers model that scores the same after loading', async () => {
    const { table, test, spec, model, request } = anomalyRun({ ...settings, epochs: 2 });
    let polls = 0;
    const stopped = await trainModel({
      ...request,
      shouldStop: () => ++polls > 3,
    });
    expect(stopped.stoppedBy).toBe('user');
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (saved === undefined) throw new Error('not saved');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    expect(Array.from(scoreRows(loaded, spec, table, test))).toEqual(Array.from(scoreRows(model, spec, table, test)));
    model.dispose();
    loaded.dispose();
  });

  it('learns from known good only and tests on every known-bad row once', () => {
    const table = tableOf({ label: [0, 1, 0, 1, 0, 1, 0] });
    const split = anomalySplit(table, { train: Uint32Array.of(0, 1, 2, 3), validation: Uint32Array.of(4, 5), test: Uint32Array.of(6) });
    expect(Array.from(split.train)).toEqual([0, 2]);
    expect(Array.from(split.validation)).toEqual([4, 5]);
    expect(Array.from(split.test)).toEqual([1, 3, 6]);
    expect(scoreToNats(0.5)).toBe(1);
  });
});

describe('modelKindPlan', () => {
  it('gives the classifier for settings without a kind and the autoencoder for anomaly', () => {
    const table = tableOf({ label: [0, 1, 0] });
    const split = { train: Uint32Array.of(0, 1), validation: new Uint32Array(0), test: Uint32Array.of(2) };
    expect(modelKindPlan({}).objective).toBe(classifierObjective);
    expect(modelKindPlan({}).runSplit(table, split)).toBe(split);
    const anomaly = modelKindPlan({ kind: 'anomaly' });
    expect(anomaly.objective).toBe(reconstructionObjective);
    expect(Array.from(anomaly.runSplit(table, split).test)).toEqual([1, 2]);
  });
});
