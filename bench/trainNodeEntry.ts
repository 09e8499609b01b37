/** What bench/trainNode.mjs runs in Node: the app's training loop on wasm and its step's kernels. */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { defaultFeatureSettings, encode, fitFeatureSpec } from '../src/ml/features';
import { buildModel, createOptimizer, defaultModelSettings, type ModelSettings } from '../src/ml/model';
import { makeSyntheticTable } from '../src/ml/syntheticTable';
import { trainModel } from '../src/ml/train';
import { disposeBatch, FlatParameters, networkParams } from '../src/ml/trainStep';
import type { RowSplit } from '../src/ml/types';

export { tf };
export { defaultModelSettings };

/** Starts tfjs-backend-wasm from `wasmDir` (one thread in Node). */
export async function startWasm(wasmDir: string): Promise<void> {
  setWasmPaths(wasmDir);
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm did not start');
  await tf.ready();
}

/** A synthetic table split 60 / 20 / 20 like the app's default shares. */
export function fixture(rows: number) {
  const table = makeSyntheticTable({ size: rows, badShare: 0.1, seed: 7, clock: 'night-weekend' });
  const all = Uint32Array.from({ length: table.size }, (_, i) => i);
  const trainEnd = Math.floor(rows * 0.6);
  const validationEnd = Math.floor(rows * 0.8);
  const split: RowSplit = { train: all.subarray(0, trainEnd), validation: all.subarray(trainEnd, validationEnd), test: all.subarray(validationEnd) };
  const spec = fitFeatureSpec(table, split.train, defaultFeatureSettings);
  return { table, split, spec };
}

/** One trainModel run as the app calls it (a yield every 25 ms); returns seconds and the history. */
export async function trainRun(f: ReturnType<typeof fixture>, settings: ModelSettings) {
  const model = buildModel(f.spec, settings);
  const started = performance.now();
  let examples = 0;
  try {
    const result = await trainModel({
      model,
      spec: f.spec,
      table: f.table,
      split: f.split,
      settings,
      callbacks: { onBatchEnd: ({ rows }) => (examples += rows) },
    });
    return { seconds: (performance.now() - started) / 1000, examples, history: result.history };
  } finally {
    model.dispose();
  }
}

/** Kernels of one step (and of one optimiser update) at `batchSize`. */
export async function stepKernels(f: ReturnType<typeof fixture>, batchSize: number) {
  const settings = { ...defaultModelSettings, batchSize };
  const model = buildModel(f.spec, settings);
  const params = networkParams(model, f.spec, settings);
  const flat = new FlatParameters(createOptimizer(settings), params, true);
  const rows = f.split.train.subarray(0, batchSize);
  const encoded = encode(f.table, rows, f.spec);
  const labels = Float32Array.from(rows, (row) => f.table.label[row] ?? 0);
  const weights = new Float32Array(rows.length).fill(1);
  const batch = flat.batch(
    encoded,
    Uint32Array.from(rows, (_, i) => i),
    labels,
    weights,
  );
  const oneStep = () => {
    const { stats, grads } = flat.step(batch, 1);
    flat.apply(grads);
    tf.dispose([stats, ...grads]);
  };
  for (let i = 0; i < 5; i++) oneStep();
  const stepProfile = await tf.profile(oneStep);
  if (process.env['TRAIN_NODE_SHAPES'] === '1') {
    for (const kernel of stepProfile.kernels)
      console.log(kernel.name, JSON.stringify(kernel.inputShapes), '→', JSON.stringify(kernel.outputShapes), Number(kernel.kernelTimeMs).toFixed(3));
  }
  // Wall time per kernel name, averaged over 20 steps (wasm times kernels synchronously).
  const ms = new Map<string, number>();
  for (let i = 0; i < 20; i++) {
    const profile = await tf.profile(oneStep);
    for (const kernel of profile.kernels) ms.set(kernel.name, (ms.get(kernel.name) ?? 0) + Number(kernel.kernelTimeMs) / 20);
  }
  disposeBatch(batch);
  flat.dispose();
  model.dispose();
  const counts = new Map<string, number>();
  for (const kernel of stepProfile.kernels) counts.set(kernel.name, (counts.get(kernel.name) ?? 0) + 1);
  return {
    total: stepProfile.kernels.length,
    counts: [...counts].sort((a, b) => b[1] - a[1]),
    ms: [...ms].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`),
  };
}
