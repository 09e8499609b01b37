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
 * Inverted-dropout multipliers for `size` units: 0 with probability `rate`, else 1 / (1 − rate),
 * the same for the same seed. A training step draws [batch, units] of these per batch (65k at batch
 * 1024 of the seed model), so only the dropped units are drawn: the gaps between them are
 * geometric, one xorshift32 draw and one log per dropped unit (a float from mulberry32 per unit
 * cost ~1.0 s of a 27 s UI run).
 */
export function dropoutMultipliers(size: number, rate: number, seed: number): Float32Array {
  const values = new Float32Array(size);
  if (rate <= 0) return values.fill(1);
  values.fill(1 / (1 - rate));
  const logKeep = Math.log1p(-rate);
  // Seeded through a mixing round so that neighbouring seeds start far apart; xorshift32 must not start at 0.
  let x = Math.imul((seed ^ 0x9e3779b9) + 0x6d2b79f5, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  if (x === 0) x = 0x2545f491;
  for (let i = -1; ;) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    // u in (0, 1]; the units kept before the next dropped one: P(k) = (1 − rate)^k · rate.
    const u = ((x >>> 0) + 1) / 4_294_967_296;
    i += 1 + Math.floor(Math.log(u) / logKeep);
    if (!(i < size)) break;
    values[i] = 0;
  }
  return values;
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
