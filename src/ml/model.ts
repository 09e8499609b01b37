import * as tf from '@tensorflow/tfjs';
import { assertNever } from '../lib/assertNever';
import { TrainableEmbedding } from './embedding';
import { embeddingColumns, type FeatureSpec } from './features';
import { SeededDropout } from './seededDropout';
import type { ModelSettings, ModelSummary } from './modelSettings';

export {
  activations,
  defaultModelSettings,
  optimizerNames,
  type Activation,
  type HiddenLayerSetting,
  type LayerSummary,
  type ModelSettings,
  type ModelSummary,
  type OptimizerName,
} from './modelSettings';

/** A distinct, repeatable initialiser seed per layer. */
function layerSeed(seed: number, layerIndex: number): number {
  return (Math.imul(Math.floor(seed) + 1, 2_654_435_761) + layerIndex * 97_531) >>> 0;
}

/** Name of the model input fed with the ids of an embedding column. */
export function idsInputName(column: string): string {
  return `${column}_ids`;
}
export const indicatorInputName = 'indicators';

/** The shared part of every network: its inputs and the last hidden activations. */
export interface FeatureTrunk {
  readonly inputs: tf.SymbolicTensor[];
  readonly hidden: tf.SymbolicTensor;
  /** The next free layer index, for seeding the layers built on top. */
  readonly nextLayerIndex: number;
}

/**
 * The inputs and hidden layers both model kinds share: one int input per embedding column
 * ([batch, 1] ids) and one float input for the indicator matrix, embeddings flattened and
 * concatenated, hidden Dense layers with L2, then dropout.
 */
export function buildFeatureTrunk(spec: FeatureSpec, settings: ModelSettings): FeatureTrunk {
  const inputs: tf.SymbolicTensor[] = [];
  const parts: tf.SymbolicTensor[] = [];
  let layerIndex = 0;
  for (const column of embeddingColumns(spec)) {
    const ids = tf.input({ shape: [1], dtype: 'int32', name: idsInputName(column.column) });
    inputs.push(ids);
    const embedding = new TrainableEmbedding({
      name: `${column.column}_embedding`,
      inputDim: column.width,
      outputDim: column.embeddingDims,
      seed: layerSeed(settings.seed, layerIndex++),
    });
    const vectors = tf.layers.flatten({ name: `${column.column}_flatten` }).apply(embedding.apply(ids));
    if (!(vectors instanceof tf.SymbolicTensor)) throw new Error('Flatten gave no symbolic tensor.');
    parts.push(vectors);
  }
  if (spec.indicatorWidth > 0) {
    const indicators = tf.input({ shape: [spec.indicatorWidth], name: indicatorInputName });
    inputs.push(indicators);
    parts.push(indicators);
  }
  const [firstPart] = parts;
  if (firstPart === undefined) throw new Error('No feature column is active: turn on at least one column.');
  let x = parts.length > 1 ? symbolic(tf.layers.concatenate({ name: 'features' }).apply(parts)) : firstPart;
  settings.hiddenLayers.forEach((hidden, position) => {
    if (!(Number.isInteger(hidden.units) && hidden.units >= 1)) {
      throw new Error(`Hidden layer ${position + 1} needs a whole number of units ≥ 1, not ${hidden.units}.`);
    }
    x = symbolic(
      tf.layers
        .dense({
          name: `hidden_${position + 1}`,
          units: hidden.units,
          activation: hidden.activation,
          kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(settings.seed, layerIndex++) }),
          biasInitializer: 'zeros',
          ...(settings.l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2: settings.l2 }) } : {}),
        })
        .apply(x),
    );
  });
  if (settings.dropout > 0) {
    x = symbolic(new SeededDropout({ name: 'dropout', rate: settings.dropout, seed: layerSeed(settings.seed, layerIndex++) }).apply(x));
  }
  return { inputs, hidden: x, nextLayerIndex: layerIndex };
}

/** A seeded Glorot initialiser for the layer at `layerIndex` of a network built with `seed`. */
export function seededGlorot(seed: number, layerIndex: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: layerSeed(seed, layerIndex) });
}

/**
 * Builds the classifier: the feature trunk and a one-unit sigmoid output that gives P(known bad).
 * The model is not compiled; trainModel owns the optimiser and the binary cross-entropy loss.
 */
export function buildModel(spec: FeatureSpec, settings: ModelSettings): tf.LayersModel {
  const { inputs, hidden, nextLayerIndex } = buildFeatureTrunk(spec, settings);
  const output = symbolic(
    tf.layers
      .dense({
        name: 'output',
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: seededGlorot(settings.seed, nextLayerIndex),
        biasInitializer: 'zeros',
      })
      .apply(hidden),
  );
  return tf.model({ inputs, outputs: output, name: 'etwlab_classifier' });
}

/** The single symbolic tensor a layer gave, or an error. */
export function symbolic(value: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  if (value instanceof tf.SymbolicTensor) return value;
  throw new Error('Layer gave no single symbolic tensor.');
}

/** A fresh optimiser for the settings; the caller disposes it. */
export function createOptimizer(settings: Pick<ModelSettings, 'optimizer' | 'learningRate'>): tf.Optimizer {
  const rate = settings.learningRate;
  switch (settings.optimizer) {
    case 'rmsprop':
      return tf.train.rmsprop(rate);
    case 'adam':
      return tf.train.adam(rate);
    case 'sgd':
      return tf.train.sgd(rate);
    case 'adagrad':
      return tf.train.adagrad(rate);
    default:
      return assertNever(settings.optimizer, 'optimizer');
  }
}

/** One row of a model summary. */
function isShapeList(shape: tf.Shape | tf.Shape[]): shape is tf.Shape[] {
  return shape.some((dims) => Array.isArray(dims));
}

function formatShape(shape: tf.Shape | tf.Shape[]): string {
  const one = (dims: tf.Shape): string => `[${dims.map((dim) => (dim === null ? 'batch' : String(dim))).join(', ')}]`;
  return isShapeList(shape) ? shape.map(one).join(' ') : one(shape);
}

/** Summarises a built model layer by layer. */
export function modelSummary(model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: formatShape(layer.outputShape),
    params: layer.countParams(),
  }));
  return { layers, totalParams: model.countParams() };
}
