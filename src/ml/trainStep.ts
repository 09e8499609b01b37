import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../lib/random';
import { scatterAddRows } from './embedding';
import { embeddingColumns, type EncodedRows, type FeatureSpec } from './features';
import type { Activation, ModelSettings } from './modelSettings';
import { SeededDropout } from './seededDropout';

/**
 * One training step of buildModel's network written as plain tensor ops with a hand-written
 * backward pass, on the model's own weight variables.
 *
 * Why not `model.apply` under `tf.variableGrads`: a step of the seed model through the layers API
 * and the autodiff tape runs ~390 small kernels (casts, reshapes, flattens, clipped-log loss, tape
 * bookkeeping), and at batch 1024 the step's time goes to that per-kernel overhead, not to the
 * matrix products. Here a step is ~60 kernels plus the optimiser's: fused matMul + bias (+ activation),
 * transposed matMuls for the gradients, and the sigmoid + cross-entropy gradient in closed form
 * ((p − y) / n on the logits). The model object is untouched, so saving, scoring and the portable
 * Keras export see a standard layers model.
 */

/** A Dense layer's variables and activation. */
interface DenseParams {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly activation: Activation;
}

/** An embedding table and its shape. */
interface EmbeddingParams {
  readonly table: tf.Variable;
  readonly vocabulary: number;
  readonly dims: number;
}

/** The variables of a model built by buildModel, in forward order. */
export interface NetworkParams {
  readonly embeddings: readonly EmbeddingParams[];
  readonly hidden: readonly DenseParams[];
  readonly output: DenseParams;
  readonly dropout: { readonly rate: number; readonly seed: number } | null;
  /** L2 factor on the hidden kernels (the model's kernelRegularizer). */
  readonly l2: number;
}

/** One batch as tensors: ids per embedding column ([n] int32), the indicator matrix, labels [n, 1]. */
export interface BatchTensors {
  readonly ids: readonly tf.Tensor1D[];
  readonly indicators: tf.Tensor2D | null;
  readonly labels: tf.Tensor2D;
  /** Each row's loss weight [n, 1] (class weights), or null for all 1. */
  readonly weights: tf.Tensor2D | null;
}

function variableOf(layer: tf.layers.Layer, index: number): tf.Variable {
  const variable = layer.trainableWeights[index]?.read();
  if (!(variable instanceof tf.Variable)) throw new Error(`Layer ${layer.name} has no trainable weight ${index}.`);
  return variable;
}

/** The variables of `model`, which buildModel made from `spec` and `settings`. */
export function networkParams(model: tf.LayersModel, spec: FeatureSpec, settings: ModelSettings): NetworkParams {
  const embeddings = embeddingColumns(spec).map((column) => ({
    table: variableOf(model.getLayer(`${column.column}_embedding`), 0),
    vocabulary: column.width,
    dims: column.embeddingDims,
  }));
  const hidden = settings.hiddenLayers.map((setting, position) => {
    const layer = model.getLayer(`hidden_${position + 1}`);
    return { kernel: variableOf(layer, 0), bias: variableOf(layer, 1), activation: setting.activation };
  });
  const outputLayer = model.getLayer('output');
  const output: DenseParams = { kernel: variableOf(outputLayer, 0), bias: variableOf(outputLayer, 1), activation: 'sigmoid' };
  const dropoutLayer = settings.dropout > 0 ? model.getLayer('dropout') : null;
  if (dropoutLayer !== null && !(dropoutLayer instanceof SeededDropout)) throw new Error('The dropout layer is not a SeededDropout.');
  const dropout = dropoutLayer === null ? null : { rate: dropoutLayer.rate, seed: dropoutLayer.seed };
  const params: NetworkParams = { embeddings, hidden, output, dropout, l2: settings.l2 };
  const counted = [...embeddings.map((e) => e.table), ...hidden.flatMap((d) => [d.kernel, d.bias]), output.kernel, output.bias].length;
  if (counted !== model.trainableWeights.length) {
    throw new Error(`The model has ${model.trainableWeights.length} trainable weights where its settings give ${counted}: it was not built by buildModel.`);
  }
  return params;
}

/** Every variable the step trains, by name (the keys of its gradients). */
export function trainedVariables(params: NetworkParams): tf.Variable[] {
  return [...params.embeddings.map((e) => e.table), ...params.hidden.flatMap((d) => [d.kernel, d.bias]), params.output.kernel, params.output.bias];
}

/** Uploads encoded rows and their labels as one batch. The caller disposes the tensors. */
export function batchTensors(encoded: EncodedRows, labels: Float32Array, weights: Float32Array | null = null): BatchTensors {
  const n = encoded.rowCount;
  return {
    ids: encoded.embeddingIds.map((ids) => tf.tensor1d(ids, 'int32')),
    indicators: encoded.indicatorWidth > 0 ? tf.tensor2d(encoded.indicators, [n, encoded.indicatorWidth]) : null,
    labels: tf.tensor2d(labels, [n, 1]),
    weights: weights === null ? null : tf.tensor2d(weights, [n, 1]),
  };
}

