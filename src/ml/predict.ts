import * as tf from '@tensorflow/tfjs';
import { encode, type EncodedRows, type FeatureSpec } from './features';
import { encodedRange, toInputTensors } from './inputs';
import type { ExampleTable } from './types';

export const defaultScoreBatchSize = 1024;

/** P(known bad) for every encoded row, predicted in one pass with dropout off. */
export function scoreEncoded(model: tf.LayersModel, encoded: EncodedRows): Float32Array {
  const probabilities = tf.tidy(() => {
    const output = model.apply(toInputTensors(encoded), { training: false });
    if (!(output instanceof tf.Tensor)) throw new Error('The model must have exactly one output.');
    return output;
  });
  const scores = Float32Array.from(probabilities.dataSync());
  probabilities.dispose();
  return scores;
}

/** P(known bad) for the given rows of a table, encoded and predicted `batchSize` rows at a time. */
export function scoreRows(model: tf.LayersModel, spec: FeatureSpec, table: ExampleTable, rows: Uint32Array, batchSize = defaultScoreBatchSize): Float32Array {
  const scores = new Float32Array(rows.length);
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.subarray(start, Math.min(rows.length, start + batchSize));
    scores.set(scoreEncoded(model, encode(table, batch, spec)), start);
  }
  return scores;
}

/** Scores of already encoded rows, `batchSize` at a time. */
export function scoreEncodedInBatches(model: tf.LayersModel, encoded: EncodedRows, batchSize = defaultScoreBatchSize): Float32Array {
  const scores = new Float32Array(encoded.rowCount);
  for (let start = 0; start < encoded.rowCount; start += batchSize) {
    // Views of the rows, not copies: the upload copies them anyway.
    scores.set(scoreEncoded(model, encodedRange(encoded, start, Math.min(encoded.rowCount, start + batchSize))), start);
  }
  return scores;
}
