import * as tf from '@tensorflow/tfjs';
import { encode, type FeatureSpec } from './features';
import { takeEncodedRows, toInputTensors } from './inputs';
import { classificationMetrics } from './metrics';
import { createOptimizer, type ModelSettings } from './model';
import { imbalanceOf } from './modelSettings';
import { classifierObjective, epochOrder, rowWeights, type TrainObjective } from './objectives';
import { scoreEncodedInBatches } from './predict';
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
}

export interface TrainResult {
  readonly history: readonly EpochLog[];
  readonly stoppedBy: StopReason;
  readonly nanMessage?: string;
}

function regularisationPenalty(model: tf.LayersModel): number {
  const penalty = tf.tidy(() => tf.addN([tf.scalar(0), ...model.calculateLosses()]));
  const value = penalty.dataSync()[0] ?? 0;
  penalty.dispose();
  return value;
}

function labelsOf(table: ExampleTable, rows: Uint32Array): Float32Array {
  return Float32Array.from(rows, (row) => table.label[row] ?? 0);
}

/**
 * Trains the model with a hand-written batch loop: a seeded shuffle per epoch, one gradient step
 * per batch, stop/NaN checks and a yield after every batch, validation metrics after every epoch.
 * A batch whose loss is NaN or infinite is not applied, so the model keeps its last good weights.
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
  const imbalance = imbalanceOf(settings);
  const trainWeights = rowWeights(trainLabels, imbalance);
  const batchesPerEpoch = Math.ceil(split.train.length / settings.batchSize);
  const optimizer = createOptimizer(settings);
  const variables = model.trainableWeights.map((weight) => weight.read()).filter((variable): variable is tf.Variable => variable instanceof tf.Variable);
  const history: EpochLog[] = [];
  let bestValLoss = Number.POSITIVE_INFINITY;
  let epochsSinceBest = 0;

  const finish = (stoppedBy: StopReason, nanMessage?: string): TrainResult => {
    optimizer.dispose();
    return nanMessage === undefined ? { history, stoppedBy } : { history, stoppedBy, nanMessage };
  };

  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const order = epochOrder(trainLabels, imbalance, settings.seed, epoch);
      let lossSum = 0;
      let correctSum = 0;
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        if (shouldStop()) return finish('user');
        const positions = order.subarray(batch * settings.batchSize, (batch + 1) * settings.batchSize);
        const encoded = takeEncodedRows(trainEncoded, positions);
        const targets = Float32Array.from(positions, (position) => trainLabels[position] ?? 0);
        const weights = Float32Array.from(positions, (position) => trainWeights[position] ?? 1);
        const { lossAndCorrect, grads } = tf.tidy(() => {
          const inputs = toInputTensors(encoded);
          const y = tf.tensor2d(targets, [targets.length, 1]);
          const w = tf.tensor2d(weights, [weights.length, 1]);
          let correct: tf.Tensor = tf.scalar(0);
          const { value, grads: gradients } = tf.variableGrads(() => {
            const output = model.apply(inputs, { training: true });
            if (!(output instanceof tf.Tensor)) throw new Error('The model must have exactly one output.');
            correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.greaterEqual(output, 0.5), tf.cast(y, 'bool')), 'float32')));
            return tf.addN<tf.Scalar>([objective.batchLoss(output, y, w), ...model.calculateLosses()]);
          }, variables);
          const stacked = tf.stack([value, correct]);
          correct.dispose();
          return { lossAndCorrect: stacked, grads: gradients };
        });
        const [loss = Number.NaN, correct = 0] = await lossAndCorrect.data();
        lossAndCorrect.dispose();
        if (!Number.isFinite(loss)) {
          tf.dispose(grads);
          return finish(
            'nan',
            `The loss became ${loss} in epoch ${epoch + 1}, batch ${batch + 1}: the learning rate ${settings.learningRate} is probably too high — try ${settings.learningRate / 10}.`,
          );
        }
        optimizer.applyGradients(grads);
        tf.dispose(grads);
        lossSum += loss * positions.length;
        correctSum += correct;
        callbacks.onBatchEnd?.({ epoch, batch, batchesPerEpoch, loss });
        await callbacks.yield?.();
      }
      const log = evaluateEpoch(model, objective, epoch, lossSum / split.train.length, correctSum / split.train.length, validationEncoded, validationLabels);
      history.push(log);
      callbacks.onEpochEnd?.(epoch, log);
      if (settings.earlyStoppingPatience > 0 && !Number.isNaN(log.valLoss)) {
        if (log.valLoss < bestValLoss) {
          bestValLoss = log.valLoss;
          epochsSinceBest = 0;
        } else if (++epochsSinceBest >= settings.earlyStoppingPatience) {
          return finish('early-stopping');
        }
      }
    }
    return finish('finished');
  } catch (error) {
    optimizer.dispose();
    throw error;
  }
}

function evaluateEpoch(
  model: tf.LayersModel,
  objective: TrainObjective,
  epoch: number,
  loss: number,
  accuracy: number,
  validationEncoded: ReturnType<typeof encode>,
  validationLabels: Float32Array,
): EpochLog {
  if (validationEncoded.rowCount === 0) {
    const nan = Number.NaN;
    return { epoch, loss, accuracy, valLoss: nan, valAccuracy: nan, precision: nan, recall: nan, auc: nan };
  }
  const scores = scoreEncodedInBatches(model, validationEncoded);
  const metrics = classificationMetrics(scores, validationLabels);
  return {
    epoch,
    loss,
    accuracy,
    valLoss: objective.validationLoss(scores, validationLabels) + regularisationPenalty(model),
    valAccuracy: metrics.accuracy,
    precision: metrics.precision,
    recall: metrics.recall,
    auc: metrics.rocAuc,
  };
}
