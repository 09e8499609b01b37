import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitFeatureSpec, type FeatureSetting } from './features';
import { buildModel, defaultModelSettings, modelSummary, type ModelSettings } from './model';
import { tableOf, useCpuBackend } from '../test-support/tfjsTestBackend';

// hour has two training values (width 2 + OOV = 3); name has three (width 4) with 2-d embeddings.
const table = tableOf({
  label: [0, 1, 0, 1],
  columns: {
    hour: { codes: [0, 1, 0, 1], vocabulary: ['0', '1', '2'] },
    name: { codes: [0, 1, 2, 2], vocabulary: ['a.exe', 'b.exe', 'c.exe'] },
  },
});
const settings: FeatureSetting[] = [
  { column: 'hour', treatment: 'indicator', embeddingDims: 8 },
  { column: 'name', treatment: 'embedding', embeddingDims: 2 },
];
const tinySettings: ModelSettings = { ...defaultModelSettings, hiddenLayers: [{ units: 3, activation: 'relu' }] };
const allRows = Uint32Array.from([0, 1, 2, 3]);

function weightsOf(model: tf.LayersModel): number[] {
  return model.getWeights().flatMap((weight) => Array.from(weight.dataSync()));
}

describe('buildModel', () => {
  beforeAll(useCpuBackend);

  it('counts parameters as computed by hand', () => {
    const model = buildModel(fitFeatureSpec(table, allRows, settings), tinySettings);
    const summary = modelSummary(model);
    const params = Object.fromEntries(summary.layers.map((layer) => [layer.name, layer.params]));
    // embedding 4×2 = 8; hidden (3 indicators + 2 embedding dims) × 3 units + 3 biases = 18; output 3 + 1 = 4.
    expect(params).toEqual({ name_ids: 0, name_embedding: 8, name_flatten: 0, indicators: 0, features: 0, hidden_1: 18, dropout: 0, output: 4 });
    expect(summary.totalParams).toBe(30);
    expect(summary.layers.find((layer) => layer.name === 'hidden_1')?.outputShape).toBe('[batch, 3]');
    expect(summary.layers.find((layer) => layer.name === 'features')?.outputShape).toBe('[batch, 5]');
    expect(summary.layers.find((layer) => layer.name === 'dropout')?.type).toBe('EtwLabSeededDropout');
    model.dispose();
  });

  it('counts the default two-layer network by hand', () => {
    const model = buildModel(fitFeatureSpec(table, allRows, settings), defaultModelSettings);
    // input 5 → 128 → 64 → 1, plus the 8-parameter embedding.
    expect(modelSummary(model).totalParams).toBe(8 + (5 * 128 + 128) + (128 * 64 + 64) + (64 + 1));
    model.dispose();
  });

  it('gives every layer a unique name', () => {
    const model = buildModel(fitFeatureSpec(table, allRows, settings), defaultModelSettings);
    const names = model.layers.map((layer) => layer.name);
    expect(new Set(names).size).toBe(names.length);
    model.dispose();
  });

  it('starts from the same weights for the same seed and from different ones for another seed', () => {
    const spec = fitFeatureSpec(table, allRows, settings);
    const first = buildModel(spec, tinySettings);
    const again = buildModel(spec, tinySettings);
    const other = buildModel(spec, { ...tinySettings, seed: 7 });
    expect(weightsOf(again)).toEqual(weightsOf(first));
    expect(weightsOf(other)).not.toEqual(weightsOf(first));
    [first, again, other].forEach((model) => model.dispose());
  });

  it('outputs probabilities, one per row', () => {
    const model = buildModel(fitFeatureSpec(table, allRows, settings), tinySettings);
    const output = model.predict([
      tf.tensor2d([[1], [3]], [2, 1], 'int32'),
      tf.tensor2d([
        [0, 1, 0],
        [0, 0, 1],
      ]),
    ]);
    if (!(output instanceof tf.Tensor)) throw new Error('expected one output');
    expect(output.shape).toEqual([2, 1]);
    for (const p of output.dataSync()) expect(p > 0 && p < 1).toBe(true);
    tf.dispose(output);
    model.dispose();
  });

  it('builds without a concatenation when only one input exists', () => {
    const model = buildModel(
      fitFeatureSpec(
        table,
        allRows,
        settings.filter((setting) => setting.column === 'name'),
      ),
      tinySettings,
    );
    expect(model.layers.map((layer) => layer.name)).toEqual(['name_ids', 'name_embedding', 'name_flatten', 'hidden_1', 'dropout', 'output']);
    model.dispose();
  });

  it('refuses a model without any active column', () => {
    expect(() => buildModel(fitFeatureSpec(table, allRows, []), tinySettings)).toThrow(/No feature column is active/);
  });
});
