import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EncodedRows } from './features';
import { encodedRange, takeEncodedRows, toInputTensors } from './inputs';
import { useCpuBackend } from '../test-support/tfjsTestBackend';

// Three rows, indicator width 2, two embedding columns.
const encoded: EncodedRows = {
  rowCount: 3,
  indicators: Float32Array.from([1, 0, 0, 1, 1, 1]),
  indicatorWidth: 2,
  embeddingIds: [Int32Array.from([5, 6, 7]), Int32Array.from([0, 1, 2])],
};

describe('takeEncodedRows', () => {
  it('copies the chosen rows in the given order', () => {
    const taken = takeEncodedRows(encoded, [2, 0, 2]);
    expect(taken.rowCount).toBe(3);
    expect(Array.from(taken.indicators)).toEqual([1, 1, 1, 0, 1, 1]);
    expect(taken.embeddingIds.map((ids) => Array.from(ids))).toEqual([
      [7, 5, 7],
      [2, 0, 2],
    ]);
  });
});

describe('encodedRange', () => {
  it('gives rows start to end as views of the same buffers', () => {
    const range = encodedRange(encoded, 1, 3);
    expect(range.rowCount).toBe(2);
    expect(Array.from(range.indicators)).toEqual([0, 1, 1, 1]);
    expect(range.embeddingIds.map((ids) => Array.from(ids))).toEqual([
      [6, 7],
      [1, 2],
    ]);
    expect(range.indicators.buffer).toBe(encoded.indicators.buffer);
  });
});

describe('toInputTensors', () => {
  beforeAll(useCpuBackend);

  it('makes one [n, 1] int32 tensor per embedding column, then the indicator matrix', () => {
    const tensors = toInputTensors(encoded);
    expect(tensors.map((tensor) => [tensor.shape, tensor.dtype])).toEqual([
      [[3, 1], 'int32'],
      [[3, 1], 'int32'],
      [[3, 2], 'float32'],
    ]);
    expect(Array.from(tensors[0]?.dataSync() ?? [])).toEqual([5, 6, 7]);
    tf.dispose(tensors);
    const withoutIndicators = toInputTensors({ ...encoded, indicatorWidth: 0, indicators: new Float32Array(0) });
    expect(withoutIndicators).toHaveLength(2);
    tf.dispose(withoutIndicators);
  });
});
