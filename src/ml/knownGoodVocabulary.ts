import type { ExampleTable } from './types';
import { outOfVocabularyIndex, type FeatureSpec } from './features';
import { pooledBelowKnownGoodCount, poolsUnseenValues, type ModelSettings } from './modelSettings';

/**
 * The spec with every value that fewer than `minGoodCount` known-good training rows have sent to
 * the out-of-vocabulary bucket, widths unchanged. With rare known bad, most attack tools occur
 * once or twice: as their own ids they teach the network nothing about the next unseen tool,
 * which lands in a bucket it never trained. Pooled, the training attacks teach the bucket what
 * "never seen in known good" means, the signal the rarity baseline lives on. Values seen once in
 * known good join them, so the bucket also holds known good, as held-out known good with rare
 * values will: with only never-seen values pooled, the bucket was known bad in every training row,
 * and the network leant on it instead of the other columns (the clock-leak demo's test ROC AUC
 * fell from 0.997 to 0.958). Without known bad in the training rows (the anomaly model) the spec
 * is returned as it is: there every value is seen in known good, and the autoencoder scored
 * better with once-seen values kept (OTRF sample against the demo: test ROC AUC 0.81 kept, 0.76 pooled).
 * Fitted on training rows only, like the vocabulary.
 */
export function poolValuesUnseenInKnownGood(
  spec: FeatureSpec,
  table: ExampleTable,
  trainRows: Uint32Array,
  minGoodCount: number = pooledBelowKnownGoodCount,
): FeatureSpec {
  if (!trainRows.some((row) => table.label[row] === 1)) return spec;
  const columns = spec.columns.map((column) => {
    const coded = table.columns[column.column];
    if (coded === undefined) return column;
    const goodCounts = new Uint32Array(column.remap.length);
    for (const row of trainRows) {
      const code = coded.codes[row] ?? -1;
      if (table.label[row] === 0 && code >= 0 && code < goodCounts.length) goodCounts[code] = (goodCounts[code] ?? 0) + 1;
    }
    const remap = column.remap.map((index, code) => ((goodCounts[code] ?? 0) >= minGoodCount ? index : outOfVocabularyIndex));
    return { ...column, remap };
  });
  return { ...spec, columns };
}

/** The spec a run trains with: pooled unless the settings switch pooling off (poolUnseenValues: false). */
export function specForSettings(
  spec: FeatureSpec,
  table: ExampleTable,
  trainRows: Uint32Array,
  settings: Pick<ModelSettings, 'poolUnseenValues'>,
): FeatureSpec {
  return poolsUnseenValues(settings) ? poolValuesUnseenInKnownGood(spec, table, trainRows) : spec;
}
