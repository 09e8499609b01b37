import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import { BACKEND_ORDER, type BackendChoice, type BackendName, type BackendTrial } from '../ml/backendNames';
import { errorMessage } from '../lib/errorMessage';

export { BACKEND_ORDER, type BackendChoice, type BackendName, type BackendTrial };

let wasmPathsSet = false;

/** Points tfjs-wasm at the .wasm files Vite serves from our own origin (CSP: no CDN). */
export function configureWasm(): void {
  if (wasmPathsSet) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
  });
  wasmPathsSet = true;
}

function webglRenderer(): string | null {
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    // The plain RENDERER is masked ("WebKit WebGL"); the debug extension names the real one
    // (a GPU, or SwiftShader when rendering in software).
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return null;
  }
}

/**
 * Tries each backend, times `burst` on it, and keeps the fastest. Measured, not assumed:
 * software WebGL (SwiftShader) is slower than wasm SIMD, a real GPU is faster.
 */
export async function chooseFastestBackend(burst: () => Promise<number>, candidates: readonly BackendName[] = BACKEND_ORDER): Promise<BackendChoice> {
  configureWasm();
  const renderer = webglRenderer();
  const trials: BackendTrial[] = [];
  for (const backend of candidates) {
    if (backend === 'webgl' && renderer === null) {
      trials.push({ backend, examplesPerSecond: null, note: 'WebGL 2 is not available in workers here' });
      continue;
    }
    try {
      const isReady = await tf.setBackend(backend);
      if (!isReady) throw new Error('did not initialise');
      await tf.ready();
      const examplesPerSecond = await burst();
      const isSoftware = backend === 'webgl' && renderer !== null && /swiftshader|llvmpipe|software/i.test(renderer);
      trials.push({ backend, examplesPerSecond, note: isSoftware ? `software rendering (${renderer})` : null });
    } catch (error) {
      trials.push({ backend, examplesPerSecond: null, note: errorMessage(error) });
    }
  }
  let chosen: BackendName = 'cpu';
  let best = -1;
  for (const trial of trials) {
    if (trial.examplesPerSecond !== null && trial.examplesPerSecond > best) {
      best = trial.examplesPerSecond;
      chosen = trial.backend;
    }
  }
  await tf.setBackend(chosen);
  await tf.ready();
  return { chosen, trials, renderer };
}
