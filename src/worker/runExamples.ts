/**
 * A run's split and feature specification from its example table and settings: the one place
 * both the training worker (to train) and the data worker (to export the exact rows a run
 * trained and tested on) derive them, so the two cannot drift apart.
 */
import { fitFeatureSpec, type FeatureSpec } from '../ml/features';
import type { TrainConfig } from '../ml/runTypes';
import { splitExamples } from '../ml/splits';
import type { ExampleTable, RowSplit } from '../ml/types';

/** The seeded split of `table` and the features fitted on its training rows, as a run with `config` makes them. */
export function splitAndSpec(table: ExampleTable, config: TrainConfig): { split: RowSplit; spec: FeatureSpec } {
  const settings = config.model;
  const split = splitExamples(table, { kind: config.split, testShare: settings.testShare, validationShare: settings.validationShare, seed: settings.seed });
  const spec = fitFeatureSpec(table, split.train, config.features, { maxVocabulary: config.maxVocabulary });
  return { split, spec };
}
