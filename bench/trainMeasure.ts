import * as tf from '@tensorflow/tfjs';
import { defaultFeatureSettings, encode, fitFeatureSpec, inputWidth, type FeatureSpec } from '../src/ml/features';
import { toInputTensors } from '../src/ml/inputs';
import { buildModel, createOptimizer, defaultModelSettings, type ModelSettings } from '../src/ml/model';
import { makeSyntheticTable } from '../src/ml/syntheticTable';
import { trainModel, type TrainCallbacks } from '../src/ml/train';
import type { ExampleTable } from '../src/ml/types';
import { startWasm, type BackendName } from '../src/worker/backend';
import type { TrainBenchConfig, TrainBenchResult, TrainBenchRow } from './trainBenchProtocol';
import { errorMessage } from '../src/lib/errorMessage';

/** Batches of the untimed first run that compiles kernels and shaders for the batch shape. */
const WARMUP_BATCHES = 3;
/** Rows of the short timed probe that sizes the real runs to the time cap. */
const PROBE_ROWS = 4096;
/** Timed runs per side, alternating app and bare so that load from other processes hits both. */
const TIMED_RUNS = 3;

const TABLE_SOURCE = 'makeSyntheticTable (src/ml/syntheticTable.ts), seed 7, 50% known bad, night-weekend clock; vocabularies: 30 names, 8 folders';

/** Lets queued messages in, as the app's training worker does between batches. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The callbacks the app's TrainSession passes to trainModel: count examples on every batch,
 * post progress at most every 100 ms, yield to the message loop about every 25 ms.
 */
function appCallbacks(postBatch: (examplesPerSecond: number) => void): TrainCallbacks {
  const started = performance.now();
  let examplesSeen = 0;
  let lastPost = 0;
  let lastYield = performance.now();
  return {
    onBatchEnd: ({ rows }) => {
      examplesSeen += rows;
      const now = performance.now();
      if (now - lastPost < 100) return;
      lastPost = now;
      postBatch(examplesSeen / Math.max(1e-3, (now - started) / 1000));
    },
    yield: async () => {
      if (performance.now() - lastYield < 25) return;
      await nextTask();
      lastYield = performance.now();
    },
  };
}

interface Fixture {
  readonly table: ExampleTable;
  readonly spec: FeatureSpec;
  readonly allRows: Uint32Array;
}

/** Seconds of one epoch of the app's training loop over `rows` (no validation rows). */
async function timeApp(
  model: tf.LayersModel,
  fixture: Fixture,
  rows: Uint32Array,
  settings: ModelSettings,
  postBatch: (rate: number) => void,
): Promise<number> {
  const started = performance.now();
  await trainModel({
    model,
    spec: fixture.spec,
    table: fixture.table,
    split: { train: rows, validation: new Uint32Array(0), test: new Uint32Array(0) },
    settings,
    callbacks: appCallbacks(postBatch),
  });
  return (performance.now() - started) / 1000;
}

/** Encoded inputs and labels of `rows` as tensors, the way trainModel would feed them. */
function tensorsOf(fixture: Fixture, rows: Uint32Array): { xs: tf.Tensor[]; ys: tf.Tensor } {
  const xs = toInputTensors(encode(fixture.table, rows, fixture.spec));
  const ys = tf.tensor2d(
    Float32Array.from(rows, (row) => fixture.table.label[row] ?? 0),
    [rows.length, 1],
  );
  return { xs, ys };
}

/** Seconds of one bare `model.fit` epoch over `rows`; encoding happens before the clock starts. */
async function timeBareFit(model: tf.LayersModel, fixture: Fixture, rows: Uint32Array, batchSize: number): Promise<number> {
  const { xs, ys } = tensorsOf(fixture, rows);
  try {
    const started = performance.now();
    const history = await model.fit(xs, ys, { batchSize, epochs: 1, verbose: 0 });
    const seconds = (performance.now() - started) / 1000;
    if (history.epoch.length !== 1) throw new Error('model.fit ran no epoch');
    return seconds;
  } finally {
    tf.dispose([...xs, ys]);
  }
}

/**
 * FLOPs of the matrix products in one example's training step: each Dense layer's x·W forward and
 * its two gradient products (dz·Wᵀ and xᵀ·dz), 2·in·out each. Everything else is elementwise.
 */
