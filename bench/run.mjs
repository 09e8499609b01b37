#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: the load and training benchmarks in headless Chromium on real files, printed
 * as tables and written to bench/out/results.json.
 *
 *   node bench/run.mjs [--only load|train|ui-train|etl|scale] [--events 1000000] [--no-formats] [--formats csv,gzip] [--scale-events 4000000] [--etl] [--etl-events 1000000] [--runs 2] [--no-profile] [--no-build]
 *     [--train-rows 100000] [--cap 6] [--backends webgl,wasm,cpu] [--batches 32,256,1024] [--isolated]
 *
 * BENCH_TRAIN_CAP_SECONDS sets --cap; BENCH_EXTRA_CHROMIUM_ARGS adds launch args.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { CHROMIUM_PATH, REPO, chromiumArgs, launchBrowser, runVite, startPreview } from './browser.mjs';
import { CAPTURE_EVENTS, ensureCapture } from './capture.mjs';
import { runEtlBenchmark } from './etlBench.mjs';
import { runFormatLoads, runLoadBenchmark } from './loadBench.mjs';
import { runScaleBenchmark } from './scaleBench.mjs';
import { runTrainBenchmarkPage } from './trainRunner.mjs';
import { runUiTrainBenchmark } from './uiTrainBench.mjs';
import { printFormatLoads, printLoad, printThreadGain, printTrain } from './report.mjs';

const OUT = join(REPO, 'bench/out');
const APP_DIST = 'bench/out/dist';
const TRAIN_DIST = 'bench/out/train-dist';
const TRAIN_CONFIG = 'bench/vite.config.ts';

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '2' },
    // Events of the load captures (JSON Lines, and the same rows as CSV and gzip JSON Lines).
    events: { type: 'string', default: String(CAPTURE_EVENTS) },
    'no-formats': { type: 'boolean', default: false },
    // Which of the same rows' other formats the load also opens (csv, gzip).
    formats: { type: 'string', default: 'csv,gzip' },
    'no-profile': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'train-rows': { type: 'string', default: '100000' },
    cap: { type: 'string', default: process.env.BENCH_TRAIN_CAP_SECONDS ?? '6' },
    backends: { type: 'string', default: 'webgl,wasm,cpu' },
    batches: { type: 'string', default: '32,256,1024' },
    // The headless pipeline (Node, no browser) is optional: --etl adds it, --only etl runs it alone.
    etl: { type: 'boolean', default: false },
    'etl-events': { type: 'string', default: '1000000' },
    'etl-memory-events': { type: 'string', default: '1000000,5000000' },
    // The largest capture in one tab is optional (minutes of work): --only scale runs it.
    'scale-events': { type: 'string', default: '4000000' },
    // Serve the bench pages cross-origin isolated (COOP + COEP: SharedArrayBuffer, threaded wasm).
    isolated: { type: 'boolean', default: false },
    // What the UI reports (--only ui-train): epochs and batch size of the run trained through the page.
    'ui-epochs': { type: 'string', default: '3' },
    'ui-batch': { type: 'string', default: '1024' },
  },
});
// Read by bench/vite.config.ts in the preview servers this process starts.
if (options.isolated) {
  process.env.BENCH_ISOLATED = '1';
  process.env.ETWLAB_ISOLATED = '1';
}
const runsEtl = options.only === 'etl' || options.etl;
const runsScale = options.only === 'scale';
const runsUiTrain = options.only === 'ui-train';
const runsLoad = options.only === undefined || options.only === 'load';
const runsTrain = options.only === undefined || options.only === 'train';
const loadEvents = Number(options.events);
const formats = options.formats.split(',');

/** @param {string} line */
const log = (line) => console.log(line);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

