import type { ExampleTable } from './types';
import { outOfVocabularyIndex, type FeatureSpec } from './features';
import { poolsUnseenValues, type ModelSettings } from './modelSettings';

/**
 * The spec with every value that no known-good training row has sent to the out-of-vocabulary
 * bucket, widths unchanged. With rare known bad, most attack tools occur once or twice: as their
 * own ids they teach the network nothing about the next unseen tool, which lands in a bucket it
 * never trained. Pooled, the training attacks teach the bucket what "never seen in known good"
 * means, the signal the rarity baseline lives on. Fitted on training rows only, like the vocabulary.
 */
export function poolValuesUnseenInKnownGood(spec: FeatureSpec, table: ExampleTable, trainRows: Uint32Array): FeatureSpec {
  const columns = spec.columns.map((column) => {
    const coded = table.columns[column.column];
    if (coded === undefined) return column;
    const seenInGood = new Uint8Array(column.remap.length);
    for (const row of trainRows) {
      const code = coded.codes[row] ?? -1;
      if (table.label[row] === 0 && code >= 0 && code < seenInGood.length) seenInGood[code] = 1;
    }
    const remap = column.remap.map((index, code) => (seenInGood[code] === 1 ? index : outOfVocabularyIndex));
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
