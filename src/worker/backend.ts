import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import { BACKEND_ORDER, type BackendChoice, type BackendName, type BackendTrial } from '../ml/backendNames';
import { errorMessage } from '../lib/errorMessage';

export { BACKEND_ORDER, type BackendChoice, type BackendName, type BackendTrial };

// eslint-disable-next-line no-restricted-syntax -- tfjs-wasm's paths are set once per realm, as its module is loaded once per realm.
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

/** How long the threaded build may take to start its threads before the single-threaded one is used. */
const THREAD_START_LIMIT_MS = 30_000;

/** A worker-global error event as words (an ErrorEvent thrown on: its own message, else where it came from). */
function errorEventText(event: ErrorEvent): string {
  const where = event.filename ? ` (${event.filename.replace(/^blob:.*/, 'a blob: worker')}${event.lineno ? `:${event.lineno}` : ''})` : '';
  const inner: unknown = event.error;
  const message =
    inner instanceof ErrorEvent ? errorEventText(inner) : event.message && !/\[object \w+\]/.test(event.message) ? event.message : errorMessage(inner);
  return `${message || 'a thread stopped'}${where}`;
}

/**
 * `start` (tfjs-wasm's init), failing instead of hanging or killing the worker when a pthread worker
 * errors: Emscripten rethrows a pthread's ErrorEvent in this worker's global scope, where nothing
 * catches it, and its ready promise then never settles.
 */
async function untilThreadsStart<T>(start: Promise<T>): Promise<T> {
  let onError: ((event: ErrorEvent) => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failure = new Promise<never>((_, reject) => {
    onError = (event: ErrorEvent): void => {
      event.preventDefault();
      reject(new Error(errorEventText(event)));
    };
    globalThis.addEventListener('error', onError);
    timer = setTimeout(() => reject(new Error(`its threads did not start within ${THREAD_START_LIMIT_MS / 1000} s`)), THREAD_START_LIMIT_MS);
  });
  try {
    return await Promise.race([start, failure]);
  } finally {
    clearTimeout(timer);
    if (onError !== null) globalThis.removeEventListener('error', onError);
  }
}

/** The wasm backend's start: its thread count, and a note when it runs on one thread. */
export interface WasmStart {
  threads: number;
  note: string | null;
}

/**
 * Starts tfjs-wasm: the threaded build where the page is cross-origin isolated (SharedArrayBuffer),
 * with one thread per logical core up to `maxThreads` (the benchmark compares 1 with all), else — or
 * when its threads fail to start — the single-threaded SIMD build, saying why.
 */
export function startWasm(maxThreads = 8): Promise<WasmStart> {
  configureWasm();
  // Once per worker: a second measurement finds wasm started and keeps the first start's note.
  wasmStart ??= startWasmOnce(maxThreads);
  return wasmStart;
}
// eslint-disable-next-line no-restricted-syntax -- tfjs-wasm starts once per worker (its backend is realm-wide).
let wasmStart: Promise<WasmStart> | null = null;

/**
 * Runs `start` while `navigator.hardwareConcurrency` reads `cores`. tfjs-wasm caps its thread pool
 * at half the logical cores, read once when the module starts (its backend.cc:
 * `num_cores = emscripten_num_logical_cores() / 2`, then `min(setThreadsCount(n), num_cores)`),
 * because "many x86-64 processors have 2 threads per core". So on a 2-core machine
 * setThreadsCount(2) still gave one thread. The training worker's own navigator is shadowed
 * for the start only and restored after.
 */
async function withLogicalCores<T>(cores: number, start: () => Promise<T>): Promise<T> {
  const hasOwn = Object.prototype.hasOwnProperty.call(navigator, 'hardwareConcurrency');
  if (hasOwn) return start();
  try {
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: cores, configurable: true });
  } catch {
    return start();
  }
  try {
    return await start();
  } finally {
    Reflect.deleteProperty(navigator, 'hardwareConcurrency');
  }
}

async function startWasmOnce(maxThreads: number): Promise<WasmStart> {
  const isIsolated = typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;
  if (!isIsolated) {
    if (!(await tf.setBackend('wasm'))) throw new Error('did not initialise');
    return { threads: getThreadsCount(), note: 'the page is not cross-origin isolated (no COOP/COEP headers), so no threads' };
  }
  const registration = tf.findBackendFactory('wasm');
  // Every core: the page's own thread waits while the training worker computes.
  const threads = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, maxThreads));
  setThreadsCount(threads);
  let reason: string;
  try {
    if (await withLogicalCores(2 * threads, () => untilThreadsStart(tf.setBackend('wasm')))) return { threads: getThreadsCount(), note: null };
    reason = 'did not initialise';
  } catch (error) {
    reason = errorMessage(error);
  }
  // Register wasm afresh with threads off: the failed start is left behind, the plain SIMD build loads.
  tf.removeBackend('wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (registration === null) throw new Error(`threaded wasm failed (${reason}) and could not be registered again`);
  tf.registerBackend('wasm', registration);
  if (!(await tf.setBackend('wasm'))) throw new Error(`did not initialise (threaded wasm failed first: ${reason})`);
  return { threads: 1, note: `threaded wasm did not start (${reason}), so single-threaded` };
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
      const wasm = backend === 'wasm' ? await startWasm() : null;
      if (wasm === null && !(await tf.setBackend(backend))) throw new Error('did not initialise');
      await tf.ready();
      const examplesPerSecond = await burst();
      const isSoftware = backend === 'webgl' && renderer !== null && /swiftshader|llvmpipe|software/i.test(renderer);
      const note = isSoftware ? `software rendering (${renderer})` : (wasm?.note ?? null);
      trials.push({ backend, examplesPerSecond, note, ...(wasm === null ? {} : { threads: wasm.threads }) });
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
