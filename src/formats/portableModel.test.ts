import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultFeatureSettings, fitFeatureSpec } from '../ml/features';
import { buildModel, defaultModelSettings, modelSummary, type ModelSettings } from '../ml/model';
import { scoreRows } from '../ml/predict';
import { splitExamples } from '../ml/splits';
import { makeSyntheticTable } from '../ml/syntheticTable';
import { trainModel } from '../ml/train';
import { layerClassNames, loadModel, modelArtifacts, toPortableModel } from './portableModel';
import { modelJsonText } from './modelJson';

/** Keras' own layer classes: everything a standard converter reads. */
const STANDARD_LAYERS = new Set(['InputLayer', 'Embedding', 'Flatten', 'Concatenate', 'Dense']);

const settings: ModelSettings = {
  ...defaultModelSettings,
  hiddenLayers: [
    { units: 6, activation: 'relu' },
    { units: 4, activation: 'tanh' },
  ],
  dropout: 0.3,
  epochs: 2,
  batchSize: 64,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('standard-layer export', () => {
  it('gives the same predictions as the trained model, before and after a save and load, with standard layers only', async () => {
    const before = tf.memory().numTensors;
    const table = makeSyntheticTable({ size: 600, badShare: 0.4, seed: 3, clock: 'night-weekend' });
    const split = splitExamples(table, { kind: 'random-stratified', testShare: 0.2, validationShare: 0.2, seed: 5 });
    // hour and weekday one-hot, name and folder embedded: both input kinds take part.
    const spec = fitFeatureSpec(table, split.train, defaultFeatureSettings);
    expect(spec.columns.map((c) => c.treatment)).toEqual(['indicator', 'indicator', 'embedding', 'embedding']);
    const trained = buildModel(spec, settings);
    await trainModel({ model: trained, spec, table, split, settings });
    expect(layerClassNames((await modelArtifacts(trained)).modelTopology)).toContain('EtwLabTrainableEmbedding');

    const all = Uint32Array.from({ length: table.size }, (_, i) => i);
    const expected = scoreRows(trained, spec, table, all);
    const portable = toPortableModel(trained, spec, settings.hiddenLayers);
    const direct = scoreRows(portable, spec, table, all);
    // Same kernels on the same weights: the scores agree to the bit.
    expect(Array.from(direct)).toEqual(Array.from(expected));
    // Training moved the scores away from one constant, so the comparison means something.
    expect(new Set(Array.from(expected, (s) => s.toFixed(4))).size).toBeGreaterThan(10);

    const artifacts = await modelArtifacts(portable);
    const classes = new Set(layerClassNames(artifacts.modelTopology));
    expect([...classes].filter((name) => !STANDARD_LAYERS.has(name))).toEqual([]);
    expect(classes.has('Embedding')).toBe(true);
    // Parameters: the portable graph has the trained one's weights, minus nothing (dropout has none).
    expect(modelSummary(portable).totalParams).toBe(modelSummary(trained).totalParams);

    const json: unknown = JSON.parse(modelJsonText(artifacts, 'run-1-weights.bin'));
    expect(json).toMatchObject({ format: 'layers-model', weightsManifest: [{ paths: ['run-1-weights.bin'] }] });
    expect(artifacts.weightData.byteLength).toBe(modelSummary(trained).totalParams * 4);

    const reloaded = await loadModel(artifacts);
    const afterLoad = scoreRows(reloaded, spec, table, all);
    expect(Array.from(afterLoad)).toEqual(Array.from(expected));

    for (const model of [trained, portable, reloaded]) model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses weights of another shape with the layer named', () => {
    const table = makeSyntheticTable({ size: 200, badShare: 0.5, seed: 1, clock: 'none' });
    const rows = Uint32Array.from({ length: table.size }, (_, i) => i);
    const spec = fitFeatureSpec(table, rows, defaultFeatureSettings);
    const trained = buildModel(spec, settings);
    expect(() =>
      toPortableModel(trained, spec, [
        { units: 7, activation: 'relu' },
        { units: 4, activation: 'tanh' },
      ]),
    ).toThrow(/hidden_1/);
    trained.dispose();
  });
});
