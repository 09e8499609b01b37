// @ts-check
/**
 * The app's training loop in Node on tfjs-backend-wasm (one thread), timed by process CPU so the
 * shared machine's load does not blur it: `node bench/trainNode.mjs [--rows 200000] [--epochs 2] [--batch 1024] [--runs 2]`.
 * Prints the kernels of one step and examples/s of whole runs (validation included, as the UI counts).
 */
import path from 'node:path';
import os from 'node:os';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out', 'train-node');
const args = process.argv.slice(2);
const option = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const rows = option('rows', 200_000);
const epochs = option('epochs', 2);
const batchSize = option('batch', 1024);
const runs = option('runs', 2);

await mkdir(outDir, { recursive: true });
await build({
  input: { entry: path.join(here, 'trainNodeEntry.ts') },
  platform: 'node',
  // tfjs loads its .wasm the CommonJS way (__dirname): import it from node_modules, not bundled.
  external: [/^@tensorflow\//],
  output: { dir: outDir, format: 'esm', entryFileNames: '[name].mjs' },
  logLevel: 'warn',
});
/** @type {import('./trainNodeEntry')} */
const entry = await import(pathToFileURL(path.join(outDir, 'entry.mjs')).href);
await entry.startWasm(path.join(here, '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
const f = entry.fixture(rows);
const kernels = await entry.stepKernels(f, batchSize);
console.log(`kernel ms per step: ${kernels.ms.join(', ')}`);
console.log(`kernels per step + update at batch ${batchSize}: ${kernels.total} (${kernels.counts.map(([name, n]) => `${name} ${n}`).join(', ')})`);
for (let run = 0; run < runs; run++) {
  const before = process.cpuUsage();
  const result = await entry.trainRun(f, { ...entry.defaultModelSettings, batchSize, epochs });
  const cpu = process.cpuUsage(before);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const last = result.history.at(-1);
  console.log(
    `run ${run + 1}: ${result.examples} examples, wall ${result.seconds.toFixed(2)} s (${(result.examples / result.seconds).toFixed(0)}/s), ` +
      `CPU ${cpuSeconds.toFixed(2)} s (${(result.examples / cpuSeconds).toFixed(0)}/s CPU); val AUC ${last?.auc.toFixed(4)}, loss ${last?.loss.toFixed(5)}; load ${os.loadavg()[0]?.toFixed(2)}`,
  );
}