mkdirSync(OUT, { recursive: true });
log(
  `EtwLab benchmarks — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
log(`Chromium ${CHROMIUM_PATH} ${chromiumArgs().join(' ')}`);

/** @type {Record<string, unknown>} */
const results = { date: new Date().toISOString(), machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? null, loadAverageAtStart: loadavg() } };
/** @type {(() => unknown)[]} */
const cleanups = [];
try {
  const capture = runsLoad || runsUiTrain ? await ensureCapture(OUT, { events: loadEvents }) : null;
  /** The same rows as CSV and as gzip JSON Lines. */
  const formatCaptures =
    runsLoad && !options['no-formats']
      ? [
          ...(formats.includes('csv') ? [{ name: 'GUI CSV', ...(await ensureCapture(OUT, { events: loadEvents, format: 'csv' })) }] : []),
          ...(formats.includes('gzip') ? [{ name: 'gzip JSON Lines', ...(await ensureCapture(OUT, { events: loadEvents, gzip: true })) }] : []),
        ]
      : [];
  for (const file of [...(capture ? [capture] : []), ...formatCaptures]) {
    log(file.generatedSeconds === null ? `Capture: ${file.path} (cached)` : `Capture: generated ${file.path} in ${file.generatedSeconds.toFixed(1)} s`);
  }
  if (!options['no-build']) {
    // Unminified, so profiles name the app's functions; V8 runs the same code either way.
    if (runsLoad || runsScale || runsUiTrain) await runVite(['build', '--outDir', APP_DIST, '--minify', 'false', '--logLevel', 'warn']);
    if (runsTrain) await runVite(['build', '--config', TRAIN_CONFIG, '--logLevel', 'warn']);
    log(`Built ${[runsLoad || runsScale || runsUiTrain ? APP_DIST : '', runsTrain ? TRAIN_DIST : ''].filter(Boolean).join(' and ')} (${elapsed()})`);
  }
  if (runsEtl) {
    results.etl = await runEtlBenchmark({
      outDir: OUT,
      events: Number(options['etl-events']),
      memoryEvents: options['etl-memory-events'].split(',').map(Number),
      log,
    });
  }
  if (runsLoad || runsTrain || runsScale || runsUiTrain) {
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    const version = browser.version();
    results.chromium = { version, args: chromiumArgs() };
    log(`Chromium ${version}`);

    if (runsLoad && capture) {
      const app = await startPreview({ outDir: APP_DIST });
      cleanups.push(app.stop);
      const runs = Number(options.runs);
      log(`\n== Load: ${loadEvents.toLocaleString('en-US')} events, ${runs} run(s) each, fresh page per run (${app.origin}) ==`);
      const load = await runLoadBenchmark({
        browser,
        origin: app.origin,
        capture: { path: capture.path, bytes: capture.bytes, events: loadEvents },
        runs,
        profile: !options['no-profile'],
        log,
      });
      results.load = printLoad(load, { path: capture.path, bytes: capture.bytes, events: loadEvents }, log);
      if (formatCaptures.length > 0) {
        log(`\n== Load of the same rows as CSV and gzip, ${runs} run(s) each ==`);
        const loads = await runFormatLoads({ browser, origin: app.origin, captures: formatCaptures.map((c) => ({ ...c, events: loadEvents })), runs, log });
        const bareLoop = Math.min(...load.runs.map((run) => run.baseline.seconds));
        results.formatLoads = printFormatLoads(loads, bareLoop, log);
      }
      app.stop();
    }

    if (runsScale) {
      const app = await startPreview({ outDir: APP_DIST });
      cleanups.push(app.stop);
      log(`\n== Scale: the largest capture in one tab, ${Number(options['scale-events']).toLocaleString('en-US')} process starts (${app.origin}) ==`);
      results.scale = await runScaleBenchmark({ browser, origin: app.origin, outDir: OUT, events: Number(options['scale-events']), log });
      app.stop();
    }

    if (runsUiTrain && capture) {
      const app = await startPreview({ outDir: APP_DIST });
      cleanups.push(app.stop);
      const epochs = Number(options['ui-epochs']);
      const batchSize = Number(options['ui-batch']);
      log(
        `\n== Training through the UI: ${loadEvents.toLocaleString('en-US')} events, known bad generated, batch ${batchSize}, ${epochs} epochs (${app.origin}${options.isolated ? ', cross-origin isolated' : ''}) ==`,
      );
      const ui = await runUiTrainBenchmark({
        browser,
        origin: app.origin,
        capture: { path: capture.path, events: loadEvents },
        epochs,
        batchSize,
        profile: !options['no-profile'],
        log,
      });
      results.uiTrain = ui;
      log(
        `UI training: ${ui.examplesPerSecond.toLocaleString('en-US')} examples/s (Run history, ${ui.backend}${ui.threads ? `, ${ui.threads}` : ''}), batch ${ui.batchSize}, ${ui.epochs} epochs, run ${ui.duration} (${ui.runSeconds.toFixed(1)} s click to finished), load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
      );
      log(`  backend speeds: ${ui.speeds}`);
      if (ui.profile) {
        log(`  training worker: ${ui.profile.busyMs.toFixed(0)} ms busy, ${ui.profile.idleMs.toFixed(0)} ms idle; self time:`);
        for (const entry of ui.profile.top) log(`    ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(6)} ms  ${entry.function}`);
        log('  total time:');
        for (const entry of ui.profile.total)
          log(`    ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(6)} ms  ${entry.function}`);
      }
      app.stop();
    }

    if (runsTrain) {
      const train = await startPreview({ outDir: TRAIN_DIST, config: TRAIN_CONFIG });
      cleanups.push(train.stop);
      const capSeconds = Number(options.cap);
      log(
        `\n== Training: default model, ${options['train-rows']} rows, ≤ ~${capSeconds} s per timed run (${train.origin}, ${options.isolated ? 'cross-origin isolated' : 'not isolated'}) ==`,
      );
      const trainOptions = {
        browser,
        origin: train.origin,
        rows: Number(options['train-rows']),
        capSeconds,
        backends: options.backends.split(','),
        batchSizes: options.batches.split(',').map(Number),
        log,
      };
      const result = await runTrainBenchmarkPage(trainOptions);
      results.train = printTrain(result, capSeconds, log);
      if (options.isolated && trainOptions.backends.includes('wasm')) {
        // The same isolated page with wasm held to one thread, right after: threads' gain in one run.
        log(`\n== Training, the same isolated page with wasm on one thread (load average ${loadavg()[0]?.toFixed(1)}) ==`);
        const oneThread = await runTrainBenchmarkPage({ ...trainOptions, backends: ['wasm'], maxThreads: 1 });
        results.trainOneThread = printTrain(oneThread, capSeconds, log);
        printThreadGain(result, oneThread, log);
      }
      train.stop();
    }
  }
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  results.machine = { ...Object(results.machine), loadAverageAtEnd: loadavg() };
  results.totalSeconds = (performance.now() - started) / 1000;
  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(
    `\nWrote bench/out/results.json (total ${elapsed()}, load average now ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
}
