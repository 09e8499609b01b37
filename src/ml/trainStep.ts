import * as tf from '@tensorflow/tfjs';
import { scatterAddRows } from './embedding';
import { embeddingColumns, type EncodedRows, type FeatureSpec } from './features';
import { encodedRange, takeEncodedRows } from './inputs';
import type { Activation, ModelSettings } from './modelSettings';
import { dropoutMultipliers, SeededDropout } from './seededDropout';
import { hostOptimizer, type HostOptimizer } from './trainOptimizer';

/**
 * One training step of buildModel's network written as plain tensor ops with a hand-written
 * backward pass, on a flat parameter vector that the model's variables are synced from.
 *
 * Why not `model.apply` under `tf.variableGrads`: a step of the seed model through the layers API
 * and the autodiff tape runs ~390 small kernels (casts, reshapes, flattens, clipped-log loss, tape
 * bookkeeping), and at batch 1024 the step's time goes to that per-kernel overhead, not to the
 * matrix products. Here a step and its update are 45 kernels (tf.profile on wasm, batch 1024; 17
 * of them reshapes; on wasm and cpu the update is a host loop, see FlatParameters): the parameters
 * are pieces of one flat vector (one optimiser pass, no per-variable split and assign), every embedding column is looked up by one gather from their
 * stacked tables (on wasm and cpu the input matrix is written on the host instead, see
 * hostInputTensors) and its gradient is one scatter-add, fused matMul + bias (+ activation)
 * forward, the sigmoid + cross-entropy gradient in closed form ((p − y) / n on the logits).
 * Validation after an epoch runs the same forward pass. The model object is untouched until
 * `syncModel`, so saving, scoring and the portable Keras export see a standard layers model.
 */

/** A Dense layer's weights and activation. */
interface DenseParams {
  readonly kernel: tf.Tensor;
  readonly bias: tf.Tensor;
  readonly activation: Activation;
}

/** One embedding column: its table's shape and first row in the stacked tables. */
interface EmbeddingColumn {
  readonly vocabulary: number;
  readonly dims: number;
  /** Row of the stacked tables (every column's table, one under another) where this table starts. */
  readonly firstRow: number;
}

/**
 * The embedding tables as the step reads them: one stacked [Σ vocabulary, dims] table when every
 * column has the same width (one gather for all columns), else one table per column.
 */
type EmbeddingTables = { readonly kind: 'stacked'; readonly table: tf.Tensor } | { readonly kind: 'separate'; readonly tables: readonly tf.Tensor[] };

/** The weights of a model built by buildModel, in forward order, as the step reads them. */
export interface StepWeights {
  readonly columns: readonly EmbeddingColumn[];
  readonly tables: EmbeddingTables | null;
  readonly hidden: readonly DenseParams[];
  readonly output: DenseParams;
  readonly dropout: { readonly rate: number; readonly seed: number } | null;
  /** L2 factor on the hidden kernels (the model's kernelRegularizer). */
  readonly l2: number;
}

/** The variables of a model built by buildModel, in forward order. */
export interface NetworkParams {
  readonly columns: readonly EmbeddingColumn[];
  readonly tables: readonly tf.Variable[];
  readonly hidden: readonly (DenseParams & { readonly kernel: tf.Variable; readonly bias: tf.Variable })[];
  readonly output: DenseParams & { readonly kernel: tf.Variable; readonly bias: tf.Variable };
  readonly dropout: { readonly rate: number; readonly seed: number } | null;
  readonly l2: number;
}

/** One batch as tensors: every embedding id offset into the stacked tables, the indicator matrix, labels [n, 1]. */
export interface BatchTensors {
  /** [n · columns] int32, row by row: row i's id of column c, plus that column's firstRow, at i · columns + c. */
  readonly ids: tf.Tensor1D | null;
  /** [n, indicator width]; null when there are none or when `inputs` holds them. */
  readonly indicators: tf.Tensor2D | null;
  /** The whole first-layer input [n, Σ dims + indicator width] when it was built on the host (see hostInputTensors), else null. */
  readonly inputs: tf.Tensor2D | null;
  /**
   * `inputs` transposed with a row of ones under it [width + 1, n], when built on the host for a
   * step without L2 on the device: the first layer's kernel and bias gradients are then one product
   * (wasm has no fast transposed product, and a Transpose of the batch's input took ~0.3 ms).
   */
  readonly inputsTransposed: tf.Tensor2D | null;
  readonly labels: tf.Tensor2D;
  /** Each row's loss weight divided by the batch's row count [n, 1] (class weights), or null for all 1. */
  readonly weights: tf.Tensor2D | null;
}

