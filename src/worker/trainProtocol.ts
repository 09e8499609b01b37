/**
 * Messages between the UI and the training worker, which owns tfjs, the backend and every
 * trained model. Same shape as the data protocol: requests answered by id, events without one.
 */
import type { BaselineResult } from '../ml/baselines';
import type { FeatureSetting, FeatureSpec, FeaturePreview } from '../ml/features';
import type { LeakageFinding } from '../ml/leakage';
import type { ClassificationMetrics } from '../ml/metrics';
import type { ModelSettings, ModelSummary } from '../ml/model';
import type { SplitKind } from '../ml/splits';
import type { EpochLog, StopReason } from '../ml/train';
import type { ExampleTable, FeatureColumnId } from '../ml/types';
import type { BackendChoice, BackendName } from './backend';
import type { ModelArtifactsData } from '../notebook/portableModel';

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

/** Request name → params and result. */
export type TrainRequestMap = {
  /** `candidates` limits the backends tried (the `?backend=` URL parameter), e.g. to force WebGL. */
  measureBackend: { params: { force: boolean; candidates?: BackendName[] }; result: BackendChoice };
  train: { params: { runId: number; table: ExampleTable; config: TrainConfig }; result: TrainOutcome };
  score: { params: { runId: number; table: ExampleTable; topK: number }; result: ScoreOutcome };
  exportModel: { params: { runId: number }; result: ModelExport };
  disposeRun: { params: { runId: number }; result: { tensors: number } };
  memory: { params: Record<string, never>; result: { tensors: number; bytes: number; backend: string } };
  /** Autosave: writes a run's model, spec and settings to IndexedDB from the worker. */
  saveRun: { params: { runId: number }; result: { bytes: number } };
  /** Loads saved models back (after a reload); answers the ids it found. */
  restoreRuns: { params: { runIds: number[] }; result: { restored: number[] } };
  /** The model rebuilt from standard Keras layers, for export; weights are transferred. */
  exportPortableModel: { params: { runId: number }; result: { artifacts: ModelArtifactsData; spec: FeatureSpec; config: TrainConfig } };
  /** Registers an exported model under a new run id, so it can score captures. */
  importModel: {
    params: { runId: number; artifacts: ModelArtifactsData; spec: FeatureSpec; config: TrainConfig };
    result: { summary: ModelSummary; inputWidth: number; backend: BackendName };
  };
};

export type TrainRequestType = keyof TrainRequestMap;

export interface TrainRequestOf<K extends TrainRequestType> {
  kind: 'request';
  id: number;
  type: K;
  params: TrainRequestMap[K]['params'];
}

export type TrainRequest = { [K in TrainRequestType]: TrainRequestOf<K> }[TrainRequestType];

/** Progress within an epoch (throttled). */
export interface TrainBatchEvent {
  kind: 'event';
  type: 'batch';
  runId: number;
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  examplesPerSecond: number;
  elapsedSeconds: number;
}

export interface TrainEpochEvent {
  kind: 'event';
  type: 'epoch';
  runId: number;
  log: EpochLog;
  epochs: number;
  examplesPerSecond: number;
  elapsedSeconds: number;
  tensors: number;
}

export interface TrainPhaseEvent {
  kind: 'event';
  type: 'phase';
  runId: number;
  phase: 'measuring backend' | 'preparing' | 'training' | 'evaluating' | 'scoring';
  backend: string;
}

export type TrainEvent = TrainBatchEvent | TrainEpochEvent | TrainPhaseEvent;

/** Cancels a request; for a training run, stops it and keeps the weights learned so far. */
export interface TrainCancel {
  kind: 'cancel';
  id: number;
}

export type ToTrainWorker = TrainRequest | TrainCancel;
