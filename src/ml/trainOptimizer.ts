import * as tf from '@tensorflow/tfjs';

/**
 * The optimiser update on a host copy of the flat parameter vector, for backends whose reads are
 * synchronous copies (wasm, cpu): the step's weights are uploaded from the host copy anyway, so an
 * update there is one plain loop over Float32Arrays instead of ~10 kernels over the vector on the
 * device and a read of the whole vector back (the seed model's vector holds ~42k floats).
 *
 * Every operation is rounded to float32 in the order tfjs' optimiser runs its kernels (one kernel
 * per operation, each result stored as float32; +, −, ×, ÷ and √ are correctly rounded in both), so
 * the weights are bit for bit those of tf.train's optimiser on the same gradients.
 */
export interface HostOptimizer {
  /**
   * Updates `values[offset, offset + gradient.length)` from their gradient. `l2Factor` (2·l2 for a
   * hidden kernel, else 0) adds the L2 penalty's gradient l2Factor · w in the same pass.
   */
  update(values: Float32Array, offset: number, gradient: ArrayLike<number>, l2Factor: number): void;
  /** Ends one step's update (Adam's bias-correction powers advance once per step). */
  endStep(): void;
}

const f32 = Math.fround;

function numberIn(config: tf.serialization.ConfigDict, key: string, fallback?: number): number {
  const value = config[key];
  if (typeof value === 'number') return value;
  if (fallback !== undefined && (value === undefined || value === null)) return fallback;
  throw new Error(`The optimiser's ${key} is not a number.`);
}

/** The gradient with the L2 term folded in, rounded as tfjs' add(grad, mul(kernel, 2·l2)). */
function withL2(gradient: number, weight: number, l2Factor: number): number {
  return l2Factor === 0 ? gradient : f32(gradient + f32(weight * l2Factor));
}

/**
 * A host optimiser doing what `optimizer` does, over a vector of `size` floats; null for an
 * optimiser (or option: centred RMSprop) it does not reproduce, which then keeps the device update.
 */
export function hostOptimizer(optimizer: tf.Optimizer, size: number): HostOptimizer | null {
  const config = optimizer.getConfig();
  const backendEpsilon = tf.backend().epsilon();
  // By class name: tfjs' Optimizer answers instanceof for any optimiser (Symbol.hasInstance).
  const kind = optimizer.getClassName();
  if (kind === tf.SGDOptimizer.className) {
    const step = f32(-numberIn(config, 'learningRate'));
    return {
      update(values, offset, gradient, l2Factor) {
        for (let j = 0, k = offset; j < gradient.length; j++, k++) {
          const w = values[k] ?? 0;
          values[k] = f32(f32(step * withL2(gradient[j] ?? 0, w, l2Factor)) + w);
        }
      },
      endStep: () => undefined,
    };
  }
  if (kind === tf.RMSPropOptimizer.className) {
    if (config['centered'] === true) return null;
    const decayValue = numberIn(config, 'decay', 0.9);
    const decay = f32(decayValue);
    const keep = f32(1 - decayValue);
    const momentum = f32(numberIn(config, 'momentum', 0));
    const epsilon = f32(numberIn(config, 'epsilon', backendEpsilon));
    const lr = f32(numberIn(config, 'learningRate'));
    const meanSquares = new Float32Array(size);
    const moments = new Float32Array(size);
    return {
      update(values, offset, gradient, l2Factor) {
        for (let j = 0, k = offset; j < gradient.length; j++, k++) {
          const w = values[k] ?? 0;
          const g = withL2(gradient[j] ?? 0, w, l2Factor);
          const meanSquare = f32(f32((meanSquares[k] ?? 0) * decay) + f32(f32(g * g) * keep));
          const moment = f32(f32((moments[k] ?? 0) * momentum) + f32(f32(g * lr) / f32(Math.sqrt(f32(meanSquare + epsilon)))));
          meanSquares[k] = meanSquare;
          moments[k] = moment;
          values[k] = f32(w - moment);
        }
      },
      endStep: () => undefined,
    };
  }
  if (kind === tf.AdamOptimizer.className) {
    const beta1Value = numberIn(config, 'beta1', 0.9);
    const beta2Value = numberIn(config, 'beta2', 0.999);
    const beta1 = f32(beta1Value);
    const beta2 = f32(beta2Value);
    const keep1 = f32(1 - beta1Value);
    const keep2 = f32(1 - beta2Value);
    const epsilon = f32(numberIn(config, 'epsilon', backendEpsilon));
    const minusLr = f32(-numberIn(config, 'learningRate'));
    let power1 = beta1;
    let power2 = beta2;
    const first = new Float32Array(size);
    const second = new Float32Array(size);
    return {
      update(values, offset, gradient, l2Factor) {
        const correction1 = f32(1 - power1);
        const correction2 = f32(1 - power2);
        for (let j = 0, k = offset; j < gradient.length; j++, k++) {
          const w = values[k] ?? 0;
          const g = withL2(gradient[j] ?? 0, w, l2Factor);
          const m = f32(f32((first[k] ?? 0) * beta1) + f32(g * keep1));
          const v = f32(f32((second[k] ?? 0) * beta2) + f32(f32(g * g) * keep2));
          first[k] = m;
          second[k] = v;
          const corrected = f32(f32(m / correction1) / f32(f32(Math.sqrt(f32(v / correction2))) + epsilon));
          values[k] = f32(f32(corrected * minusLr) + w);
        }
      },
      endStep() {
        power1 = f32(power1 * beta1);
        power2 = f32(power2 * beta2);
      },
    };
  }
  if (kind === tf.AdagradOptimizer.className) {
    const epsilon = f32(backendEpsilon);
    const minusLr = f32(-numberIn(config, 'learningRate'));
    const accumulated = new Float32Array(size).fill(numberIn(config, 'initialAccumulatorValue', 0.1));
    return {
      update(values, offset, gradient, l2Factor) {
        for (let j = 0, k = offset; j < gradient.length; j++, k++) {
          const w = values[k] ?? 0;
          const g = withL2(gradient[j] ?? 0, w, l2Factor);
          const sum = f32((accumulated[k] ?? 0) + f32(g * g));
          accumulated[k] = sum;
          values[k] = f32(f32(f32(g / f32(Math.sqrt(f32(sum + epsilon)))) * minusLr) + w);
        }
      },
      endStep: () => undefined,
    };
  }
  return null;
}