function variableOf(layer: tf.layers.Layer, index: number): tf.Variable {
  const variable = layer.trainableWeights[index]?.read();
  if (!(variable instanceof tf.Variable)) throw new Error(`Layer ${layer.name} has no trainable weight ${index}.`);
  return variable;
}

/** The variables of `model`, which buildModel made from `spec` and `settings`. */
export function networkParams(model: tf.LayersModel, spec: FeatureSpec, settings: ModelSettings): NetworkParams {
  let firstRow = 0;
  const columns = embeddingColumns(spec).map((column) => {
    const placed = { vocabulary: column.width, dims: column.embeddingDims, firstRow };
    firstRow += column.width;
    return placed;
  });
  const tables = embeddingColumns(spec).map((column) => variableOf(model.getLayer(`${column.column}_embedding`), 0));
  const hidden = settings.hiddenLayers.map((setting, position) => {
    const layer = model.getLayer(`hidden_${position + 1}`);
    return { kernel: variableOf(layer, 0), bias: variableOf(layer, 1), activation: setting.activation };
  });
  const outputLayer = model.getLayer('output');
  const output = { kernel: variableOf(outputLayer, 0), bias: variableOf(outputLayer, 1), activation: 'sigmoid' as const };
  const dropoutLayer = settings.dropout > 0 ? model.getLayer('dropout') : null;
  if (dropoutLayer !== null && !(dropoutLayer instanceof SeededDropout)) throw new Error('The dropout layer is not a SeededDropout.');
  const dropout = dropoutLayer === null ? null : { rate: dropoutLayer.rate, seed: dropoutLayer.seed };
  const params: NetworkParams = { columns, tables, hidden, output, dropout, l2: settings.l2 };
  const counted = trainedVariables(params).length;
  if (counted !== model.trainableWeights.length) {
    throw new Error(`The model has ${model.trainableWeights.length} trainable weights where its settings give ${counted}: it was not built by buildModel.`);
  }
  return params;
}

/** Every variable the step trains, in the order of the flat parameter vector and of the step's gradients. */
export function trainedVariables(params: NetworkParams): tf.Variable[] {
  return [...params.tables, ...params.hidden.flatMap((d) => [d.kernel, d.bias]), params.output.kernel, params.output.bias];
}

/** Whether every embedding column has the same width, so the tables stack into one. */
function isStackable(columns: readonly EmbeddingColumn[]): boolean {
  return columns.every((column) => column.dims === columns[0]?.dims);
}

/** The step's view of the model's own variables (tests; training reads FlatParameters.weights()). */
export function variableWeights(params: NetworkParams): StepWeights {
  const tables: EmbeddingTables | null =
    params.tables.length === 0
      ? null
      : isStackable(params.columns)
        ? { kind: 'stacked', table: tf.concat([...params.tables], 0) }
        : { kind: 'separate', tables: params.tables };
  return { columns: params.columns, tables, hidden: params.hidden, output: params.output, dropout: params.dropout, l2: params.l2 };
}

/** A batch's model inputs as tensors. */
export type InputTensors = Pick<BatchTensors, 'ids' | 'indicators' | 'inputs' | 'inputsTransposed'>;

/**
 * Encoded rows packed for writing input matrices on the host, one Int32Array stretch of `stride`
 * values per row: its embedding ids, then the positions of the ones in its indicator row (every
 * indicator column is one-hot, so each row holds the same number of ones). A shuffled batch then
 * reads one cache line per row instead of ~130 bytes of floats and an id array per column.
 */
export interface PackedRows {
  readonly rowCount: number;
  readonly values: Int32Array;
  readonly stride: number;
  readonly embeddingColumns: number;
  readonly indicatorWidth: number;
}

/** Packs encoded rows (see PackedRows); null when an indicator row is not the same number of ones. */
export function packRows(encoded: EncodedRows): PackedRows | null {
  const n = encoded.rowCount;
  const width = encoded.indicatorWidth;
  const indicators = encoded.indicators;
  let ones = 0;
  for (let k = 0; k < width; k++) if ((indicators[k] ?? 0) !== 0) ones++;
  const embeddingColumns = encoded.embeddingIds.length;
  const stride = embeddingColumns + ones;
  const values = new Int32Array(n * stride);
  encoded.embeddingIds.forEach((ids, c) => {
    for (let i = 0; i < n; i++) values[i * stride + c] = ids[i] ?? 0;
  });
  for (let i = 0; i < n; i++) {
    let to = i * stride + embeddingColumns;
    const end = to + ones;
    for (let k = 0, from = i * width; k < width; k++, from++) {
      const value = indicators[from];
      if (value === 0) continue;
      if (value !== 1 || to === end) return null;
      values[to++] = k;
    }
    if (to !== end) return null;
  }
  return { rowCount: n, values, stride, embeddingColumns, indicatorWidth: width };
}

