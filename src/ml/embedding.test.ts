import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddingLookup, type EmbeddingGradient } from './embedding';
import { useCpuBackend, useWasmBackend } from '../test-support/tfjsTestBackend';

// Table of 4 rows × 2 dims; ids repeat row 2 so the gradient must add two upstream rows.
const tableValues = [
  [0, 1],
  [2, 3],
  [4, 5],
  [6, 7],
];
const idValues = [2, 0, 2];
const upstream = [
  [1, 10],
  [100, 1000],
  [2, 20],
];
// d/dtable of sum(lookup ⊙ upstream): row 0 gets upstream row 1, row 2 gets rows 0 + 2, others 0.
const expectedGradient = [
  [100, 1000],
  [0, 0],
  [3, 30],
  [0, 0],
];

function matrixOf(tensor: tf.Tensor): number[][] {
  const [rowCount = 0, columnCount = 0] = tensor.shape;
  const values = Array.from(tensor.dataSync());
  return Array.from({ length: rowCount }, (_, row) => values.slice(row * columnCount, (row + 1) * columnCount));
}

function lookupAndGradient(gradient: EmbeddingGradient): { rows: number[][]; grad: number[][] } {
  const table = tf.tensor2d(tableValues);
  const ids = tf.tensor1d(idValues, 'int32');
  const weights = tf.tensor2d(upstream);
  const rows = tf.tidy(() => embeddingLookup(table, ids, gradient));
  const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t, ids, gradient), weights)))(table);
  const result = { rows: matrixOf(rows), grad: matrixOf(grad) };
  tf.dispose([table, ids, weights, rows, grad]);
  return result;
}

const strategies: EmbeddingGradient[] = ['auto', 'scatter', 'host'];

describe('embeddingLookup', () => {
  afterAll(useCpuBackend);

  it.each(strategies)('gathers rows and sums repeated gradients on cpu (%s)', async (gradient) => {
    await useCpuBackend();
    const before = tf.memory().numTensors;
    const { rows, grad } = lookupAndGradient(gradient);
    expect(rows).toEqual([tableValues[2], tableValues[0], tableValues[2]]);
    expect(grad).toEqual(expectedGradient);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.for(strategies)('gathers rows and sums repeated gradients on wasm (%s)', async (gradient, context) => {
    if (!(await useWasmBackend())) {
      context.skip('the wasm backend could not start in this Node');
      return;
    }
    const before = tf.memory().numTensors;
    const { rows, grad } = lookupAndGradient(gradient);
    expect(rows).toEqual([tableValues[2], tableValues[0], tableValues[2]]);
    expect(grad).toEqual(expectedGradient);
    expect(tf.memory().numTensors).toBe(before);
  });
});
