/**
 * The training loop for objectives without a hand-written backward pass (the anomaly model's
 * reconstruction error): tfjs' automatic gradients of the objective plus the model's L2 losses,
 * one optimizer step per batch. Same seeded order, callbacks, stop, NaN and early-stopping rules
 * as the classifier's loop in ./train.
 */
import * as tf from '@tensorflow/tfjs';
import { encode } from './features';
import { takeEncodedRows, toInputTensors } from './inputs';
import { createOptimizer } from './model';
import { imbalanceOf } from './modelSettings';
import { epochOrder, rowWeights, type TrainObjective } from './objectives';
import type { TrainRequest, TrainResult } from './train';
import { EarlyStopping, evaluateEpoch, labelsOf } from './trainEpoch';
import type { EpochLog, StopReason } from './trainTypes';

/** Trains `request.model` on `objective` with automatic gradients. */
export async function trainWithAutodiff(request: TrainRequest, objective: TrainObjective): Promise<TrainResult> {
  const { model, spec, table, split, settings } = request;
  const callbacks = request.callbacks ?? {};
  const shouldStop = request.shouldStop ?? (() => false);
  const trainEncoded = encode(table, split.train, spec);
  const trainLabels = labelsOf(table, split.train);
  const validationEncoded = encode(table, split.validation, spec);
  const validationLabels = labelsOf(table, split.validation);
  const imbalance = imbalanceOf(settings);
  const trainWeights = rowWeights(trainLabels, imbalance);
  const batchesPerEpoch = Math.ceil(split.train.length / settings.batchSize);
  const optimizer = createOptimizer(settings);
  const variables = model.trainableWeights.map((weight) => weight.read()).filter((variable): variable is tf.Variable => variable instanceof tf.Variable);
  const history: EpochLog[] = [];
  const earlyStopping = new EarlyStopping(settings.earlyStoppingPatience);

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
      if (earlyStopping.isDue(log)) return finish('early-stopping');
    }
    return finish('finished');
  } catch (error) {
    optimizer.dispose();
    throw error;
  }
}