/** A batch written on the host: rows `positions` of `rows` (null: every row in order), embedding rows read from `tables`. */
export interface HostBatch {
  readonly rows: PackedRows;
  /** Every table's current values, one table after another, as the flat parameter vector holds them. */
  readonly tables: Float32Array;
  readonly positions: ArrayLike<number> | null;
  /** Also write the input transposed with a row of ones (see BatchTensors.inputsTransposed). */
  readonly transposed?: boolean;
}

/**
 * The first layer's input [n, Σ dims + indicator width] written on the host, and the ids offset
 * into the stacked tables for the tables' gradient. Where reads are synchronous copies (wasm, cpu)
 * this replaces a gather and a concat: on wasm tf.gather took ~0.85 ms for the 2048 rows of 8 of a
 * batch of 1024 (index arithmetic per element) and the concat ~0.2 ms, the JS loop and one upload
 * ~0.15 ms.
 */
export function hostInputTensors(batch: HostBatch, columns: readonly EmbeddingColumn[]): InputTensors {
  const { rows, tables, positions } = batch;
  const n = positions?.length ?? rows.rowCount;
  const { stride, embeddingColumns } = rows;
  const values = positions === null ? rows.values : gatherRows(rows, positions);
  if (embeddingColumns !== columns.length) throw new Error(`The rows have ${embeddingColumns} embedding columns where the model has ${columns.length}.`);
  const embeddingDims = columns.reduce((sum, column) => sum + column.dims, 0);
  const width = embeddingDims + rows.indicatorWidth;
  const matrix = new Float32Array(n * width);
  // Row j of the transposed input holds column j of every row: value (i, j) at j · n + i.
  const transposed = batch.transposed === true ? new Float32Array((width + 1) * n).fill(1, width * n) : null;
  const ids = new Int32Array(n * embeddingColumns);
  // Where each column's table starts in `tables`, and its block in a matrix row.
  const tableStarts: number[] = [];
  const blockStarts: number[] = [];
  let tableStart = 0;
  let blockStart = 0;
  for (const column of columns) {
    tableStarts.push(tableStart);
    blockStarts.push(blockStart);
    tableStart += column.vocabulary * column.dims;
    blockStart += column.dims;
  }
  for (let i = 0; i < n; i++) {
    const from = i * stride;
    const to = i * width;
    for (let c = 0; c < embeddingColumns; c++) {
      const column = columns[c];
      if (column === undefined) continue;
      const id = values[from + c] ?? 0;
      ids[i * embeddingColumns + c] = id + column.firstRow;
      const dims = column.dims;
      const source = (tableStarts[c] ?? 0) + id * dims;
      const target = to + (blockStarts[c] ?? 0);
      for (let d = 0; d < dims; d++) matrix[target + d] = tables[source + d] ?? 0;
      if (transposed !== null) {
        const block = (blockStarts[c] ?? 0) * n + i;
        for (let d = 0; d < dims; d++) transposed[block + d * n] = tables[source + d] ?? 0;
      }
    }
    for (let k = from + embeddingColumns; k < from + stride; k++) {
      const j = embeddingDims + (values[k] ?? 0);
      matrix[to + j] = 1;
      if (transposed !== null) transposed[j * n + i] = 1;
    }
  }
  return {
    ids: embeddingColumns > 0 ? tf.tensor1d(ids, 'int32') : null,
    indicators: null,
    inputs: tf.tensor2d(matrix, [n, width]),
    inputsTransposed: transposed === null ? null : tf.tensor2d(transposed, [width + 1, n]),
  };
}

/**
 * The packed stretches of rows `positions`, one after another. Reading the shuffled rows in a loop
 * that does nothing else lets the CPU wait on many cache misses at once; the matrix is then written
 * from contiguous rows (two passes took 4–39% less CPU than one, 4 alternating rounds over shuffled batches of 1024 from 120k rows).
 */
function gatherRows(rows: PackedRows, positions: ArrayLike<number>): Int32Array {
  const { values, stride } = rows;
  const gathered = new Int32Array(positions.length * stride);
  for (let i = 0, to = 0; i < positions.length; i++) {
    const from = (positions[i] ?? 0) * stride;
    for (let k = 0; k < stride; k++, to++) gathered[to] = values[from + k] ?? 0;
  }
  return gathered;
}

