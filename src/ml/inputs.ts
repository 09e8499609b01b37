import * as tf from '@tensorflow/tfjs';
import type { EncodedRows } from './features';

/**
 * The model's input tensors for encoded rows, in buildModel's input order: one [n, 1] int32 id
 * tensor per embedding column, then the [n, indicatorWidth] indicator matrix when it has columns.
 * The caller disposes them (or creates them inside tf.tidy).
 */
export function toInputTensors(encoded: EncodedRows): tf.Tensor[] {
  const n = encoded.rowCount;
  const tensors: tf.Tensor[] = encoded.embeddingIds.map((ids) => tf.tensor2d(ids, [n, 1], 'int32'));
  if (encoded.indicatorWidth > 0) tensors.push(tf.tensor2d(encoded.indicators, [n, encoded.indicatorWidth]));
  return tensors;
}

/** Rows `positions` of already encoded rows, copied in that order (used to cut shuffled batches). */
export function takeEncodedRows(encoded: EncodedRows, positions: ArrayLike<number>): EncodedRows {
  const n = positions.length;
  const width = encoded.indicatorWidth;
  const indicators = new Float32Array(n * width);
  const source = encoded.indicators;
  // A plain copy loop: a subarray view per row cost more than the ~30 floats it copies.
  for (let i = 0, to = 0; i < n; i++) {
    const from = (positions[i] ?? 0) * width;
    for (let k = 0; k < width; k++, to++) indicators[to] = source[from + k] ?? 0;
  }
  // One pass per column: this runs once per training batch.
  const embeddingIds = encoded.embeddingIds.map((ids) => {
    const taken = new Int32Array(n);
    for (let i = 0; i < n; i++) taken[i] = ids[positions[i] ?? 0] ?? 0;
    return taken;
  });
  return { rowCount: n, indicators, indicatorWidth: width, embeddingIds };
}

/** Rows `start` to `end` of encoded rows as views (no copy): a batch of an epoch already in order. */
export function encodedRange(encoded: EncodedRows, start: number, end: number): EncodedRows {
  const width = encoded.indicatorWidth;
  return {
    rowCount: end - start,
    indicators: encoded.indicators.subarray(start * width, end * width),
    indicatorWidth: width,
    embeddingIds: encoded.embeddingIds.map((ids) => ids.subarray(start, end)),
  };
}
