/**
 * A run's split and feature specification from its example table and settings: the one place
 * both the training worker (to train) and the data worker (to export the exact rows a run
 * trained and tested on) derive them, so the two cannot drift apart.
 */
import { fitFeatureSpec, type FeatureSpec } from '../ml/features';
import { specForSettings } from '../ml/knownGoodVocabulary';
// modelKindPlan imports ml/anomaly, which registers the anomaly model's layer before any model file loads.
import { modelKindPlan, type ModelKindPlan } from '../ml/modelKindPlan';
import type { TrainConfig } from '../ml/runTypes';
import { splitExamples } from '../ml/splits';
import type { ExampleTable, RowSplit } from '../ml/types';

/** How a run with these settings splits and encodes its examples. */
export interface RunExamples {
  /** The seeded split of every labelled row (baselines and leakage checks read it). */
  baseSplit: RowSplit;
  /** The rows this model kind learns from: the whole training part, or its known good only (anomaly). */
  split: RowSplit;
  /** Features fitted on `split.train`, with unseen values pooled when the settings say so. */
  spec: FeatureSpec;
  plan: ModelKindPlan;
}

/** The split of `table` and the features fitted on its training rows, as a run with `config` makes them. */
export function splitAndSpec(table: ExampleTable, config: TrainConfig): RunExamples {
  const settings = config.model;
  const plan = modelKindPlan(settings);
  const baseSplit = splitExamples(table, { kind: config.split, testShare: settings.testShare, validationShare: settings.validationShare, seed: settings.seed });
  const split = plan.runSplit(table, baseSplit);
  const fitted = fitFeatureSpec(table, split.train, config.features, { maxVocabulary: config.maxVocabulary });
  const spec = specForSettings(fitted, table, split.train, settings);
  return { baseSplit, split, spec, plan };
}
