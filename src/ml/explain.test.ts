import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainRows } from './explain';
import { fitFeatureSpec } from './features';
import { buildModel, defaultModelSettings } from './model';
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

describe('explainRows', () => {
  beforeAll(useCpuBackend);

  it('reports the score change when each column is made neutral', () => {
    const model = handModel();
    const before = tf.memory().numTensors;
    // Row 3: hour 1, name b.exe → z = 2·(−1) − 1 + 0.1.
    // Without hour (all zeros): z = −2 + 0.1. With the neutral name a.exe: z = 2·0.5 − 1 + 0.1.
    // Row 0: hour 0, name a.exe → z = 1 + 1 + 0.1; the neutral name changes nothing.
    const explanation = explainRows(model, spec, table, Uint32Array.from([3, 0]), 1);
    expect(tf.memory().numTensors).toBe(before);
    const expectedScores = [sigmoid(-2.9), sigmoid(2.1)];
    explanation.scores.forEach((score, i) => expect(score).toBeCloseTo(expectedScores[i] ?? 0, 6));
    const [hour, name] = explanation.contributions;
    expect(hour?.column).toBe('hour');
    expect(hour?.delta[0]).toBeCloseTo(sigmoid(-2.9) - sigmoid(-1.9), 6);
    expect(hour?.delta[1]).toBeCloseTo(sigmoid(2.1) - sigmoid(1.1), 6);
    expect(name?.column).toBe('name');
    expect(name?.delta[0]).toBeCloseTo(sigmoid(-2.9) - sigmoid(0.1), 6);
    expect(name?.delta[1]).toBe(0);
    model.dispose();
  });
});