/** Uploads encoded rows as model inputs; the caller disposes the tensors (or creates them inside tf.tidy). */
export function inputTensors(encoded: EncodedRows, columns?: readonly EmbeddingColumn[]): InputTensors {
  const n = encoded.rowCount;
  const columnCount = encoded.embeddingIds.length;
  let ids: tf.Tensor1D | null = null;
  if (columnCount > 0) {
    // Built on the host in one pass: one upload and one gather instead of one of each per column.
    const offsetIds = new Int32Array(n * columnCount);
    encoded.embeddingIds.forEach((columnIds, c) => {
      const firstRow = columns?.[c]?.firstRow ?? 0;
      for (let i = 0; i < n; i++) offsetIds[i * columnCount + c] = (columnIds[i] ?? 0) + firstRow;
    });
    ids = tf.tensor1d(offsetIds, 'int32');
  }
  return {
    ids,
    indicators: encoded.indicatorWidth > 0 ? tf.tensor2d(encoded.indicators, [n, encoded.indicatorWidth]) : null,
    inputs: null,
    inputsTransposed: null,
  };
}

/** Labels [n, 1] and each row's loss weight divided by n (null: all 1). */
function labelTensors(labels: Float32Array, weights: Float32Array | null): Pick<BatchTensors, 'labels' | 'weights'> {
  const n = labels.length;
  const scaled = weights === null ? null : Float32Array.from(weights.subarray(0, n), (weight) => weight / n);
  return { labels: tf.tensor2d(labels, [n, 1]), weights: scaled === null ? null : tf.tensor2d(scaled, [n, 1]) };
}

/**
 * Uploads encoded rows and their labels as one batch. `weights` are each row's loss weight (null:
 * all 1). The caller disposes the tensors.
 */
export function batchTensors(
  encoded: EncodedRows,
  labels: Float32Array,
  weights: Float32Array | null = null,
  columns?: readonly EmbeddingColumn[],
): BatchTensors {
  return { ...inputTensors(encoded, columns), ...labelTensors(labels, weights) };
}

/** A batch written on the host (see hostInputTensors) with its labels and weights, as batchTensors. */
export function hostBatchTensors(batch: HostBatch, columns: readonly EmbeddingColumn[], labels: Float32Array, weights: Float32Array | null): BatchTensors {
  return { ...hostInputTensors(batch, columns), ...labelTensors(labels, weights) };
}

/** Frees a batch's tensors. */
export function disposeBatch(batch: BatchTensors): void {
  const optional: (tf.Tensor | null)[] = [batch.ids, batch.indicators, batch.inputs, batch.inputsTransposed, batch.weights];
  tf.dispose([batch.labels, ...optional.filter((tensor): tensor is tf.Tensor => tensor !== null)]);
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

/** Inverted-dropout multiplier, drawn on the host (see dropoutMultipliers): no kernels to draw or threshold it. */
function dropoutMultiplier(shape: number[], rate: number, seed: number): tf.Tensor {
  return tf.tensor(
    dropoutMultipliers(
      shape.reduce((size, dim) => size * dim, 1),
      rate,
      seed,
    ),
    shape,
  );
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
    // A one-column operand's transpose is the same values as a row: a reshape, not a Transpose kernel.
    // Otherwise the narrower operand is transposed: aᵀ·b = (bᵀ·a)ᵀ, and the [k, m] product is small
    // (a Transpose of [1024, 128] took ~0.8 ms on wasm, of [1024, 64] ~0.3 ms).
    transposedTimes: (a, b) =>
      b.shape[1] === 1
        ? tf.reshape(tf.matMul(tf.reshape(b, [1, -1]), a), [-1, 1])
        : a.shape[1] === 1
          ? tf.matMul(tf.reshape(a, [1, -1]), b)
          : (a.shape[1] ?? 0) > (b.shape[1] ?? 0)
            ? tf.transpose(tf.matMul(tf.transpose(b), a))
            : tf.matMul(tf.transpose(a), b),
    // With one column in a and b the product is an outer product: a broadcast multiply (wasm's
    // matMul with an inner size of 1 gave NaN columns on reused memory).
    timesTransposed: (a, b) => (b.shape[1] === 1 ? tf.mul(a, tf.reshape(b, [1, -1])) : tf.matMul(a, tf.transpose(b))),
    columnSums: (x) => tf.reshape(tf.matMul(ones, x), [-1]),
  };
}

/** What one step gives back: tensors the caller reads and disposes. */
export type StepResult = {
  /**
   * Each row's P(known bad) before the update, then the L2 penalty when the weights carry an L2
   * factor ([n + 1]; else [n]); read once per batch.
   */
  readonly stats: tf.Tensor1D;
  /**
   * Gradient of mean cross-entropy + L2 penalty, in trainedVariables order with the embedding
   * tables' gradients as one stacked piece when the tables are stacked (and the first kernel's and
   * bias's as one piece when the batch has inputsTransposed): flattened and concatenated, the pieces
   * line up with the flat parameter vector.
   */
  readonly grads: tf.Tensor[];
};

