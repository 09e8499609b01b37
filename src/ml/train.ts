import * as tf from '@tensorflow/tfjs';
import { encode, type FeatureSpec } from './features';
import { takeEncodedRows } from './inputs';
import { createOptimizer, type ModelSettings } from './model';
import { imbalanceOf } from './modelSettings';
import { classifierObjective, epochOrder, rowWeights, type TrainObjective } from './objectives';
import { trainWithAutodiff } from './trainAutodiff';
import { EarlyStopping, evaluateEpoch, labelsOf } from './trainEpoch';
import { dropoutCallSeed } from './seededDropout';
import { batchTensors, FlatUpdater, gradientStep, networkParams, trainedVariables, type StepResult } from './trainStep';
import type { ExampleTable, RowSplit } from './types';
import type { EpochLog, StopReason } from './trainTypes';

export { stopReasons, type EpochLog, type StopReason } from './trainTypes';

/** Progress after one batch. */
export interface BatchProgress {
  readonly epoch: number;
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly loss: number;
}

export interface TrainCallbacks {
  readonly onBatchEnd?: (progress: BatchProgress) => void;
  readonly onEpochEnd?: (epoch: number, logs: EpochLog) => void;
  /** Awaited after every batch so the caller can let other messages in. */
  readonly yield?: () => Promise<void>;
}

export interface TrainRequest {
  readonly model: tf.LayersModel;
  readonly spec: FeatureSpec;
  readonly table: ExampleTable;
  readonly split: RowSplit;
  readonly settings: ModelSettings;
  readonly callbacks?: TrainCallbacks;
  /** Polled before every batch; true ends the run and keeps the weights learned so far. */
  readonly shouldStop?: () => boolean;
  /** What to minimise; default the classifier's cross-entropy (reconstructionObjective for the anomaly model). */
  readonly objective?: TrainObjective;
  /** Read each batch's loss while the next batch runs; by default on GPU backends only (see trainModel). */
  readonly readLossBehind?: boolean;
}

export interface TrainResult {
  readonly history: readonly EpochLog[];
  readonly stoppedBy: StopReason;
  readonly nanMessage?: string;
}

const epsilon = 1e-7;

/** Keras' binary cross-entropy on probabilities, each row scaled by its weight, averaged over rows. */
function meanWeightedCrossEntropy(scores: ArrayLike<number>, labels: Float32Array, weights: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = Math.min(1 - epsilon, Math.max(epsilon, scores[i] ?? Number.NaN));
    sum += (weights[i] ?? 1) * (labels[i] === 1 ? -Math.log(p) : -Math.log(1 - p));
  }
  return sum / scores.length;
}

/**
 * Trains the model with a hand-written batch loop: a seeded shuffle per epoch, one gradient step
 * per batch (./trainStep: plain tensor ops, hand-written backward pass), stop/NaN checks and a
 * yield after every batch, validation metrics after every epoch. A batch whose loss is NaN or
 * infinite is not applied, so the model keeps its last good weights.
 */