function flopsPerExample(inputWidthOfModel: number, settings: ModelSettings): number {
  const widths = [inputWidthOfModel, ...settings.hiddenLayers.map((layer) => layer.units), 1];
  let macs = 0;
  for (let i = 1; i < widths.length; i++) macs += (widths[i - 1] ?? 0) * (widths[i] ?? 0);
  return 3 * 2 * macs;
}

/** GFLOP/s of the current backend on a large square matMul (best of 5 after a warm-up). */
async function matMulGflops(): Promise<number> {
  const size = 512;
  const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
  const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
  try {
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 6; run++) {
      const started = performance.now();
      const product = tf.matMul(a, b);
      await product.data();
      product.dispose();
      if (run > 0) best = Math.min(best, (performance.now() - started) / 1000);
    }
    return (2 * size ** 3) / best / 1e9;
  } finally {
    tf.dispose([a, b]);
  }
}

function roundToBatches(rows: number, batchSize: number, total: number): number {
  const whole = Math.floor(Math.min(rows, total) / batchSize) * batchSize;
  return Math.max(batchSize, whole);
}

function errorText(error: unknown): string {
  return errorMessage(error);
}

/**
 * The WebGL 2 renderer this worker would get, to tell SwiftShader from a real GPU. Chromium
 * answers gl.RENDERER with "WebKit WebGL"; the real name needs WEBGL_debug_renderer_info.
 */
function webglRenderer(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const masked = String(gl.getParameter(gl.RENDERER));
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return info ? `${String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL))} (gl.RENDERER says "${masked}")` : masked;
  } catch {
    return null;
  }
}

/**
 * One backend × batch size: warm both paths up, probe their rates, size the timed runs to the cap,
 * then time app and bare fit alternately and keep the best of each.
 */
async function measure(
  backend: BackendName,
  batchSize: number,
  fixture: Fixture,
  config: TrainBenchConfig,
  log: (message: string) => void,
  postBatch: (rate: number) => void,
  ceilingExamplesPerSecond: number,
): Promise<TrainBenchRow> {
  const settings: ModelSettings = { ...defaultModelSettings, batchSize, epochs: 1 };
  const model = buildModel(fixture.spec, settings);
  const optimizer = createOptimizer(settings);
  const total = fixture.allRows.length;
  const warmRows = fixture.allRows.subarray(0, roundToBatches(batchSize * WARMUP_BATCHES, batchSize, total));
  const probeRows = fixture.allRows.subarray(0, roundToBatches(Math.max(PROBE_ROWS, batchSize * 4), batchSize, total));
  let appSeconds: number | null = null;
  let bareSeconds: number | null = null;
  let note: string | null = null;
  let rows = 0;
  try {
    await timeApp(model, fixture, warmRows, settings, postBatch);
    // The better of two probes: the first still pays for JIT warm-up and would size runs too short.
    const appProbe = Math.min(await timeApp(model, fixture, probeRows, settings, postBatch), await timeApp(model, fixture, probeRows, settings, postBatch));
    const appRate = probeRows.length / appProbe;
    let bareRate: number | null = null;
    try {
      model.compile({ optimizer, loss: 'binaryCrossentropy' });
      await timeBareFit(model, fixture, warmRows, batchSize);
      const bareProbe = Math.min(await timeBareFit(model, fixture, probeRows, batchSize), await timeBareFit(model, fixture, probeRows, batchSize));
      bareRate = probeRows.length / bareProbe;
    } catch (error) {
      note = `bare model.fit failed: ${errorText(error)}`;
    }
    rows = roundToBatches(Math.min(appRate, bareRate ?? appRate) * config.capSeconds, batchSize, total);
    const timedRows = fixture.allRows.subarray(0, rows);
    log(`${backend} batch ${batchSize}: probe app ${appRate.toFixed(0)}/s, bare ${bareRate?.toFixed(0) ?? '—'}/s → timing ${rows} rows`);
    for (let run = 0; run < TIMED_RUNS; run++) {
      const app = await timeApp(model, fixture, timedRows, settings, postBatch);
      appSeconds = appSeconds === null ? app : Math.min(appSeconds, app);
      if (bareRate !== null) {
        const bare = await timeBareFit(model, fixture, timedRows, batchSize);
        bareSeconds = bareSeconds === null ? bare : Math.min(bareSeconds, bare);
      }
    }
  } catch (error) {
    note = `${note ? `${note}; ` : ''}app training failed: ${errorText(error)}`;
  } finally {
    model.dispose();
    optimizer.dispose();
  }
  return {
    backend,
    batchSize,
    rows,
    appSeconds,
    bareSeconds,
    appExamplesPerSecond: appSeconds !== null && rows > 0 ? rows / appSeconds : null,
    bareExamplesPerSecond: bareSeconds !== null && rows > 0 ? rows / bareSeconds : null,
    note,
    ceilingExamplesPerSecond,
  };
}

