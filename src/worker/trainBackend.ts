/** The training worker's side of backends: the burst that times one, and WebGL context handling. */
import * as tf from '@tensorflow/tfjs';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { defaultFeatureSettings, fitFeatureSpec } from '../ml/features';
import { buildModel, defaultModelSettings } from '../ml/model';
import { makeSyntheticTable } from '../ml/syntheticTable';
import { trainModel } from '../ml/train';
import type { RowSplit } from '../ml/types';

/** A short training burst of the default model: examples per second on the current backend. */
export async function trainingBurst(): Promise<number> {
  const table = makeSyntheticTable({ size: 6144, badShare: 0.5, seed: 7, clock: 'none' });
  const all = Uint32Array.from({ length: table.size }, (_, i) => i);
  const split: RowSplit = { train: all.subarray(0, 4096), validation: all.subarray(4096, 4608), test: new Uint32Array(0) };
  const spec = fitFeatureSpec(table, split.train, defaultFeatureSettings);
  const settings = { ...defaultModelSettings, batchSize: 512, epochs: 1 };
  const model = buildModel(spec, settings);
  try {
    // The first run compiles kernels/shaders; time the second.
    await trainModel({ model, spec, table, split: { ...split, train: split.train.subarray(0, 1024) }, settings });
    const started = performance.now();
    await trainModel({ model, spec, table, split, settings });
    return split.train.length / ((performance.now() - started) / 1000);
  } finally {
    model.dispose();
  }
}

/** The WebGL context tfjs draws with, when WebGL is the backend in use. */
export function webglContext(): WebGLRenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend();
  return backend instanceof MathBackendWebGL ? backend.gpgpu.gl : null;
}

/** Loses the WebGL context on purpose (tests of the fallback); false when WebGL is not in use. */
export function loseWebglContext(): boolean {
  const gl = webglContext();
  const extension = gl?.getExtension('WEBGL_lose_context');
  if (!extension) return false;
  extension.loseContext();
  return true;
}