/** Column c's ids in its own table, from the batch's [n, columns] ids into the stacked tables. */
function columnIds(byRow: tf.Tensor, c: number, firstRow: number, n: number): tf.Tensor {
  return tf.sub(tf.reshape(tf.slice(byRow, [0, c], [n, 1]), [n]), tf.scalar(firstRow, 'int32'));
}

/** The embedding rows of a batch, [n, Σ dims], in column order. */
function lookUp(weights: StepWeights, ids: tf.Tensor1D, n: number): tf.Tensor {
  const tables = weights.tables;
  if (tables === null) throw new Error('The model has no embedding tables for the ids.');
  if (tables.kind === 'stacked') return tf.reshape(tf.gather(tables.table, ids), [n, -1]);
  const byRow = tf.reshape(ids, [n, weights.columns.length]);
  return tf.concat(
    tables.tables.map((table, c) => tf.gather(table, columnIds(byRow, c, weights.columns[c]?.firstRow ?? 0, n))),
    1,
  );
}

/** The tables' gradients from the gradient of the looked-up rows [n, Σ dims]. */
function tableGradients(weights: StepWeights, ids: tf.Tensor1D, dRows: tf.Tensor, n: number): tf.Tensor[] {
  const columns = weights.columns;
  const stackedRows = columns.reduce((rows, column) => rows + column.vocabulary, 0);
  const [first] = columns;
  if (weights.tables?.kind === 'stacked' && first !== undefined) {
    return [scatterAddRows(ids, tf.reshape(dRows, [n * columns.length, first.dims]), stackedRows, first.dims)];
  }
  const byRow = tf.reshape(ids, [n, columns.length]);
  let offset = 0;
  return columns.map((column, c) => {
    const grad = scatterAddRows(columnIds(byRow, c, column.firstRow, n), tf.slice(dRows, [0, offset], [n, column.dims]), column.vocabulary, column.dims);
    offset += column.dims;
    return grad;
  });
}

/** The first layer's input [n, Σ dims + indicator width]: the looked-up embedding rows beside the indicators, unless built on the host. */
function inputMatrix(weights: StepWeights, inputs: InputTensors, n: number): tf.Tensor {
  if (inputs.inputs !== null) return inputs.inputs;
  const parts: tf.Tensor[] = [];
  if (weights.columns.length > 0) {
    if (inputs.ids === null) throw new Error('The batch has no embedding ids.');
    parts.push(lookUp(weights, inputs.ids, n));
  }
  if (inputs.indicators !== null) parts.push(inputs.indicators);
  const [onlyPart] = parts;
  if (onlyPart === undefined) throw new Error('No feature column is active: turn on at least one column.');
  return parts.length === 1 ? onlyPart : tf.concat(parts, 1);
}

/** P(known bad) [n, 1] of n rows with dropout off: the model's prediction, on the step's weights. */
export function forwardScores(weights: StepWeights, inputs: InputTensors, n: number): tf.Tensor {
  return tf.tidy(() =>
    dense(
      weights.hidden.reduce<tf.Tensor>((h, layer) => dense(h, layer), inputMatrix(weights, inputs, n)),
      weights.output,
    ),
  );
}

/** The L2 penalty l2 · Σ kernel² over the hidden kernels, as a [1] tensor. */
function l2Penalty(weights: StepWeights): tf.Tensor {
  return weights.l2 > 0 && weights.hidden.length > 0
    ? tf.mul(tf.addN(weights.hidden.map((layer) => tf.sum(tf.square(layer.kernel)))), weights.l2)
    : tf.zeros([1]);
}

/**
 * Forward and backward pass of one batch. `dropoutSeed` is the mask seed of this training call
 * (null: no dropout). The loss is Keras' binary cross-entropy on the sigmoid output plus
 * l2·Σ kernel² over the hidden kernels; its gradient on the output logits is (p − y) / n.
 */
