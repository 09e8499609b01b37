import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainRows } from './explain';
import { useCpuBackend } from '../test-support/tfjsTestBackend';
import { handModel, sigmoid, spec, table } from '../test-support/handModelFixture';

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
