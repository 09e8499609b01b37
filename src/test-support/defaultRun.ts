/**
 * A classifier run as the app makes it with the default features, for the src/ml tests: the
 * seeded stratified split, the feature spec fitted (and pooled) on its training rows, a model
 * built and trained. Production code must not import this file.
 */
import type * as tf from '@tensorflow/tfjs';
import { defaultFeatureSettings, fitFeatureSpec, type FeatureSpec } from '../ml/features';
import { specForSettings } from '../ml/knownGoodVocabulary';
import { buildModel } from '../ml/model';
import type { ModelSettings } from '../ml/modelSettings';
import { splitExamples } from '../ml/splits';
import { trainModel } from '../ml/train';
import type { ExampleTable, RowSplit } from '../ml/types';

/** A trained run; the caller disposes `model`. */
export interface TrainedRun {
  readonly model: tf.LayersModel;
  readonly spec: FeatureSpec;
  readonly split: RowSplit;
}

/** Splits `table`, fits the default features and trains a classifier with `settings`. */
export async function trainDefaultRun(table: ExampleTable, settings: ModelSettings): Promise<TrainedRun> {
  const split = splitExamples(table, {
    kind: 'random-stratified',
    testShare: settings.testShare,
    validationShare: settings.validationShare,
    seed: settings.seed,
  });
  const spec = specForSettings(fitFeatureSpec(table, split.train, defaultFeatureSettings), table, split.train, settings);
  const model = buildModel(spec, settings);
  await trainModel({ model, spec, table, split, settings });
  return { model, spec, split };
}
