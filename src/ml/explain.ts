import type * as tf from '@tensorflow/tfjs';
import { encode, type EncodedRows, type FeatureSpec } from './features';
import { defaultScoreBatchSize, scoreEncoded } from './predict';
import type { ExampleTable, FeatureColumnId } from './types';

/** How much one column moved each explained row's score. */
export interface ColumnContribution {
  readonly column: FeatureColumnId;
  /** score − score with the column made neutral; positive = the column pushed towards known bad. */
  readonly delta: Float32Array;
}

/** Occlusion explanation of a set of rows. */
export interface Explanation {
  readonly rows: Uint32Array;
  readonly scores: Float32Array;
  /** One entry per active column, in model order. */
  readonly contributions: readonly ColumnContribution[];
}

/** A copy of encoded rows with one column set to its neutral value. */
function neutralised(encoded: EncodedRows, spec: FeatureSpec, column: FeatureColumnId): EncodedRows {
  const columnSpec = spec.columns.find((candidate) => candidate.column === column);
  if (columnSpec === undefined) return encoded;
  if (columnSpec.treatment === 'indicator') {
    const indicators = encoded.indicators.slice();
    for (let i = 0; i < encoded.rowCount; i++) {
      const start = i * encoded.indicatorWidth + columnSpec.offset;
      indicators.fill(0, start, start + columnSpec.width);
    }
    return { ...encoded, indicators };
  }
  let position = 0;
  const embeddingIds = [...encoded.embeddingIds];
  for (const candidate of spec.columns) {
    if (candidate.treatment !== 'embedding') continue;
    if (candidate.column === column) embeddingIds[position] = new Int32Array(encoded.rowCount).fill(columnSpec.mostCommonIndex);
    position++;
  }
  return { ...encoded, embeddingIds };
}

/**
 * Occlusion per row: for each active column, the score change when that column is replaced by a
 * neutral value — all zeros for a one-hot block, the most common training value for an embedding.
 * Costs one prediction per column plus one, `batchSize` rows at a time.
 */
export function explainRows(model: tf.LayersModel, spec: FeatureSpec, table: ExampleTable, rows: Uint32Array, batchSize = defaultScoreBatchSize): Explanation {
  const scores = new Float32Array(rows.length);
  const contributions = spec.columns.map((column) => ({ column: column.column, delta: new Float32Array(rows.length) }));
  for (let start = 0; start < rows.length; start += batchSize) {
    const encoded = encode(table, rows.subarray(start, Math.min(rows.length, start + batchSize)), spec);
    const base = scoreEncoded(model, encoded);
    scores.set(base, start);
    for (const contribution of contributions) {
      const occluded = scoreEncoded(model, neutralised(encoded, spec, contribution.column));
      base.forEach((score, i) => {
        contribution.delta[start + i] = score - (occluded[i] ?? score);
      });
    }
  }
  return { rows, scores, contributions };
}
