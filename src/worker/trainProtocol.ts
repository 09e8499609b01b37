/**
 * Messages between the UI and the training worker, which owns tfjs, the backend and every
 * trained model. Same shape as the data protocol: requests answered by id, events without one.
 */
import type { FeatureSpec } from '../ml/features';
import type { ModelSummary } from '../ml/model';
import type { EpochLog } from '../ml/train';
import type { ExampleTable } from '../ml/types';
import type { BackendChoice, BackendName } from '../ml/backendNames';
import type { ScoreOutcome, TrainConfig, TrainOutcome } from '../ml/runTypes';

export type { CurvePoints, Evaluation, ModelExport, ScoreOutcome, SplitCounts, TrainConfig, TrainOutcome } from '../ml/runTypes';
import type { ModelArtifactsData } from '../formats/portableModel';
import type { BudgetRule, HostDayAlerts } from '../ml/alertBudget';
import type { RunBudget } from '../formats/runBudget';
export type { RunBudget } from '../formats/runBudget';
export type { HostDayAlerts } from '../ml/alertBudget';

/** Where the capture's alerts fall when a run scores it at its budget threshold. */
export interface BudgetScoring {
  threshold: number;
  /** `hostNames[code]` names the table's host codes. */
  hostNames: string[];
  /** Host-days start at local midnight in this zone (per event: daylight saving followed). */
  timeZone: string;
}

/** Name of the rarity baseline scored on an anomaly run's own test rows (held-out rows plus every training known bad). */
export const ANOMALY_RARITY_BASELINE_NAME = 'Rarity of name and folder on the anomaly test rows';

/** Request name → params and result. */
export type TrainRequestMap = {
  /** `candidates` limits the backends tried (the `?backend=` URL parameter), e.g. to force WebGL. */
  measureBackend: { params: { force: boolean; candidates?: BackendName[] }; result: BackendChoice };
  train: { params: { runId: number; table: ExampleTable; config: TrainConfig }; result: TrainOutcome };
  /**
   * `scores` holds every row's score (transferred), for the data worker to keep beside the frame;
   * with `budget`, the outcome also counts alerts per host per day at its threshold.
   */
  score: {
    params: { runId: number; table: ExampleTable; topK: number; budget?: BudgetScoring };
    result: { outcome: ScoreOutcome & { hostDayAlerts?: HostDayAlerts[] }; scores: Float32Array };
  };
  /** The model and the baselines at K alerts per host per day: threshold from validation, detection on test (runs trained in this session). */
  alertBudget: { params: { runId: number; alertsPerHostDay: number; rule: BudgetRule; timeZone: string }; result: RunBudget };
  disposeRun: { params: { runId: number }; result: { tensors: number } };
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
