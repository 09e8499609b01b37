/**
 * What the training loop minimises, and how rows are drawn and weighted: the classifier's
 * (weighted) binary cross-entropy, the anomaly model's reconstruction error, and the class-imbalance
 * handling of the classifier.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom, shuffledIndices } from '../lib/random';
import type { ImbalanceHandling } from './modelSettings';

/** The loss of a batch and of the validation rows, for one kind of model. */
export interface TrainObjective {
  /** Mean loss of a batch (without the L2 penalty) from the model's output, the 0/1 targets and per-row weights ([n, 1] each). */
  readonly batchLoss: (output: tf.Tensor, targets: tf.Tensor, weights: tf.Tensor) => tf.Scalar;
  /** The same loss over validation scores (without the L2 penalty), for early stopping and the curves. */
  readonly validationLoss: (scores: Float32Array, labels: Float32Array) => number;
}

const epsilon = 1e-7;

/** Keras' binary cross-entropy on probabilities, averaged over rows. */
export function meanBinaryCrossEntropy(scores: Float32Array, labels: Float32Array): number {
  let sum = 0;
  scores.forEach((score, i) => {
    const p = Math.min(1 - epsilon, Math.max(epsilon, score));
    sum += labels[i] === 1 ? -Math.log(p) : -Math.log(1 - p);
  });
  return sum / scores.length;
}

/** The classifier: binary cross-entropy, each row scaled by its weight (all 1 without class weights). */
export const classifierObjective: TrainObjective = {
  batchLoss: (output, targets, weights) => tf.mean<tf.Scalar>(tf.mul(tf.metrics.binaryCrossentropy(targets, output), tf.reshape(weights, [-1]))),
  // Unweighted, so validation loss reads the same whichever imbalance handling trained the model.
  validationLoss: meanBinaryCrossEntropy,
};

/**
 * The anomaly model: its output s = nll / (1 + nll) turned back into the reconstruction error
 * nll = s / (1 − s) and averaged. Validation loss is taken over known-good rows only, the rows it
 * learns to reconstruct; known bad there only feeds the validation AUC.
 */
export const reconstructionObjective: TrainObjective = {
  batchLoss: (output) => tf.mean<tf.Scalar>(tf.div(output, tf.maximum(tf.sub(1, output), epsilon))),
  validationLoss: (scores, labels) => {
    let sum = 0;
    let count = 0;
    scores.forEach((score, i) => {
      if (labels[i] === 1) return;
      sum += score / Math.max(epsilon, 1 - score);
      count++;
    });
    return count > 0 ? sum / count : Number.NaN;
  },
};

/** Per-class loss weights that give each class half of the total: n / (2 · n_class). */
export function classWeights(labels: ArrayLike<number>): { readonly good: number; readonly bad: number } {
  let bad = 0;
  for (let i = 0; i < labels.length; i++) bad += labels[i] === 1 ? 1 : 0;
  const good = labels.length - bad;
  if (bad === 0 || good === 0) return { good: 1, bad: 1 };
  return { good: labels.length / (2 * good), bad: labels.length / (2 * bad) };
}

/** The weight of every training row under the handling: class weights, or 1 everywhere. */
export function rowWeights(labels: Float32Array, handling: ImbalanceHandling): Float32Array {
  if (handling !== 'class-weights') return new Float32Array(labels.length).fill(1);
  const weights = classWeights(labels);
  return labels.map((label) => (label === 1 ? weights.bad : weights.good));
}

/**
 * The training positions of one epoch, `labels.length` of them: a seeded shuffle, or for
 * 'balanced-batches' alternating draws with replacement from each class, so every batch is about
 * half known bad however rare it is.
 */
export function epochOrder(labels: Float32Array, handling: ImbalanceHandling, seed: number, epoch: number): Uint32Array {
  const random = seededRandom(seed * 7919 + epoch);
  if (handling !== 'balanced-batches') return shuffledIndices(labels.length, random);
  const bad: number[] = [];
  const good: number[] = [];
  labels.forEach((label, position) => (label === 1 ? bad : good).push(position));
  if (bad.length === 0 || good.length === 0) return shuffledIndices(labels.length, random);
  return Uint32Array.from({ length: labels.length }, (_, i) => {
    const pool = i % 2 === 0 ? good : bad;
    return pool[random.int(pool.length)] ?? 0;
  });
}
