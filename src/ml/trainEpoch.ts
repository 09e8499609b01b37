/** What every training loop shares: labels of rows, the L2 penalty and the figures after an epoch. */
import * as tf from '@tensorflow/tfjs';
import type { EncodedRows } from './features';
import { classificationMetrics } from './metrics';
import type { TrainObjective } from './objectives';
import { scoreEncodedInBatches } from './predict';
import type { ExampleTable } from './types';
import type { EpochLog } from './trainTypes';

/** Rows scored per forward pass when validating after an epoch. */
export const VALIDATION_BATCH = 8192;

export function regularisationPenalty(model: tf.LayersModel): number {
  const penalty = tf.tidy(() => tf.addN([tf.scalar(0), ...model.calculateLosses()]));
  const value = penalty.dataSync()[0] ?? 0;
  penalty.dispose();
  return value;
}

export function labelsOf(table: ExampleTable, rows: Uint32Array): Float32Array {
  return Float32Array.from(rows, (row) => table.label[row] ?? 0);
}

/** How validation reads the current weights: scores with dropout off, and the L2 penalty. */
export interface ValidationScorer {
  /** P(known bad) (or the objective's score) of encoded rows. */
  score(encoded: EncodedRows): Float32Array;
  /** The L2 penalty the training loss includes, so the validation loss compares with it. */
  penalty(): number;
}

/** Scores through the model itself (model.apply), `VALIDATION_BATCH` rows per forward pass. */
export function modelScorer(model: tf.LayersModel): ValidationScorer {
  return {
    // Larger batches than training: forward passes only, and fewer of them once per epoch.
    score: (encoded) => scoreEncodedInBatches(model, encoded, VALIDATION_BATCH),
    penalty: () => regularisationPenalty(model),
  };
}

/** Validation figures after an epoch. */
export function evaluateEpoch(
  scorer: ValidationScorer,
  objective: TrainObjective,
  epoch: number,
  loss: number,
  accuracy: number,
  validationEncoded: EncodedRows,
  validationLabels: Float32Array,
): EpochLog {
  if (validationEncoded.rowCount === 0) {
    const nan = Number.NaN;
    return { epoch, loss, accuracy, valLoss: nan, valAccuracy: nan, precision: nan, recall: nan, auc: nan };
  }
  const scores = scorer.score(validationEncoded);
  const metrics = classificationMetrics(scores, validationLabels);
  return {
    epoch,
    loss,
    accuracy,
    valLoss: objective.validationLoss(scores, validationLabels) + scorer.penalty(),
    valAccuracy: metrics.accuracy,
    precision: metrics.precision,
    recall: metrics.recall,
    auc: metrics.rocAuc,
  };
}

/** Stops a run after `patience` epochs without a lower validation loss (0 = never). */
export class EarlyStopping {
  private best = Number.POSITIVE_INFINITY;
  private epochsSinceBest = 0;

  constructor(private readonly patience: number) {}

  /** Records an epoch; true when the run should stop here. */
  isDue(log: EpochLog): boolean {
    if (this.patience <= 0 || Number.isNaN(log.valLoss)) return false;
    if (log.valLoss < this.best) {
      this.best = log.valLoss;
      this.epochsSinceBest = 0;
      return false;
    }
    return ++this.epochsSinceBest >= this.patience;
  }
}
