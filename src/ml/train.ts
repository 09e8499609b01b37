import * as tf from '@tensorflow/tfjs';
import { encode, type EncodedRows, type FeatureSpec } from './features';
import { createOptimizer, type ModelSettings } from './model';
import { imbalanceOf } from './modelSettings';
import { classifierObjective, epochOrder, rowWeights, type TrainObjective } from './objectives';
import { autodiffStepper } from './trainAutodiff';
import { EarlyStopping, evaluateEpoch, labelsOf, VALIDATION_BATCH, type ValidationScorer } from './trainEpoch';
import { dropoutCallSeed } from './seededDropout';
import { disposeBatch, FlatParameters, networkParams } from './trainStep';
import type { ExampleTable, RowSplit } from './types';
import type { EpochLog, StopReason } from './trainTypes';

export { stopReasons, type EpochLog, type StopReason } from './trainTypes';

/** Progress after one batch. */
export interface BatchProgress {
  readonly epoch: number;
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly loss: number;
  /** Rows in this batch (the last batch of an epoch may hold fewer than the batch size). */
  readonly rows: number;
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

/**
 * One batch: the training rows and the positions of this batch's rows among them, in the epoch's
 * order; labels and weights already in that order. The stepper takes the rows it needs: no copy of
 * the whole epoch (on wasm and cpu the step writes its input matrix straight from the positions).
 */
export interface EpochBatch {
  readonly index: number;
  /** Every training row, encoded once per run. */
  readonly encoded: EncodedRows;
  /** Positions in `encoded` of the batch's rows, in order. */
  readonly positions: Uint32Array;
  readonly labels: Float32Array;
  /** Each row's loss weight (class weights; all 1 without them). */
  readonly weights: Float32Array;
}

/** A batch's loss (mean over its rows, L2 included) and its number of correctly classified rows. */
export interface BatchFigures {
  readonly loss: number;
  readonly correct: number;
}

/** A batch that ran and whose figures are not read yet. */
export interface PendingBatch {
  readonly index: number;
  readonly rows: number;
  /**
   * Reads the figures and frees the batch's tensors. A stepper that reads at once applies the
   * batch's update here, and only when its loss is finite.
   */
  settle(): Promise<BatchFigures>;
  /** Frees the batch's tensors unread (the run ended first). */
  discard(): void;
}

/** How one batch is trained; the loop around it (epochs, stop, NaN, validation) is the same for every objective. */
export interface BatchStepper extends ValidationScorer {
  /**
   * Read each batch's figures while the next batch runs: a GPU read stalls its queue until the
   * batch is done, so the update is applied at once, gated on the device (a non-finite batch
   * becomes a zero gradient and the loop stops when it reads it).
   */
  readonly readsBehind: boolean;
  run(batch: EpochBatch): PendingBatch;
  /** Brings the model's variables up to date (when the run ends). */
  syncModel(): void;
  dispose(): void;
}

/**
 * Trains the model with a hand-written batch loop: a seeded shuffle per epoch, one step per batch,
 * stop/NaN checks and a yield after every batch, validation metrics after every epoch. A batch
 * whose loss is NaN or infinite is not applied, so the model keeps its last good weights. The
 * classifier's step is ./trainStep (plain tensor ops, hand-written backward pass); other objectives
 * (the anomaly model's reconstruction error) take tfjs' automatic gradients (./trainAutodiff).
 */
export async function trainModel(request: TrainRequest): Promise<TrainResult> {
  const { model, spec, settings } = request;
  if (!(Number.isInteger(settings.batchSize) && settings.batchSize >= 1)) {
    throw new Error(`Batch size must be a whole number ≥ 1, not ${settings.batchSize}.`);
  }
  const objective = request.objective ?? classifierObjective;
  if (objective !== classifierObjective) return runBatches(request, objective, autodiffStepper(model, settings, objective));
  // On cpu and wasm a read is a copy: reading at once keeps a non-finite batch from ever being applied.
  const readsBehind = request.readLossBehind ?? !syncReadBackends.has(tf.getBackend());
  return runBatches(request, objective, classifierStepper(model, spec, settings, readsBehind));
}

/** The epochs around a stepper: shuffles, batches, stop and NaN checks, validation, early stopping. */
async function runBatches(request: TrainRequest, objective: TrainObjective, stepper: BatchStepper): Promise<TrainResult> {
  const { table, split, settings, spec } = request;
  const callbacks = request.callbacks ?? {};
  const shouldStop = request.shouldStop ?? (() => false);
  const history: EpochLog[] = [];
  const earlyStopping = new EarlyStopping(settings.earlyStoppingPatience);
  let pending: PendingBatch | null = null;
  const finish = (stoppedBy: StopReason, nanMessage?: string): TrainResult => {
    pending?.discard();
    pending = null;
    stepper.syncModel();
    stepper.dispose();
    return nanMessage === undefined ? { history, stoppedBy } : { history, stoppedBy, nanMessage };
  };
  const nanAdvice = (loss: number, epoch: number, batch: number): string =>
    `The loss became ${loss} in epoch ${epoch + 1}, batch ${batch + 1}: the learning rate ${settings.learningRate} is probably too high — try ${settings.learningRate / 10}.`;

  try {
    const trainEncoded = encode(table, split.train, spec);
    const trainLabels = labelsOf(table, split.train);
    const validationEncoded = encode(table, split.validation, spec);
    const validationLabels = labelsOf(table, split.validation);
    const imbalance = imbalanceOf(settings);
    const trainWeights = rowWeights(trainLabels, imbalance);
    const batchesPerEpoch = Math.ceil(split.train.length / settings.batchSize);
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      // The epoch's order; each batch is a range of it, its rows taken by the stepper.
      const order = epochOrder(trainLabels, imbalance, settings.seed, epoch);
      const epochLabels = Float32Array.from(order, (position) => trainLabels[position] ?? 0);
      const epochWeights = Float32Array.from(order, (position) => trainWeights[position] ?? 1);
      let lossSum = 0;
      let correctSum = 0;
      /** Reads a batch; false when its loss is not finite. */
      const settle = async (batch: PendingBatch): Promise<number | null> => {
        const figures = await batch.settle();
        if (!Number.isFinite(figures.loss)) return figures.loss;
        lossSum += figures.loss * batch.rows;
        correctSum += figures.correct;
        callbacks.onBatchEnd?.({ epoch, batch: batch.index, batchesPerEpoch, loss: figures.loss, rows: batch.rows });
        return null;
      };
      for (let index = 0; index < batchesPerEpoch; index++) {
        if (shouldStop()) return finish('user');
        const start = index * settings.batchSize;
        const end = Math.min(order.length, start + settings.batchSize);
        const current = stepper.run({
          index,
          encoded: trainEncoded,
          positions: order.subarray(start, end),
          labels: epochLabels.subarray(start, end),
          weights: epochWeights.subarray(start, end),
        });
        const toRead: PendingBatch | null = stepper.readsBehind ? pending : current;
        pending = stepper.readsBehind ? current : null;
        if (toRead !== null) {
          const badLoss = await settle(toRead);
          if (badLoss !== null) return finish('nan', nanAdvice(badLoss, epoch, toRead.index));
        }
        await callbacks.yield?.();
      }
      if (pending !== null) {
        const last: PendingBatch = pending;
        pending = null;
        const badLoss = await settle(last);
        if (badLoss !== null) return finish('nan', nanAdvice(badLoss, epoch, last.index));
      }
      const log = evaluateEpoch(stepper, objective, epoch, lossSum / split.train.length, correctSum / split.train.length, validationEncoded, validationLabels);
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

/** The classifier's step: ./trainStep's hand-written backward pass on a flat parameter vector. */
function classifierStepper(model: tf.LayersModel, spec: FeatureSpec, settings: ModelSettings, readsBehind: boolean): BatchStepper {
  const params = networkParams(model, spec, settings);
  // A stepper that reads at once is on a backend whose reads are synchronous copies (or was asked to
  // read at once): there each batch's input rows and the step's weights come from the host.
  const parameters = new FlatParameters(createOptimizer(settings), params, !readsBehind);
  const hasClassWeights = imbalanceOf(settings) === 'class-weights';
  let dropoutCalls = 0;
  return {
    readsBehind,
    run(batch) {
      const tensors = parameters.batch(batch.encoded, batch.positions, batch.labels, hasClassWeights ? batch.weights : null);
      const dropoutSeed = params.dropout === null ? null : dropoutCallSeed(params.dropout.seed, ++dropoutCalls);
      const step = (() => {
        try {
          return parameters.step(tensors, dropoutSeed);
        } finally {
          disposeBatch(tensors);
        }
      })();
      const { stats, grads } = step;
      if (readsBehind) {
        const finite = tf.tidy(() => tf.all(tf.isFinite(stats)));
        parameters.apply(grads, finite);
        tf.dispose([finite, ...grads]);
      }
      const rows = batch.labels.length;
      // The batch's labels and weights are views of the epoch's arrays, which live until the epoch ends.
      return {
        index: batch.index,
        rows,
        async settle() {
          const values = await stats.data();
          stats.dispose();
          const figures = batchFigures(values, batch.labels, batch.weights, parameters.stepPenalty());
          if (!readsBehind) {
            if (Number.isFinite(figures.loss)) parameters.apply(grads);
            tf.dispose(grads);
          }
          return figures;
        },
        discard() {
          stats.dispose();
          if (!readsBehind) tf.dispose(grads);
        },
      };
    },
    syncModel: () => parameters.syncModel(),
    // Validation reads the flat vector through the step's own forward pass: no sync, no layers API.
    score: (encoded) => parameters.score(encoded, VALIDATION_BATCH),
    penalty: () => parameters.penalty(),
    dispose: () => parameters.dispose(),
  };
}

/**
 * A batch's figures from its scores, followed by the L2 penalty when the step computed it (else
 * `penalty`, the host's): Keras' binary cross-entropy on the probabilities, each row scaled by its
 * weight, averaged over rows, plus the penalty.
 */
function batchFigures(values: ArrayLike<number>, labels: Float32Array, weights: Float32Array, penalty: number): BatchFigures {
  const rows = labels.length;
  let correct = 0;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const score = values[i] ?? Number.NaN;
    const isBad = labels[i] === 1;
    if (score >= 0.5 === isBad) correct++;
    const p = Math.min(1 - epsilon, Math.max(epsilon, score));
    sum += (weights[i] ?? 1) * (isBad ? -Math.log(p) : -Math.log(1 - p));
  }
  return { loss: sum / rows + (values[rows] ?? penalty), correct };
}
