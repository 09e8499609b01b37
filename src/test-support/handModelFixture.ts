import * as tf from '@tensorflow/tfjs';
import { fitFeatureSpec } from '../ml/features';
import { buildModel, defaultModelSettings } from '../ml/model';
import { numberedVocabulary, tableOf } from './tfjsTestBackend';

/**
 * A four-row table and a logistic model with hand-set weights, shared by the prediction and
 * explanation tests so both check scores against the same hand computation.
 */
// name a.exe and b.exe are equally common; ties go to the lower code, so the neutral name is a.exe.
export const table = tableOf({
  label: [0, 1, 0, 1],
  columns: {
    hour: { codes: [0, 1, 0, 1], vocabulary: numberedVocabulary(24) },
    name: { codes: [0, 0, 1, 1], vocabulary: ['a.exe', 'b.exe'] },
  },
});
const allRows = Uint32Array.from([0, 1, 2, 3]);
export const spec = fitFeatureSpec(table, allRows, [
  { column: 'hour', treatment: 'indicator', embeddingDims: 8 },
  { column: 'name', treatment: 'embedding', embeddingDims: 1 },
]);

/** Logistic regression with hand-set weights: z = 2·e[name] + w[hour slot] + 0.1. */
export function handModel(): tf.LayersModel {
  const model = buildModel(spec, { ...defaultModelSettings, hiddenLayers: [], dropout: 0 });
  model.setWeights([
    tf.tensor2d([[0], [0.5], [-1]]), // embeddings of (other), a.exe, b.exe
    tf.tensor2d([[2], [0], [1], [-1]]), // output kernel: embedding, hour (other), hour 0, hour 1
    tf.tensor1d([0.1]),
  ]);
  return model;
}
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