export async function trainModel(request: TrainRequest): Promise<TrainResult> {
  const { model, spec, table, split, settings } = request;
  const callbacks = request.callbacks ?? {};
  const shouldStop = request.shouldStop ?? (() => false);
  if (!(Number.isInteger(settings.batchSize) && settings.batchSize >= 1)) {
    throw new Error(`Batch size must be a whole number ≥ 1, not ${settings.batchSize}.`);
  }
  const trainEncoded = encode(table, split.train, spec);
  const trainLabels = labelsOf(table, split.train);
  const validationEncoded = encode(table, split.validation, spec);
  const validationLabels = labelsOf(table, split.validation);
  const objective = request.objective ?? classifierObjective;
  // The hand-written backward pass is the classifier's cross-entropy; other objectives (the
  // anomaly model's reconstruction error) take tfjs' automatic gradients.
  if (objective !== classifierObjective) return trainWithAutodiff(request, objective);
  const imbalance = imbalanceOf(settings);
  const trainWeights = rowWeights(trainLabels, imbalance);
  const batchesPerEpoch = Math.ceil(split.train.length / settings.batchSize);
  const params = networkParams(model, spec, settings);
  const updater = new FlatUpdater(createOptimizer(settings), trainedVariables(params));
  // A read from a GPU backend stalls its queue until the batch is done: there each batch's loss is
  // read while the next batch runs. On cpu and wasm the read is a copy, and reading at once keeps a
  // non-finite batch from ever being applied.
  const readBehind = request.readLossBehind ?? !syncReadBackends.has(tf.getBackend());
  let dropoutCalls = 0;
  let pending: PendingBatch | null = null;
  const history: EpochLog[] = [];
  const earlyStopping = new EarlyStopping(settings.earlyStoppingPatience);

  const finish = (stoppedBy: StopReason, nanMessage?: string): TrainResult => {
    updater.dispose();
    pending?.stats.dispose();
    pending = null;
    return nanMessage === undefined ? { history, stoppedBy } : { history, stoppedBy, nanMessage };
  };
  const nanAdvice = (loss: number, epoch: number, batch: number): string =>
    `The loss became ${loss} in epoch ${epoch + 1}, batch ${batch + 1}: the learning rate ${settings.learningRate} is probably too high — try ${settings.learningRate / 10}.`;

  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const order = epochOrder(trainLabels, imbalance, settings.seed, epoch);
      let lossSum = 0;
      let correctSum = 0;
      const record = (settled: SettledBatch): void => {
        lossSum += settled.loss * settled.rows;
        correctSum += settled.correct;
        callbacks.onBatchEnd?.({ epoch, batch: settled.batch, batchesPerEpoch, loss: settled.loss });
      };
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        if (shouldStop()) return finish('user');
        const positions = order.subarray(batch * settings.batchSize, (batch + 1) * settings.batchSize);
        const targets = Float32Array.from(positions, (position) => trainLabels[position] ?? 0);
        const weights = Float32Array.from(positions, (position) => trainWeights[position] ?? 1);
        const tensors = batchTensors(takeEncodedRows(trainEncoded, positions), targets, imbalance === 'class-weights' ? weights : null);
        const dropoutSeed = params.dropout === null ? null : dropoutCallSeed(params.dropout.seed, ++dropoutCalls);
        const step = gradientStep(params, tensors, dropoutSeed);
        tf.dispose([
          ...tensors.ids,
          tensors.labels,
          ...(tensors.indicators === null ? [] : [tensors.indicators]),
          ...(tensors.weights === null ? [] : [tensors.weights]),
        ]);
        const current: PendingBatch = { stats: step.stats, labels: targets, weights, batch };
        if (readBehind) {
          applyIfFinite(updater, step);
          const previous = pending;
          pending = current;
          if (previous !== null) {
            const settled = await settle(previous);
            if (!Number.isFinite(settled.loss)) return finish('nan', nanAdvice(settled.loss, epoch, settled.batch));
            record(settled);
          }
        } else {
          const settled = await settle(current);
          if (!Number.isFinite(settled.loss)) {
            tf.dispose(step.grads);
            return finish('nan', nanAdvice(settled.loss, epoch, batch));
          }
          updater.apply(step.grads);
          tf.dispose(step.grads);
          record(settled);
        }
        await callbacks.yield?.();
      }
      if (pending !== null) {
        const last = pending;
        pending = null;
        const settled = await settle(last);
        if (!Number.isFinite(settled.loss)) return finish('nan', nanAdvice(settled.loss, epoch, settled.batch));
        record(settled);
      }
      const log = evaluateEpoch(model, objective, epoch, lossSum / split.train.length, correctSum / split.train.length, validationEncoded, validationLabels);
      history.push(log);
      callbacks.onEpochEnd?.(epoch, log);
      if (earlyStopping.isDue(log)) return finish('early-stopping');
    }
    return finish('finished');
  } catch (error) {
    finish('user');
    throw error;
  }
}

/** Backends whose reads are synchronous copies, so a batch's loss is read before its update. */
const syncReadBackends: ReadonlySet<string> = new Set(['cpu', 'wasm']);

/** A batch whose update is done (or decided) and whose figures are not read yet. */
interface PendingBatch {
  readonly stats: tf.Tensor1D;
  readonly labels: Float32Array;
  /** Each row's loss weight (class weights; all 1 without them). */
  readonly weights: Float32Array;
  readonly batch: number;
}

interface SettledBatch {
  readonly batch: number;
  readonly rows: number;
  readonly loss: number;
  readonly correct: number;
}

/** Reads a batch's scores and penalty (disposing them) into its loss and number of correct rows. */
async function settle(pending: PendingBatch): Promise<SettledBatch> {
  const values = await pending.stats.data();
  pending.stats.dispose();
  const rows = pending.labels.length;
  const probabilities = values.subarray(0, rows);
  let correct = 0;
  probabilities.forEach((p, i) => {
    if (p >= 0.5 === (pending.labels[i] === 1)) correct++;
  });
  const loss = meanWeightedCrossEntropy(probabilities, pending.labels, pending.weights) + (values[rows] ?? 0);
  return { batch: pending.batch, rows, loss, correct };
}

/**
 * Applies a step's gradients unless its scores or penalty are not finite, decided on the device so
 * nothing is read back: a non-finite batch becomes a zero gradient, and the loop stops when it reads it.
 */
function applyIfFinite(updater: FlatUpdater, step: StepResult): void {
  const gated = tf.tidy(() => {
    const finite = tf.all(tf.isFinite(step.stats));
    const map: tf.NamedTensorMap = {};
    for (const [name, grad] of Object.entries(step.grads)) map[name] = tf.where(finite, grad, tf.zerosLike(grad));
    return map;
  });
  tf.dispose(step.grads);
  updater.apply(gated);
  tf.dispose(gated);
}