export function gradientStep(weights: StepWeights, batch: BatchTensors, dropoutSeed: number | null): StepResult {
  return tf.tidy(() => {
    const n = batch.labels.shape[0];
    const embeddingDims = weights.columns.reduce((sum, column) => sum + column.dims, 0);
    const x = inputMatrix(weights, batch, n);

    // Forward, keeping each layer's output for the backward pass.
    const layerOutputs: tf.Tensor[] = [x];
    let h = x;
    for (const layer of weights.hidden) {
      h = dense(h, layer);
      layerOutputs.push(h);
    }
    let mask: tf.Tensor | null = null;
    if (weights.dropout !== null && dropoutSeed !== null) {
      mask = dropoutMultiplier(h.shape, weights.dropout.rate, dropoutSeed);
      h = tf.mul(h, mask);
    }
    const probabilities = dense(h, weights.output);

    // Backward. The weights arrive already divided by n.
    const { transposedTimes, timesTransposed, columnSums } = backwardProducts(n);
    const residual = tf.sub(probabilities, batch.labels);
    const dLogits = batch.weights === null ? tf.mul(residual, 1 / n) : tf.mul(residual, batch.weights);
    const outputGrads = [transposedTimes(h, dLogits), tf.reshape(tf.sum(dLogits), [1])];
    const hiddenGrads: tf.Tensor[][] = [];
    let dInput = timesTransposed(dLogits, weights.output.kernel);
    if (mask !== null) dInput = tf.mul(dInput, mask);
    for (let i = weights.hidden.length - 1; i >= 0; i--) {
      const layer = weights.hidden[i];
      const input = layerOutputs[i];
      const output = layerOutputs[i + 1];
      if (layer === undefined || input === undefined || output === undefined) throw new Error(`Hidden layer ${i + 1} is missing.`);
      const dz = activationGradient(dInput, output, layer.activation);
      if (i === 0 && batch.inputsTransposed !== null && weights.l2 === 0) {
        // [xᵀ; 1] · dz: the kernel's gradient with the bias's as its last row, as the flat vector lays them out.
        hiddenGrads.unshift([tf.matMul(batch.inputsTransposed, dz)]);
      } else {
        const kernelGrad = transposedTimes(input, dz);
        hiddenGrads.unshift([weights.l2 > 0 ? tf.add(kernelGrad, tf.mul(layer.kernel, 2 * weights.l2)) : kernelGrad, columnSums(dz)]);
      }
      if (i > 0) dInput = timesTransposed(dz, layer.kernel);
      // Into the first layer only the embedding rows' gradient is needed: the kernel's first rows.
      else if (embeddingDims > 0) dInput = timesTransposed(dz, tf.slice(layer.kernel, [0, 0], [embeddingDims, -1]));
    }
    const tableGrads = batch.ids !== null && weights.columns.length > 0 ? tableGradients(weights, batch.ids, dInput, n) : [];

    const scores = tf.reshape<tf.Rank.R1>(probabilities, [n]);
    const stats = weights.l2 > 0 && weights.hidden.length > 0 ? tf.concat1d([scores, tf.reshape<tf.Rank.R1>(l2Penalty(weights), [1])]) : scores;
    return { stats, grads: [...tableGrads, ...hiddenGrads.flat(), ...outputGrads] };
  });
}

/** The step's gradients by variable name (tests compare them with tfjs autodiff). */
export function gradientsByName(params: NetworkParams, grads: readonly tf.Tensor[]): tf.NamedTensorMap {
  return tf.tidy(() => {
    const variables = trainedVariables(params);
    const flat = tf.concat(grads.map((grad) => tf.reshape(grad, [-1])));
    const pieces = tf.split(
      flat,
      variables.map((variable) => variable.size),
    );
    return Object.fromEntries(variables.map((variable, i) => [variable.name, tf.reshape(pieces[i] ?? tf.zeros([0]), variable.shape)]));
  });
}

/** The flat vector kept on the host and updated there (see HostOptimizer): the truth while training. */
interface HostVector {
  readonly values: Float32Array;
  readonly optimizer: HostOptimizer;
  /** Each variable's [start, end) in the vector, in order, and whether it is a hidden kernel (the only ones with an L2 term). */
  readonly ranges: readonly { readonly start: number; readonly end: number; readonly hiddenKernel: boolean }[];
  /** 2·l2 as a float32, like tfjs' scalar: the L2 term's factor in a hidden kernel's gradient. */
  readonly l2Factor: number;
}

/**
 * The trained variables as one flat vector that training reads and updates, so an update is one
 * optimiser pass instead of one per variable (~11 kernels each for RMSprop, 8 variables in the seed
 * model), and a step reads its weights as pieces of it. Every optimiser offered is elementwise, so
 * the result is the same as updating each variable on its own. Where reads are synchronous copies
 * (wasm, cpu) the vector lives on the host and is updated there in one loop (see HostOptimizer):
 * the step's gradients are read once, the weights uploaded from the host. The model's variables
 * get their pieces on `syncModel` (when training ends).
 */
export class FlatParameters {
  /** The vector on the device, updated by `optimizer`; null when `host` holds it. */
  private readonly flat: tf.Variable | null;
  private readonly host: HostVector | null;
  private readonly variables: readonly tf.Variable[];
  private readonly sizes: number[];