/** Switches tfjs to `backend` (wasm as the app starts it: threaded where isolated); a problem or a note. */
async function switchBackend(backend: BackendName, renderer: string | null, maxThreads: number): Promise<{ problem: string } | { note: string | null }> {
  if (backend === 'webgl' && renderer === null) return { problem: 'WebGL 2 is not available in this worker (no OffscreenCanvas webgl2 context)' };
  try {
    if (backend === 'wasm') {
      const wasm = await startWasm(maxThreads);
      if (!(await tf.setBackend('wasm'))) return { problem: 'tf.setBackend returned false' };
      return { note: `${wasm.threads === 1 ? 'one thread' : `${wasm.threads} threads`}${wasm.note === null ? '' : ` (${wasm.note})`}` };
    }
    const isReady = await tf.setBackend(backend);
    if (!isReady) return { problem: 'tf.setBackend returned false' };
    await tf.ready();
    return { note: backend === 'webgl' && renderer !== null ? `renderer: ${renderer}` : null };
  } catch (error) {
    return { problem: errorText(error) };
  }
}

/** Runs every backend × batch size of `config` on a synthetic table of `config.rows` rows. */
export async function runTrainBenchmark(
  config: TrainBenchConfig,
  log: (message: string) => void,
  postBatch: (rate: number) => void,
): Promise<TrainBenchResult> {
  const started = performance.now();
  const table = makeSyntheticTable({ size: config.rows, badShare: 0.5, seed: 7, clock: 'night-weekend' });
  const allRows = Uint32Array.from({ length: table.size }, (_, i) => i);
  const spec = fitFeatureSpec(table, allRows, defaultFeatureSettings);
  const fixture: Fixture = { table, spec, allRows };
  const probeModel = buildModel(spec, defaultModelSettings);
  const totalParams = probeModel.countParams();
  probeModel.dispose();
  const renderer = webglRenderer();
  const backendNotes: Partial<Record<BackendName, string>> = {};
  const flops = flopsPerExample(inputWidth(spec), defaultModelSettings);
  const gflops: Partial<Record<BackendName, number>> = {};
  const measurements: TrainBenchRow[] = [];
  for (const backend of config.backends) {
    const switched = await switchBackend(backend, renderer, config.maxThreads);
    if ('problem' in switched) {
      const problem = switched.problem;
      backendNotes[backend] = problem;
      log(`${backend}: skipped (${problem})`);
      for (const batchSize of config.batchSizes) {
        measurements.push({
          backend,
          batchSize,
          rows: 0,
          appSeconds: null,
          bareSeconds: null,
          appExamplesPerSecond: null,
          bareExamplesPerSecond: null,
          note: problem,
          ceilingExamplesPerSecond: null,
        });
      }
      continue;
    }
    if (switched.note !== null) backendNotes[backend] = switched.note;
    if (switched.note !== null) log(`${backend}: ${switched.note}`);
    const rate = await matMulGflops();
    gflops[backend] = rate;
    log(`${backend}: matMul ${rate.toFixed(1)} GFLOP/s → ceiling ${((rate * 1e9) / flops).toFixed(0)} examples/s at ${flops} FLOP/example`);
    for (const batchSize of config.batchSizes) {
      const row = await measure(backend, batchSize, fixture, config, log, postBatch, (rate * 1e9) / flops);
      log(
        `${backend} batch ${batchSize}: app ${row.appExamplesPerSecond?.toFixed(0) ?? '—'}/s, bare fit ${row.bareExamplesPerSecond?.toFixed(0) ?? '—'}/s` +
          (row.note ? ` (${row.note})` : ''),
      );
      measurements.push(row);
    }
  }
  return {
    tableRows: table.size,
    tableSource: TABLE_SOURCE,
    inputWidth: inputWidth(spec),
    totalParams,
    webglRenderer: renderer,
    flopsPerExample: flops,
    matMulGflops: gflops,
    backendNotes,
    measurements,
    seconds: (performance.now() - started) / 1000,
  };
}
