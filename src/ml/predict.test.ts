import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreRows } from './predict';
import { useCpuBackend } from '../test-support/tfjsTestBackend';
import { handModel, sigmoid, spec, table } from '../test-support/handModelFixture';

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