  /**
   * @param hostInputs build each batch's first-layer input on the host (hostInputTensors), keep the
   * vector on the host and update it there: for backends whose reads are synchronous copies (wasm,
   * cpu).
   */
  constructor(
    private readonly optimizer: tf.Optimizer,
    private readonly params: NetworkParams,
    private readonly hostInputs = false,
  ) {
    this.variables = trainedVariables(params);
    this.sizes = this.variables.map((variable) => variable.size);
    const size = this.sizes.reduce((sum, piece) => sum + piece, 0);
    const update = hostInputs ? hostOptimizer(optimizer, size) : null;
    if (update === null) {
      this.host = null;
      this.flat = tf.tidy(() =>
        // Unnamed: tfjs numbers variables itself, unique in its engine.
        tf.variable(tf.concat(this.variables.map((variable) => tf.reshape(variable, [-1]))), true),
      );
      return;
    }
    const values = new Float32Array(size);
    const hiddenKernels = new Set(params.hidden.map((layer) => layer.kernel));
    let offset = 0;
    const ranges = this.variables.map((variable) => {
      values.set(variable.dataSync(), offset);
      offset += variable.size;
      return { start: offset - variable.size, end: offset, hiddenKernel: hiddenKernels.has(variable) };
    });
    this.host = { values, optimizer: update, ranges, l2Factor: Math.fround(2 * params.l2) };
    this.flat = null;
  }

  /** The step's weights as pieces of the flat vector (call inside tf.tidy). */
  weights(): StepWeights {
    let offset = 0;
    // Where reads are copies, each piece is uploaded from one copy of the vector: on wasm every
    // tf.slice copies its whole input to the host first (readSync in the Slice kernel), ~9 copies
    // of the vector per step (~1.5 s of a 3-epoch UI run).
    const values = this.hostValues();
    const flat = this.flat;
    const take = (shape: number[]): tf.Tensor => {
      const size = shape.reduce((product, dim) => product * dim, 1);
      const piece =
        values !== null ? tf.tensor(values.subarray(offset, offset + size), shape) : flat !== null ? tf.reshape(tf.slice(flat, [offset], [size]), shape) : null;
      if (piece === null) throw new Error('The flat parameters have no values.');
      offset += size;
      return piece;
    };
    const { columns } = this.params;
    let tables: EmbeddingTables | null = null;
    const [first] = columns;
    if (first !== undefined) {
      tables = isStackable(columns)
        ? { kind: 'stacked', table: take([columns.reduce((rows, column) => rows + column.vocabulary, 0), first.dims]) }
        : { kind: 'separate', tables: columns.map((column) => take([column.vocabulary, column.dims])) };
    }
    const hidden = this.params.hidden.map((layer) => ({ kernel: take(layer.kernel.shape), bias: take(layer.bias.shape), activation: layer.activation }));
    const output = { kernel: take(this.params.output.kernel.shape), bias: take(this.params.output.bias.shape), activation: this.params.output.activation };
    // On the host the L2 term joins the gradient in the update loop and the penalty is summed there.
    const l2 = this.host === null ? this.params.l2 : 0;
    return { columns, tables, hidden, output, dropout: this.params.dropout, l2 };
  }

  /** The embedding tables' current values, one table after another, when batches are built on the host; else null. */
  private tableValues(): Float32Array | null {
    const size = this.params.columns.reduce((sum, column) => sum + column.vocabulary * column.dims, 0);
    const values = this.hostValues();
    return values === null || size === 0 ? null : values.subarray(0, size);
  }

  /** The flat vector's values on the host when reads are copies, else null. */
  private hostValues(): Float32Array | null {
    if (this.host !== null) return this.host.values;
    if (!this.hostInputs || this.flat === null) return null;
    // An optimiser the host does not reproduce: one read of the device vector per update.
    if (this.hostCopy === null) {
      const values = this.flat.dataSync();
      this.hostCopy = values instanceof Float32Array ? values : Float32Array.from(values);
    }
    return this.hostCopy;
  }

  /** The device vector's values as last read (see hostValues); null once an update changes them. */
  private hostCopy: Float32Array | null = null;

  /** The training rows packed for the host, kept while batches come from the same rows. */
  private packed: { readonly encoded: EncodedRows; readonly rows: PackedRows | null } | null = null;

  /**
   * Uploads rows `positions` of `encoded` as a batch for `step`: written straight into the input
   * matrix when it is built on the host (the rows packed once), else copied out first. The caller
   * disposes it.
   */
  batch(encoded: EncodedRows, positions: Uint32Array, labels: Float32Array, weights: Float32Array | null): BatchTensors {
    const tables = this.tableValues();
    if (tables !== null && this.packed?.encoded !== encoded) this.packed = { encoded, rows: packRows(encoded) };
    const rows = this.packed?.rows ?? null;
    if (tables === null || rows === null) return batchTensors(takeEncodedRows(encoded, positions), labels, weights, this.params.columns);
    // The transposed input spares wasm a Transpose kernel; elsewhere a transposed product is as fast.
    const transposed = this.host !== null && tf.getBackend() === 'wasm';
    return hostBatchTensors({ rows, tables, positions, transposed }, this.params.columns, labels, weights);
  }

