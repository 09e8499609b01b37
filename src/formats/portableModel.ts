/**
 * The trained network rebuilt from standard Keras layers only, for export: the custom
 * TrainableEmbedding (a training-speed device) becomes `tf.layers.embedding`, and dropout, which
 * does nothing at inference, is left out. Same layer names, same weights, same predictions;
 * any Keras or TensorFlow.js runtime loads the result without EtwLab's classes.
 */
import * as tf from '@tensorflow/tfjs';
import { embeddingColumns, type FeatureSpec } from '../ml/features';
import { idsInputName, indicatorInputName, type HiddenLayerSetting } from '../ml/model';

import type { ModelArtifactsData } from './modelJson';

export type { ModelArtifactsData };

function symbolic(value: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  if (value instanceof tf.SymbolicTensor) return value;
  throw new Error('Layer gave no single symbolic tensor.');
}

/**
 * The inference graph of buildModel with standard layers: same inputs in the same order, same
 * layer names (so weights copy by name), no dropout and no regularisers.
 */
export function buildPortableModel(spec: FeatureSpec, hiddenLayers: readonly HiddenLayerSetting[]): tf.LayersModel {
  const inputs: tf.SymbolicTensor[] = [];
  const parts: tf.SymbolicTensor[] = [];
  for (const column of embeddingColumns(spec)) {
    const ids = tf.input({ shape: [1], dtype: 'int32', name: idsInputName(column.column) });
    inputs.push(ids);
    const vectors = tf.layers
      .embedding({ name: `${column.column}_embedding`, inputDim: column.width, outputDim: column.embeddingDims, inputLength: 1 })
      .apply(ids);
    parts.push(symbolic(tf.layers.flatten({ name: `${column.column}_flatten` }).apply(vectors)));
  }
  if (spec.indicatorWidth > 0) {
    const indicators = tf.input({ shape: [spec.indicatorWidth], name: indicatorInputName });
    inputs.push(indicators);
    parts.push(indicators);
  }
  const [first] = parts;
  if (first === undefined) throw new Error('The feature specification has no active column.');
  let x = parts.length > 1 ? symbolic(tf.layers.concatenate({ name: 'features' }).apply(parts)) : first;
  hiddenLayers.forEach((hidden, position) => {
    x = symbolic(tf.layers.dense({ name: `hidden_${position + 1}`, units: hidden.units, activation: hidden.activation }).apply(x));
  });
  const output = symbolic(tf.layers.dense({ name: 'output', units: 1, activation: 'sigmoid' }).apply(x));
  return tf.model({ inputs, outputs: output, name: 'etwlab_classifier' });
}

/** A standard-layer copy of a trained model (the caller disposes it). */
export function toPortableModel(trained: tf.LayersModel, spec: FeatureSpec, hiddenLayers: readonly HiddenLayerSetting[]): tf.LayersModel {
  const portable = buildPortableModel(spec, hiddenLayers);
  try {
    for (const layer of portable.layers) {
      if (layer.weights.length === 0) continue;
      const source = trained.getLayer(layer.name);
      const weights = source.getWeights();
      const shapes = layer.weights.map((w) => w.shape.join('×')).join(', ');
      const sourceShapes = weights.map((w) => w.shape.join('×')).join(', ');
      if (shapes !== sourceShapes) throw new Error(`Layer ${layer.name} holds weights ${sourceShapes}, the export expects ${shapes}.`);
      layer.setWeights(weights);
    }
  } catch (error) {
    portable.dispose();
    throw error;
  }
  return portable;
}

function concatBuffers(buffers: readonly ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    out.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return out.buffer;
}

/** A model's topology, weight manifest and weight bytes, without writing anything anywhere. */
export async function modelArtifacts(model: tf.LayersModel): Promise<ModelArtifactsData> {
  const holder: { artifacts: tf.io.ModelArtifacts | null } = { artifacts: null };
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      holder.artifacts = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = holder.artifacts;
  if (artifacts === null) throw new Error('The model could not be saved.');
  const { modelTopology, weightSpecs, weightData } = artifacts;
  if (modelTopology === undefined || modelTopology instanceof ArrayBuffer || weightSpecs === undefined) throw new Error('The model saved no layers topology.');
  const weights = weightData === undefined ? new ArrayBuffer(0) : weightData instanceof ArrayBuffer ? weightData : concatBuffers(weightData);
  return { modelTopology, weightSpecs, weightData: weights };
}

/** Loads a model from artifacts (layers format). */
export function loadModel(artifacts: ModelArtifactsData): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: artifacts.weightData }));
}

/** Class names of a topology's layers (to prove an export uses standard layers only). */
export function layerClassNames(topology: object): string[] {
  const config: unknown = Object.getOwnPropertyDescriptor(topology, 'config')?.value;
  const layers: unknown = typeof config === 'object' && config !== null ? Object.getOwnPropertyDescriptor(config, 'layers')?.value : undefined;
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((layer: unknown) => {
    const name: unknown = typeof layer === 'object' && layer !== null ? Object.getOwnPropertyDescriptor(layer, 'class_name')?.value : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}
