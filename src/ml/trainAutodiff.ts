/**
 * The training step for objectives without a hand-written backward pass (the anomaly model's
 * reconstruction error): tfjs' automatic gradients of the objective plus the model's L2 losses,
 * one optimizer step per batch. The loop around it (seeded order, callbacks, stop, NaN and
 * early-stopping rules) is the classifier's, in ./train.
 */
import * as tf from '@tensorflow/tfjs';
import { takeEncodedRows, toInputTensors } from './inputs';
import { createOptimizer, type ModelSettings } from './model';
import type { TrainObjective } from './objectives';
import type { BatchStepper } from './train';
import { modelScorer } from './trainEpoch';

/** A stepper that trains `model` on `objective` by automatic differentiation; it reads each batch's loss at once. */
export function autodiffStepper(model: tf.LayersModel, settings: ModelSettings, objective: TrainObjective): BatchStepper {
  const optimizer = createOptimizer(settings);
  const variables = model.trainableWeights.map((weight) => weight.read()).filter((variable): variable is tf.Variable => variable instanceof tf.Variable);
  return {
    readsBehind: false,
    run(batch) {
      const { lossAndCorrect, grads } = tf.tidy(() => {
        const inputs = toInputTensors(takeEncodedRows(batch.encoded, batch.positions));
        const y = tf.tensor2d(batch.labels, [batch.labels.length, 1]);
        const w = tf.tensor2d(batch.weights, [batch.weights.length, 1]);
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
      return {
        index: batch.index,
        rows: batch.labels.length,
        async settle() {
          const [loss = Number.NaN, correct = 0] = await lossAndCorrect.data();
          lossAndCorrect.dispose();
          if (Number.isFinite(loss)) optimizer.applyGradients(grads);
          tf.dispose(grads);
          return { loss, correct };
        },
        discard() {
          lossAndCorrect.dispose();
          tf.dispose(grads);
        },
      };
    },
    // The optimizer updates the model's own variables.
    syncModel: () => undefined,
    ...modelScorer(model),
    dispose: () => optimizer.dispose(),
  };
}