/** y = activation(x · kernel + bias); the activations tfjs fuses into matMul on every backend are fused. */
function dense(x: tf.Tensor, layer: DenseParams): tf.Tensor {
  const a = x;
  const b = layer.kernel;
  const bias = layer.bias;
  switch (layer.activation) {
    case 'linear':
      return tf.fused.matMul({ a, b, bias });
    case 'relu':
    case 'sigmoid':
    case 'elu':
      return tf.fused.matMul({ a, b, bias, activation: layer.activation });
    case 'tanh':
      return tf.tanh(tf.fused.matMul({ a, b, bias }));
    case 'selu':
      return tf.selu(tf.fused.matMul({ a, b, bias }));
  }
}

// tf.selu's constants.
const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

/** dLoss/dz from dLoss/dy, where y = activation(z), written in terms of y so z need not be kept. */
function activationGradient(dy: tf.Tensor, y: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return dy;
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'tanh':
      return tf.mul(dy, tf.sub(1, tf.square(y)));
    case 'elu':
      return tf.where(tf.greater(y, 0), dy, tf.mul(dy, tf.add(y, 1)));
    case 'selu':
      return tf.where(tf.greater(y, 0), tf.mul(dy, SELU_SCALE), tf.mul(dy, tf.add(y, SELU_SCALE * SELU_ALPHA)));
  }
}

/**
 * Inverted-dropout multiplier, drawn on the host: 0 with probability `rate`, else 1 / (1 − rate).
 * tf.randomUniform with a seed draws through seedrandom at ~4 ms per [1024, 64] on wasm (Node);
 * mulberry32 fills the same array in a fraction of that and needs no kernels to threshold it.
 */
function dropoutMultiplier(shape: number[], rate: number, seed: number): tf.Tensor {
  const random = seededRandom(seed);
  const scale = 1 / (1 - rate);
  const values = new Float32Array(shape.reduce((size, dim) => size * dim, 1));
  for (let i = 0; i < values.length; i++) values[i] = random.next() < rate ? 0 : scale;
  return tf.tensor(values, shape);
}

/**
 * The products and sums of the backward pass. On wasm, BatchMatMul with a transpose flag ran 5–10×
 * slower than an explicit transpose and a plain product, and a column sum (tf.sum over axis 0) ran
 * ~50× slower than ones[1, n] · x (Node, tfjs-backend-wasm 4.22, [1024, 128] operands); other
 * backends transpose and sum in place.
 */
interface BackwardProducts {
  /** aᵀ · b */
  readonly transposedTimes: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  /** a · bᵀ */
  readonly timesTransposed: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  /** Column sums of x [n, k] as a [k] vector. */
  readonly columnSums: (x: tf.Tensor) => tf.Tensor;
}

function backwardProducts(rows: number): BackwardProducts {
  if (tf.getBackend() !== 'wasm') {
    return {
      transposedTimes: (a, b) => tf.matMul(a, b, true, false),
      timesTransposed: (a, b) => tf.matMul(a, b, false, true),
      columnSums: (x) => tf.sum(x, 0),
    };
  }
  const ones = tf.ones([1, rows]);
  return {
    transposedTimes: (a, b) => tf.matMul(tf.transpose(a), b),
    timesTransposed: (a, b) => tf.matMul(a, tf.transpose(b)),
    columnSums: (x) => tf.reshape(tf.matMul(ones, x), [-1]),
  };
}

/** What one step gives back: tensors the caller reads and disposes. */
export interface StepResult {
  /** [n + 1]: each row's P(known bad) before the update, then the L2 penalty; read once per batch. */
  readonly stats: tf.Tensor1D;
  /** Gradient of mean cross-entropy + L2 penalty per variable name, for optimizer.applyGradients. */
  readonly grads: tf.NamedTensorMap;
}

/**
 * Forward and backward pass of one batch. `dropoutSeed` is the mask seed of this training call
 * (null: no dropout). The loss is Keras' binary cross-entropy on the sigmoid output plus
 * l2·Σ kernel² over the hidden kernels; its gradient on the output logits is (p − y) / n.
 */