  /** Forward and backward pass of one batch on the current weights. */
  step(batch: BatchTensors, dropoutSeed: number | null): StepResult {
    return tf.tidy(() => gradientStep(this.weights(), batch, dropoutSeed));
  }

  /**
   * P(known bad) of encoded rows on the current weights, dropout off, `batchSize` rows per forward
   * pass taken as views (no copy): validation after an epoch without the layers API or a sync.
   */
  score(encoded: EncodedRows, batchSize: number): Float32Array {
    const scores = new Float32Array(encoded.rowCount);
    for (let start = 0; start < encoded.rowCount; start += batchSize) {
      const end = Math.min(encoded.rowCount, start + batchSize);
      const part = encodedRange(encoded, start, end);
      const tables = this.tableValues();
      const rows = tables === null ? null : packRows(part);
      const probabilities = tf.tidy(() =>
        forwardScores(
          this.weights(),
          tables === null || rows === null ? inputTensors(part, this.params.columns) : hostInputTensors({ rows, tables, positions: null }, this.params.columns),
          end - start,
        ),
      );
      scores.set(probabilities.dataSync(), start);
      probabilities.dispose();
    }
    return scores;
  }

  /** The L2 penalty of the current weights (the model's regularisation loss). */
  penalty(): number {
    if (this.host !== null) return this.stepPenalty();
    const penalty = tf.tidy(() => l2Penalty(this.weights()));
    const value = penalty.dataSync()[0] ?? 0;
    penalty.dispose();
    return value;
  }

  /**
   * The L2 penalty a step's stats leave out because the host adds it: l2 · Σ kernel² of the current
   * weights, rounded as tfjs' cpu kernels round it (a sum per kernel, their sum, the product), else 0.
   */
  stepPenalty(): number {
    const host = this.host;
    if (host === null || this.params.l2 <= 0 || this.params.hidden.length === 0) return 0;
    let total = 0;
    for (const { start, end, hiddenKernel } of host.ranges) {
      if (!hiddenKernel) continue;
      let sum = 0;
      for (let k = start; k < end; k++) {
        const w = host.values[k] ?? 0;
        sum += Math.fround(w * w);
      }
      total = Math.fround(total + Math.fround(sum));
    }
    return Math.fround(total * Math.fround(this.params.l2));
  }

  /**
   * Applies a step's gradients; with `finite` (a bool scalar) a false value turns the update into a
   * zero gradient. On the host each gradient piece is read once and the update is one loop.
   */
  apply(grads: readonly tf.Tensor[], finite?: tf.Tensor): void {
    this.hostCopy = null;
    const host = this.host;
    if (host !== null) {
      if (finite !== undefined && finite.dataSync()[0] === 0) return;
      // A gradient piece may span variables (stacked tables; a kernel with its bias): split it at their bounds.
      let offset = 0;
      let r = 0;
      for (const grad of grads) {
        const read = grad.dataSync();
        const data = read instanceof Float32Array ? read : Float32Array.from(read);
        const pieceStart = offset;
        const pieceEnd = offset + data.length;
        while (offset < pieceEnd) {
          const range = host.ranges[r];
          if (range === undefined) throw new Error('The gradients are longer than the parameter vector.');
          const stop = Math.min(pieceEnd, range.end);
          host.optimizer.update(
            host.values,
            offset,
            data.subarray(offset - pieceStart, stop - pieceStart),
            range.hiddenKernel && this.params.l2 > 0 ? host.l2Factor : 0,
          );
          offset = stop;
          if (stop === range.end) r++;
        }
      }
      host.optimizer.endStep();
      return;
    }
    const flat = this.flat;
    if (flat === null) return;
    tf.tidy(() => {
      const flatGrad = tf.concat(grads.map((grad) => tf.reshape(grad, [-1])));
      const gated = finite === undefined ? flatGrad : tf.where(finite, flatGrad, tf.zerosLike(flatGrad));
      this.optimizer.applyGradients({ [flat.name]: gated });
    });
  }

  /** Copies the flat vector into the model's variables. */
  syncModel(): void {
    const host = this.host;
    let offset = 0;
    tf.tidy(() => {
      const pieces = host === null && this.flat !== null ? tf.split(this.flat, this.sizes) : [];
      this.variables.forEach((variable, i) => {
        const piece = host === null ? pieces[i] : tf.tensor(host.values.slice(offset, offset + variable.size));
        offset += variable.size;
        if (piece !== undefined) variable.assign(tf.reshape(piece, variable.shape));
      });
    });
  }

  /** Frees the flat vector and the optimiser's state. */
  dispose(): void {
    this.flat?.dispose();
    this.optimizer.dispose();
  }
}
