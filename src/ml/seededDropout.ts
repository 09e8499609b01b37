import * as tf from '@tensorflow/tfjs';

/** Configuration of SeededDropout, also its serialised form. */
export interface SeededDropoutArgs {
  readonly name: string;
  readonly rate: number;
  readonly seed: number;
}

/** The mask seed of a layer's `call`-th training call (from 1), shared by the layer and the training step. */
export function dropoutCallSeed(layerSeed: number, call: number): number {
  return (layerSeed * 100_003 + call) % 2_147_483_647;
}

/**
 * Dropout whose masks come from a seed, so a training run can be repeated exactly.
 * tf.layers.dropout either draws from Math.random (unrepeatable) or, given a seed, reuses the same
 * mask on every batch; this layer derives a fresh seed per training call from a counter.
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'EtwLabSeededDropout';
  readonly rate: number;
  readonly seed: number;
  private trainingCalls = 0;

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`Dropout rate ${args.rate} must be in [0, 1).`);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (input === undefined) throw new Error(`${this.name} called without input.`);
    if (kwargs['training'] !== true || this.rate === 0) return tf.clone(input);
    this.trainingCalls++;
    return tf.dropout(input, this.rate, undefined, dropoutCallSeed(this.seed, this.trainingCalls));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