export function gradientStep(params: NetworkParams, batch: BatchTensors, dropoutSeed: number | null): StepResult {
  return tf.tidy(() => {
    const n = batch.labels.shape[0];
    const parts: tf.Tensor[] = params.embeddings.map((embedding, c) => {
      const ids = batch.ids[c];
      if (ids === undefined) throw new Error(`Batch has no ids for embedding ${c + 1}.`);
      return tf.gather(embedding.table, ids);
    });
    if (batch.indicators !== null) parts.push(batch.indicators);
    const [onlyPart] = parts;
    if (onlyPart === undefined) throw new Error('No feature column is active: turn on at least one column.');
    const x = parts.length === 1 ? onlyPart : tf.concat(parts, 1);

    // Forward, keeping each layer's output for the backward pass.
    const layerOutputs: tf.Tensor[] = [x];
    let h = x;
    for (const layer of params.hidden) {
      h = dense(h, layer);
      layerOutputs.push(h);
    }
    let mask: tf.Tensor | null = null;
    if (params.dropout !== null && dropoutSeed !== null) {
      mask = dropoutMultiplier(h.shape, params.dropout.rate, dropoutSeed);
      h = tf.mul(h, mask);
    }
    const probabilities = dense(h, params.output);

    // Backward.
    const { transposedTimes, timesTransposed, columnSums } = backwardProducts(n);
    const grads: tf.NamedTensorMap = {};
    const residual = tf.sub(probabilities, batch.labels);
    const dLogits = tf.mul(batch.weights === null ? residual : tf.mul(residual, batch.weights), 1 / n);
    grads[params.output.kernel.name] = transposedTimes(h, dLogits);
    grads[params.output.bias.name] = columnSums(dLogits);
    let dInput = timesTransposed(dLogits, params.output.kernel);
    if (mask !== null) dInput = tf.mul(dInput, mask);
    for (let i = params.hidden.length - 1; i >= 0; i--) {
      const layer = params.hidden[i];
      const input = layerOutputs[i];
      const output = layerOutputs[i + 1];
      if (layer === undefined || input === undefined || output === undefined) throw new Error(`Hidden layer ${i + 1} is missing.`);
      const dz = activationGradient(dInput, output, layer.activation);
      const kernelGrad = transposedTimes(input, dz);
      grads[layer.kernel.name] = params.l2 > 0 ? tf.add(kernelGrad, tf.mul(layer.kernel, 2 * params.l2)) : kernelGrad;
      grads[layer.bias.name] = columnSums(dz);
      if (i > 0 || params.embeddings.length > 0) dInput = timesTransposed(dz, layer.kernel);
    }
    let offset = 0;
    params.embeddings.forEach((embedding, c) => {
      const ids = batch.ids[c];
      if (ids === undefined) throw new Error(`Batch has no ids for embedding ${c + 1}.`);
      grads[embedding.table.name] = scatterAddRows(ids, tf.slice(dInput, [0, offset], [n, embedding.dims]), embedding.vocabulary, embedding.dims);
      offset += embedding.dims;
    });

    const penalty =
      params.l2 > 0 && params.hidden.length > 0 ? tf.mul(tf.addN(params.hidden.map((layer) => tf.sum(tf.square(layer.kernel)))), params.l2) : tf.zeros([1]);
    const stats = tf.concat1d([tf.reshape<tf.Rank.R1>(probabilities, [n]), tf.reshape<tf.Rank.R1>(penalty, [1])]);
    return { stats, grads };
  });
}

let flatVectors = 0;

/**
 * The trained variables seen by the optimiser as one flat vector, so an update is one optimiser
 * pass (~10 kernels) instead of one per variable (~11 kernels each for RMSprop, 8 variables in the
 * seed model). Every optimiser offered is elementwise, so the result is the same as updating each
 * variable on its own. After each update the model's variables are assigned their slices.
 */
export class FlatUpdater {
  private readonly flat: tf.Variable;
  private readonly sizes: number[];

  constructor(
    private readonly optimizer: tf.Optimizer,
    private readonly variables: readonly tf.Variable[],
  ) {
    this.sizes = variables.map((variable) => variable.size);
    this.flat = tf.tidy(() => tf.variable(tf.concat(variables.map((variable) => tf.reshape(variable, [-1]))), true, `etwlab_flat_parameters_${++flatVectors}`));
  }

  /** Applies gradients keyed by variable name (every trained variable must have one). */
  apply(grads: tf.NamedTensorMap): void {
    tf.tidy(() => {
      const flatGrad = tf.concat(
        this.variables.map((variable) => {
          const grad = grads[variable.name];
          if (grad === undefined) throw new Error(`No gradient for ${variable.name}.`);
          return tf.reshape(grad, [-1]);
        }),
      );
      this.optimizer.applyGradients({ [this.flat.name]: flatGrad });
      const pieces = tf.split(this.flat, this.sizes);
      this.variables.forEach((variable, i) => {
        const piece = pieces[i];
        if (piece !== undefined) variable.assign(tf.reshape(piece, variable.shape));
      });
    });
  }

  /** Frees the flat vector and the optimiser's state. */
  dispose(): void {
    this.flat.dispose();
    this.optimizer.dispose();
  }
}
