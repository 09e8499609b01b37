import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostOptimizer } from './trainOptimizer';
import { useCpuBackend } from '../test-support/tfjsTestBackend';

describe('hostOptimizer', () => {
  beforeAll(useCpuBackend);

  it.each([
    ['rmsprop', () => tf.train.rmsprop(0.003)],
    ['adam', () => tf.train.adam(0.01)],
    ['sgd', () => tf.train.sgd(0.1)],
    ['adagrad', () => tf.train.adagrad(0.1)],
  ] as const)('gives the weights of tf.train.%s bit for bit, with the L2 term folded in', (_name, make) => {
    const before = tf.memory().numTensors;
    const start = [0.5, -0.25, 1, 2, 0.125, -3];
    const l2Factor = Math.fround(2 * 0.0001);
    const device = make();
    const variable = tf.tidy(() => tf.variable(tf.tensor1d(start)));
    const template = make();
    const onHost = hostOptimizer(template, start.length + 2);
    template.dispose();
    if (onHost === null) throw new Error('a host optimiser expected');
    // Offset 2 into a longer vector, as a piece of the flat parameters.
    const values = Float32Array.from([9, 9, ...start]);
    for (let step = 0; step < 4; step++) {
      const gradient = [0.1 * (step + 1), -0.3, 0.7, 1e-4, -2.5 / (step + 1), 0];
      tf.tidy(() => device.applyGradients({ [variable.name]: tf.add(tf.tensor1d(gradient), tf.mul(variable, l2Factor)) }));
      onHost.update(values, 2, Float32Array.from(gradient), l2Factor);
      onHost.endStep();
    }
    expect(Array.from(values.subarray(2))).toEqual(Array.from(variable.dataSync()));
    expect(Array.from(values.subarray(0, 2))).toEqual([9, 9]);
    variable.dispose();
    device.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('declines an optimiser it does not reproduce', () => {
    const momentum = tf.train.momentum(0.1, 0.9);
    expect(hostOptimizer(momentum, 4)).toBeNull();
    momentum.dispose();
  });
});
