import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFeatureSettings, encode, fitFeatureSpec, type FeatureSpec } from './features';
import { takeEncodedRows, toInputTensors } from './inputs';
import { activations, buildModel, defaultModelSettings, type Activation, type ModelSettings } from './model';
import { makeSyntheticTable } from './syntheticTable';
import {
  batchTensors,
  disposeBatch,
  hostBatchTensors,
  packRows,
  gradientsByName,
  gradientStep,
  networkParams,
  trainedVariables,
  variableWeights,
} from './trainStep';
import { useCpuBackend, useWasmBackend } from '../test-support/tfjsTestBackend';

const table = makeSyntheticTable({ size: 64, badShare: 0.4, seed: 5, clock: 'night-weekend' });
const rows = Uint32Array.from({ length: table.size }, (_, i) => i);
const spec = fitFeatureSpec(table, rows, defaultFeatureSettings);
/** Embeddings of different widths: the tables cannot stack, so each is gathered and scattered on its own. */
const unevenSpec = fitFeatureSpec(
  table,
  rows,
  defaultFeatureSettings.map((setting) => (setting.column === 'folder' ? { ...setting, embeddingDims: 3 } : setting)),
);
const labels = Float32Array.from(rows, (row) => table.label[row] ?? 0);

/** Gradients of Keras' loss (mean binary cross-entropy + L2) by tfjs autodiff through model.apply. */
function autodiffGradients(model: tf.LayersModel, spec: FeatureSpec): Map<string, number[]> {
  const variables = model.trainableWeights.map((weight) => weight.read()).filter((v): v is tf.Variable => v instanceof tf.Variable);
  const result = new Map<string, number[]>();
  tf.tidy(() => {
    const inputs = toInputTensors(encode(table, rows, spec));
    const y = tf.tensor2d(labels, [labels.length, 1]);
    const { grads } = tf.variableGrads(() => {
      const output = model.apply(inputs, { training: true });
      if (!(output instanceof tf.Tensor)) throw new Error('one output expected');
      // The logits form of the same loss, so the comparison is not blurred by Keras' probability clipping.
      const logits = tf.log(tf.div(output, tf.sub(1, output)));
      return tf.addN<tf.Scalar>([tf.mean<tf.Scalar>(tf.losses.sigmoidCrossEntropy(y, logits)), ...model.calculateLosses()]);
    }, variables);
    for (const [name, grad] of Object.entries(grads)) result.set(name, Array.from(grad.dataSync()));
  });
  return result;
}

function expectAutodiffGradients(activation: Activation, spec: FeatureSpec): void {
  const settings: ModelSettings = {
    ...defaultModelSettings,
    dropout: 0,
    hiddenLayers: [
      { units: 6, activation },
      { units: 4, activation },
    ],
  };
  const model = buildModel(spec, settings);
  const before = tf.memory().numTensors;
  const expected = autodiffGradients(model, spec);
  const params = networkParams(model, spec, settings);
  const batch = batchTensors(encode(table, rows, spec), labels, null, params.columns);
  const step = tf.tidy(() => gradientStep(variableWeights(params), batch, null));
  disposeBatch(batch);
  const grads = gradientsByName(params, step.grads);
  expect(Object.keys(grads).sort()).toEqual(
    trainedVariables(params)
      .map((v) => v.name)
      .sort(),
  );
  for (const [name, values] of expected) {
    const actual = Array.from(grads[name]?.dataSync() ?? []);
    expect(actual.length, name).toBe(values.length);
    actual.forEach((value, i) => expect(value, `${name}[${i}]`).toBeCloseTo(values[i] ?? Number.NaN, 5));
  }
  const stats = step.stats.dataSync();
  const scores = tf.tidy(() => {
    const output = model.predict(toInputTensors(encode(table, rows, spec)));
    return output instanceof tf.Tensor ? Array.from(output.dataSync()) : [];
  });
  Array.from(stats.subarray(0, rows.length)).forEach((p, i) => expect(p).toBeCloseTo(scores[i] ?? Number.NaN, 5));
  tf.dispose([step.stats, ...step.grads, ...Object.values(grads)]);
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
}

describe('gradientStep on cpu', () => {
  beforeAll(useCpuBackend);

  it.each(activations)('matches tfjs autodiff of the layers model with %s hidden layers', (activation) => expectAutodiffGradients(activation, spec));

  it('matches tfjs autodiff when the embeddings differ in width (one table at a time)', () => expectAutodiffGradients('relu', unevenSpec));
});

/** The tables' values one after another, as the flat parameter vector holds them. */
function tableValues(params: ReturnType<typeof networkParams>): Float32Array {
  return Float32Array.from(params.tables.flatMap((table) => Array.from(table.dataSync())));
}

