/**
 * What a training run is configured with and what it gives back: plain data shared by the training
 * worker's protocol, the run history and the notebook and model files.
 */
import type { BaselineResult } from './baselines';
import type { BackendName } from './backendNames';
import type { FeaturePreview, FeatureSetting, FeatureSpec } from './features';
import type { LeakageFinding } from './leakage';
import type { LeakageCause } from './leakageCauses';
import type { ChosenThreshold } from './threshold';
import type { ClassificationMetrics } from './metrics';
import type { ModelSettings, ModelSummary } from './modelSettings';
import type { SplitKind } from './splits';
import type { EpochLog, StopReason } from './trainTypes';
import type { FeatureColumnId } from './types';

/** Everything that defines a training run; serialisable, so a run can be repeated from it. */
export interface TrainConfig {
  features: FeatureSetting[];
  model: ModelSettings;
  split: SplitKind;
  maxVocabulary: number;
}

/** Points of a curve, thinned for drawing. */
export interface CurvePoints {
  x: number[];
  y: number[];
}

/** Held-out evaluation of a trained model. */
export interface Evaluation {
  test: ClassificationMetrics;
  roc: CurvePoints;
  pr: CurvePoints;
  /** Scores and labels of the test rows, for the threshold slider. */
  testScores: Float32Array;
  testLabels: Uint8Array;
  baselines: BaselineResult[];
  leakage: LeakageFinding[];
  /** The leakage findings grouped into one alarm per cause (leakageCauses); absent in runs made before. */
  causes?: LeakageCause[];
  /** The alert threshold chosen on the validation split (chooseThreshold); absent means 0.5. */
  threshold?: ChosenThreshold;
}

export interface SplitCounts {
  train: number;
  validation: number;
  test: number;
  trainBad: number;
  testBad: number;
}

/** What a finished (or stopped) run returns. */
export interface TrainOutcome {
  runId: number;
  backend: BackendName;
  history: EpochLog[];
  stoppedBy: StopReason;
  nanMessage: string | null;
  summary: ModelSummary;
  inputWidth: number;
  activeColumns: FeatureColumnId[];
  preview: FeaturePreview;
  splitCounts: SplitCounts;
  evaluation: Evaluation | null;
  examplesPerSecond: number;
  seconds: number;
  /** Set when the backend failed mid-run (WebGL context lost): what happened and what runs next. */
  backendLost?: string;
}

/** The capture scored by a run: the most suspicious rows and why. */
export interface ScoreOutcome {
  runId: number;
  scored: number;
  ranked: { index: number; score: number; contributions: { column: FeatureColumnId; delta: number }[] }[];
  /** Per UTC day, counts of scores in 100 equal bins of [0, 1], for alerts/day at any threshold. */
  days: { dayStartMs: number; bins: number[] }[];
}

/** Trained model and the feature specification needed to score new events. */
export interface ModelExport {
  modelTopology: unknown;
  weightSpecs: unknown;
  weightData: ArrayBuffer;
  spec: FeatureSpec;
  config: TrainConfig;
}
