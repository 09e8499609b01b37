#!/usr/bin/env node
// @ts-check
/**
 * The headless pipeline's speed and memory: `npm run etl` (the CLI, as users run it) on a
 * generated capture against a bare Node loop that streams the same file, splits lines and
 * JSON.parses each (the floor for any JSON Lines reader), and the CLI's peak RSS on inputs of
 * different sizes (it must not grow with the input: batches, live processes and open files
 * bound it).
 *
 *   node bench/etlBench.mjs [--events 1000000] [--memory-events 1000000,5000000]
 *   node bench/run.mjs --only etl   (or --etl to add it to the browser benchmarks)
 */
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { writeCapture } from '../scripts/generate-capture.mjs';
import { ensureEtlBundle } from '../scripts/etl.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SEED = 42;

/**
 * A full-mix capture (starts, stops, image loads) of `events` rows in `outDir`, generated once.
 * @param {string} outDir
 * @param {number} events
 */
async function ensureEtlCapture(outDir, events) {
  const path = join(outDir, `etl-capture-${events}-seed${SEED}.jsonl`);
  if (existsSync(`${path}.done`)) return path;
  await writeCapture({ out: `${path}.partial`, events, seed: SEED });
  renameSync(`${path}.partial`, path);
  writeFileSync(`${path}.done`, '');
  return path;
}

/**
 * Events per second of stream → split on \n → JSON.parse, nothing kept.
 * @param {string} path
 */
async function bareJsonParse(path) {
  const started = performance.now();
  let rows = 0;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (end > start) {
        JSON.parse(text.slice(start, end));
        rows++;
      }
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim() !== '') {
    JSON.parse(rest);
    rows++;
  }
  return { rows, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs the CLI bundle on `path`; returns its wall time and what its summary says.
 * @param {string} path
 * @param {string} out
 */
async function runCli(path, out) {
  rmSync(out, { recursive: true, force: true });
  const started = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO, 'scripts', 'etl.mjs'), '--out', out, '--quiet', path], {
    cwd: REPO,
    maxBuffer: 1 << 24,
  });
  const seconds = (performance.now() - started) / 1000;
  const events = Number((/^Wrote ([\d,]+) events/m.exec(stdout)?.[1] ?? '0').replace(/,/g, ''));
  const peakMiB = Number(/^Peak memory \(RSS\): (\d+) MiB/m.exec(stdout)?.[1] ?? 'NaN');
  return { events, seconds, peakMiB };
}

/**
 * @param {{ outDir: string, events: number, memoryEvents: number[], log: (line: string) => void }} options
 */
export async function runEtlBenchmark({ outDir, events, memoryEvents, log }) {
  mkdirSync(outDir, { recursive: true });
  // Built before timing, so the CLI's wall time is the pipeline's, not Vite's.
  await ensureEtlBundle();
  const capture = await ensureEtlCapture(outDir, events);
  const bytes = statSync(capture).size;
  log(`\n== ETL: npm run etl on ${events.toLocaleString('en-US')} events (${(bytes / 1e6).toFixed(0)} MB JSON Lines) ==`);
  const bare = await bareJsonParse(capture);
  const cli = await runCli(capture, join(outDir, 'etl-out'));
  const rate = { cli: cli.events / cli.seconds, bare: bare.rows / bare.seconds };
  log(
    `CLI (read, parents, labels, Parquet): ${Math.round(rate.cli).toLocaleString('en-US')} events/s (${cli.seconds.toFixed(1)} s wall, process start and bundle check included)`,
  );
  log(`Bare stream + JSON.parse in Node:     ${Math.round(rate.bare).toLocaleString('en-US')} events/s (${bare.seconds.toFixed(1)} s)`);
  log(`Ratio CLI / bare: ${(rate.cli / rate.bare).toFixed(2)}`);
  /** @type {{ events: number, peakMiB: number }[]} */
  const memory = [];
  for (const size of memoryEvents) {
    const path = size === events ? capture : await ensureEtlCapture(outDir, size);
    const run = size === events ? cli : await runCli(path, join(outDir, 'etl-out'));
    memory.push({ events: size, peakMiB: run.peakMiB });
    log(`Peak RSS on ${size.toLocaleString('en-US')} events: ${run.peakMiB} MiB`);
  }
  rmSync(join(outDir, 'etl-out'), { recursive: true, force: true });
  return { events, bytes, cliEventsPerSecond: rate.cli, bareEventsPerSecond: rate.bare, ratio: rate.cli / rate.bare, memory };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { events: { type: 'string', default: '1000000' }, 'memory-events': { type: 'string', default: '1000000,5000000' } },
  });
  const result = await runEtlBenchmark({
    outDir: join(REPO, 'bench', 'out'),
    events: Number(values.events),
    memoryEvents: values['memory-events'].split(',').map(Number),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(result));
}
