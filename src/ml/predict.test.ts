import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitFeatureSpec } from './features';
import { buildModel, defaultModelSettings } from './model';
import { scoreRows } from './predict';
import { numberedVocabulary, tableOf, useCpuBackend } from './testSupport';

// name a.exe and b.exe are equally common; ties go to the lower code, so the neutral name is a.exe.
const table = tableOf({
  label: [0, 1, 0, 1],
  columns: {
    hour: { codes: [0, 1, 0, 1], vocabulary: numberedVocabulary(24) },
    name: { codes: [0, 0, 1, 1], vocabulary: ['a.exe', 'b.exe'] },
  },
});
const allRows = Uint32Array.from([0, 1, 2, 3]);
const spec = fitFeatureSpec(table, allRows, [
  { column: 'hour', treatment: 'indicator', embeddingDims: 8 },
  { column: 'name', treatment: 'embedding', embeddingDims: 1 },
]);

/** Logistic regression with hand-set weights: z = 2·e[name] + w[hour slot] + 0.1. */
function handModel(): tf.LayersModel {
  const model = buildModel(spec, { ...defaultModelSettings, hiddenLayers: [], dropout: 0 });
  model.setWeights([
    tf.tensor2d([[0], [0.5], [-1]]), // embeddings of (other), a.exe, b.exe
    tf.tensor2d([[2], [0], [1], [-1]]), // output kernel: embedding, hour (other), hour 0, hour 1
    tf.tensor1d([0.1]),
  ]);
  return model;
}
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('scoreRows', () => {
  beforeAll(useCpuBackend);

  it('gives the same scores in any batch size and frees its tensors', () => {
    const model = handModel();
    const before = tf.memory().numTensors;
    const rows = Uint32Array.from([3, 2, 1, 0]);
    const whole = scoreRows(model, spec, table, rows, 1024);
    expect(Array.from(scoreRows(model, spec, table, rows, 3))).toEqual(Array.from(whole));
    expect(tf.memory().numTensors).toBe(before);
    // Rows 3, 2, 1, 0: (hour 1, b), (hour 0, b), (hour 1, a), (hour 0, a).
    const expected = [-2.9, -0.9, 0.1, 2.1].map(sigmoid);
    whole.forEach((score, i) => expect(score).toBeCloseTo(expected[i] ?? 0, 6));
    expect(scoreRows(model, spec, table, new Uint32Array(0))).toEqual(new Float32Array(0));
    model.dispose();
  });
});