describe('first-layer input built on the host', () => {
  beforeAll(useCpuBackend);

  it.each([
    ['stacked tables', spec],
    ['tables of different widths', unevenSpec],
  ] as const)('gives the same step as the device lookup (%s)', (_name, columnSpec) => {
    const settings: ModelSettings = { ...defaultModelSettings, dropout: 0, hiddenLayers: [{ units: 5, activation: 'relu' }] };
    const model = buildModel(columnSpec, settings);
    const params = networkParams(model, columnSpec, settings);
    const before = tf.memory().numTensors;
    const encoded = encode(table, rows, columnSpec);
    // The host takes the rows by position: in reverse order here, against a reversed copy on the device.
    const reversed = Uint32Array.from(rows).reverse();
    const reversedLabels = Float32Array.from(reversed, (row) => labels[row] ?? 0);
    const onDevice = batchTensors(takeEncodedRows(encoded, reversed), reversedLabels, null, params.columns);
    const packed = packRows(encoded);
    if (packed === null) throw new Error('encode() gives one-hot indicator rows');
    const onHost = hostBatchTensors({ rows: packed, tables: tableValues(params), positions: reversed }, params.columns, reversedLabels, null);
    expect(onHost.indicators).toBeNull();
    expect(onHost.inputs?.shape).toEqual([rows.length, columnSpec.indicatorWidth + params.columns.reduce((sum, column) => sum + column.dims, 0)]);
    const [deviceStep, hostStep] = [onDevice, onHost].map((batch) => tf.tidy(() => gradientStep(variableWeights(params), batch, null)));
    if (deviceStep === undefined || hostStep === undefined) throw new Error('two steps expected');
    expect(Array.from(hostStep.stats.dataSync())).toEqual(Array.from(deviceStep.stats.dataSync()));
    hostStep.grads.forEach((grad, i) => expect(Array.from(grad.dataSync())).toEqual(Array.from(deviceStep.grads[i]?.dataSync() ?? [])));
    [onDevice, onHost].forEach(disposeBatch);
    tf.dispose([deviceStep.stats, hostStep.stats, ...deviceStep.grads, ...hostStep.grads]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
  it('gives the first kernel and bias gradients as one piece from the transposed input', () => {
    const settings: ModelSettings = { ...defaultModelSettings, dropout: 0, hiddenLayers: [{ units: 5, activation: 'relu' }] };
    const model = buildModel(spec, settings);
    const params = networkParams(model, spec, settings);
    const before = tf.memory().numTensors;
    const encoded = encode(table, rows, spec);
    const packed = packRows(encoded);
    if (packed === null) throw new Error('encode() gives one-hot indicator rows');
    // Without L2 on the device: the host adds it when it updates.
    const weights = variableWeights(params);
    const stepWeights = { ...weights, l2: 0 };
    const batches = [false, true].map((transposed) =>
      hostBatchTensors({ rows: packed, tables: tableValues(params), positions: null, transposed }, params.columns, labels, null),
    );
    expect(batches[1]?.inputsTransposed?.shape).toEqual([(batches[1]?.inputs?.shape[1] ?? 0) + 1, rows.length]);
    const [plain, joined] = batches.map((batch) => tf.tidy(() => gradientStep(stepWeights, batch, null)));
    if (plain === undefined || joined === undefined) throw new Error('two steps expected');
    expect(joined.grads).toHaveLength(plain.grads.length - 1);
    const [plainByName, joinedByName] = [plain, joined].map((step) => gradientsByName(params, step.grads));
    for (const [name, grad] of Object.entries(plainByName ?? {})) {
      const other = Array.from(joinedByName?.[name]?.dataSync() ?? []);
      Array.from(grad.dataSync()).forEach((value, i) => expect(other[i], `${name}[${i}]`).toBeCloseTo(value, 6));
    }
    batches.forEach(disposeBatch);
    tf.dispose([plain.stats, joined.stats, ...plain.grads, ...joined.grads, ...Object.values(plainByName ?? {}), ...Object.values(joinedByName ?? {})]);
    if (weights.tables?.kind === 'stacked') weights.tables.table.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('packRows', () => {
  it('packs ids and the positions of the ones, and refuses rows that are not one-hot', () => {
    const encoded = { rowCount: 2, indicatorWidth: 4, indicators: Float32Array.from([0, 1, 0, 1, 1, 0, 1, 0]), embeddingIds: [Int32Array.from([5, 6])] };
    expect(packRows(encoded)).toEqual({ rowCount: 2, values: Int32Array.from([5, 1, 3, 6, 0, 2]), stride: 3, embeddingColumns: 1, indicatorWidth: 4 });
    expect(packRows({ ...encoded, indicators: Float32Array.from([0, 1, 0, 1, 1, 0, 0, 0]) })).toBeNull();
    expect(packRows({ ...encoded, indicators: Float32Array.from([0, 1, 0, 1, 1, 0, 0.5, 0]) })).toBeNull();
  });
});

describe('gradientStep on wasm (explicit transposes and ones · x sums)', () => {
  afterAll(useCpuBackend);

  it.for(['sigmoid', 'relu'] as const)('matches tfjs autodiff with %s hidden layers', async (activation, context) => {
    if (!(await useWasmBackend())) {
      if (process.env['CI'] === 'true') throw new Error('the wasm backend could not start in this Node');
      context.skip('the wasm backend could not start in this Node');
      return;
    }
    expect(tf.getBackend()).toBe('wasm');
    expectAutodiffGradients(activation, spec);
    expectAutodiffGradients(activation, unevenSpec);
  });
});
