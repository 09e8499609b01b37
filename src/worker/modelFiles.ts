/** A model's tfjs artifacts in memory, and the check that a loaded model fits its feature specification. */
import * as tf from '@tensorflow/tfjs';
import { embeddingColumns, type FeatureSpec } from '../ml/features';
import { idsInputName, indicatorInputName } from '../ml/model';
import type { ModelExport } from './trainProtocol';

/** The model's topology and weights as tfjs saves them, with the weights in one buffer. */
export async function tfjsArtifacts(model: tf.LayersModel): Promise<Omit<ModelExport, 'spec' | 'config'>> {
  const holder: { artifacts: tf.io.ModelArtifacts | null } = { artifacts: null };
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      holder.artifacts = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const saved = holder.artifacts;
  if (!saved) throw new Error('The model could not be saved.');
  const { modelTopology, weightSpecs, weightData } = saved;
  const weights = weightData instanceof ArrayBuffer ? weightData : Array.isArray(weightData) ? concat(weightData) : new ArrayBuffer(0);
  return { modelTopology, weightSpecs, weightData: weights };
}

/** Throws (after disposing the model) when its inputs and output are not the ones the spec feeds and expects. */
export function checkModelFitsSpec(model: tf.LayersModel, spec: FeatureSpec): void {
  const expected = [
    ...embeddingColumns(spec).map((c) => `${idsInputName(c.column)}[1]`),
    ...(spec.indicatorWidth > 0 ? [`${indicatorInputName}[${spec.indicatorWidth}]`] : []),
  ];
  // inputNames are the input layers' names; tensor names get a per-session suffix.
  const actual = model.inputs.map((input, i) => `${model.inputNames[i] ?? input.name}[${input.shape.slice(1).join(',')}]`);
  const output = model.outputs.map((o) => o.shape.slice(1).join(','));
  if (actual.join(' ') !== expected.join(' ') || output.join(' ') !== '1') {
    model.dispose();
    throw new Error(
      `The model does not fit its feature specification: it takes ${actual.join(', ')} and gives [${output.join('; ')}], the specification feeds ${expected.join(', ')} and expects [1].`,
    );
  }
}

function concat(buffers: ArrayBuffer[]): ArrayBuffer {
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const buffer of buffers) {
    out.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return out.buffer;
}
