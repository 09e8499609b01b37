/**
 * What differs between the two kinds of model, in one place, so a training session runs either
 * with the same steps: which rows it learns from, how it is built, what it minimises.
 */
import type * as tf from '@tensorflow/tfjs';
import { assertNever } from '../lib/assertNever';
import { anomalySplit, buildAnomalyModel } from './anomaly';
import type { FeatureSpec } from './features';
import { buildModel } from './model';
import { modelKindOf, type ModelKind, type ModelSettings } from './modelSettings';
import { classifierObjective, reconstructionObjective, type TrainObjective } from './objectives';
import type { ExampleTable, RowSplit } from './types';

/** The steps of a run that depend on the model kind. */
export interface ModelKindPlan {
  readonly kind: ModelKind;
  /** The rows the run trains, validates and tests on, from the split both kinds share. */
  readonly runSplit: (table: ExampleTable, split: RowSplit) => RowSplit;
  readonly build: (spec: FeatureSpec, settings: ModelSettings) => tf.LayersModel;
  readonly objective: TrainObjective;
}

/** The plan for the settings' model kind; absent means the classifier (settings saved before the anomaly model). */
export function modelKindPlan(settings: Pick<ModelSettings, 'kind'>): ModelKindPlan {
  const chosen = modelKindOf(settings);
  switch (chosen) {
    case 'classifier':
      return { kind: chosen, runSplit: (_table, split) => split, build: buildModel, objective: classifierObjective };
    case 'anomaly':
      return { kind: chosen, runSplit: anomalySplit, build: buildAnomalyModel, objective: reconstructionObjective };
    default:
      return assertNever(chosen, 'model kind');
  }
}
