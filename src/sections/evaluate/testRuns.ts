/** Hand-written run records and metrics for the Evaluate tests. */
import { defaultFeatureSettings } from '../../ml/features';
import type { ClassificationMetrics } from '../../ml/metrics';
import { defaultModelSettings } from '../../ml/modelSettings';
import type { EpochLog } from '../../ml/train';
import type { RunRecord } from '../../store/trainSlice';
import type { Evaluation, TrainConfig } from '../../worker/trainProtocol';
import { isEvaluated, type EvaluatedRun } from './evaluateView';

/** Metrics with the given headline numbers; confusion counts are irrelevant to the tables. */
export function metricsOf(values: {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  prAuc: number;
  count?: number;
}): ClassificationMetrics {
  const count = values.count ?? 100;
  return {
    count,
    positives: count / 2,
    negatives: count / 2,
    threshold: 0.5,
    confusion: { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 },
    accuracy: values.accuracy,
    precision: values.precision,
    recall: values.recall,
    f1: values.f1,
    rocAuc: values.rocAuc,
    prAuc: values.prAuc,
  };
}

export const defaultConfig: TrainConfig = {
  features: defaultFeatureSettings.map((setting) => ({ ...setting })),
  model: defaultModelSettings,
  split: 'random-stratified',
  maxVocabulary: 5000,
};

export function epochLog(epoch: number, valLoss: number): EpochLog {
  return { epoch, loss: valLoss, accuracy: 0.5, valLoss, valAccuracy: 0.5, precision: 0.5, recall: 0.5, auc: 0.5 };
}

export function evaluationOf(test: ClassificationMetrics, extra: Partial<Evaluation> = {}): Evaluation {
  return {
    test,
    roc: { x: [0, 1], y: [0, 1] },
    pr: { x: [0, 1], y: [1, 0.5] },
    testScores: new Float32Array(0),
    testLabels: new Uint8Array(0),
    baselines: [],
    leakage: [],
    ...extra,
  };
}

/** A run record; `evaluation` null means still running. */
export function runOf(id: number, config: TrainConfig, evaluation: Evaluation | null, epochs: EpochLog[], dataVersion = 1): RunRecord {
  return {
    id,
    label: `Run ${id}`,
    config,
    dataVersion,
    examples: 200,
    startedAt: 0,
    status: evaluation ? 'finished' : 'running',
    backend: 'cpu',
    epochs,
    progress: null,
    outcome: evaluation
      ? {
          runId: id,
          backend: 'cpu',
          history: epochs,
          stoppedBy: 'finished',
          nanMessage: null,
          summary: { layers: [], totalParams: 0 },
          inputWidth: 0,
          activeColumns: [],
          preview: { headers: [], rows: [] },
          splitCounts: { train: 0, validation: 0, test: 0, trainBad: 0, testBad: 0 },
          evaluation,
          examplesPerSecond: 0,
          seconds: 0,
        }
      : null,
    error: null,
    remedyOf: null,
  };
}

/** `run` narrowed to an evaluated run; throws when it has no evaluation. */
export function evaluated(run: RunRecord): EvaluatedRun {
  if (!isEvaluated(run)) throw new Error(`run ${run.id} has no evaluation`);
  return run;
}
