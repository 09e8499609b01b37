// @ts-check
/**
 * `node bench/run.mjs --only ui-train`: the training speed the UI reports. A fresh page of the
 * production build opens the 1M-event capture through "Open capture", generates known bad, trains
 * with batch 1024 on the backend the app measures fastest, and reads the Run history's Examples/s:
 * examples trained over the wall time of the run's training phase (per-epoch validation included),
 * as the training worker counts it (src/worker/trainSession.ts).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openEmptyApp } from './browser.mjs';
import { topSelfTime } from './profile.mjs';
import { attachToWorker } from './workerCdp.mjs';

/** Where the training worker's CPU profile of the last run is written (bench/out is gitignored). */
const profilePath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out', 'ui-train-worker.cpuprofile');

/**
 * @typedef {object} UiTrainResult
 * @property {number} examplesPerSecond the Run history's Examples/s
 * @property {string} backend the Run history's Backend
 * @property {string} duration the Run history's Duration
 * @property {string} threads the backend panel's thread count ("" when not wasm)
 * @property {number} epochs
 * @property {number} batchSize
 * @property {number} loadSeconds
 * @property {number} runSeconds Train click → the run row reads "finished", measured outside the page
 * @property {string} speeds the Backend speeds table, one row per backend
 * @property {ReturnType<typeof topSelfTime> | null} profile the training worker's CPU profile from the Train click to the end (null without --profile)
 */

/**
 * @param {{browser: import('@playwright/test').Browser, origin: string, capture: {path: string, events: number}, epochs: number, batchSize: number, profile: boolean, log: (line: string) => void}} options
 * @returns {Promise<UiTrainResult>}
 */
export async function runUiTrainBenchmark({ browser, origin, capture, epochs, batchSize, profile, log }) {
  const { context, page, errors } = await openEmptyApp(browser, origin);
  try {
    const loadStarted = performance.now();
    await page.getByLabel('Open capture').setInputFiles(capture.path);
    const loaded = `Loaded ${capture.events.toLocaleString('en-US')} events`;
    await page.getByTestId('load-status').filter({ hasText: loaded }).or(page.locator('.error-box')).first().waitFor({ timeout: 600_000 });
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    if (!((await page.getByTestId('load-status').textContent()) ?? '').includes(loaded)) throw new Error(`load failed: ${errors.join('; ')}`);
    log(`  loaded ${capture.events.toLocaleString('en-US')} events in ${loadSeconds.toFixed(1)} s`);

    await page.getByRole('button', { name: 'Generate known bad' }).click();
    await page
      .getByTestId('known-bad-status')
      .filter({ hasText: /, [1-9][\d,]* known bad/ })
      .waitFor({ timeout: 300_000 });
    log(`  ${(await page.getByTestId('known-bad-status').textContent()) ?? ''}`);

    const train = page.locator('#train');
    for (const [label, value] of /** @type {const} */ ([
      ['Epochs', epochs],
      ['Batch size', batchSize],
    ])) {
      const input = train.getByLabel(label, { exact: true });
      await input.fill(String(value));
      await input.blur();
    }
    const runStarted = performance.now();
    await train.getByRole('button', { name: 'Train', exact: true }).click();
    // Where the run's time goes: the training worker starts on the first training request.
    const worker = profile ? await attachToWorker(browser, 'train.worker') : null;
    if (worker) {
      await worker.send('Profiler.enable');
      await worker.send('Profiler.setSamplingInterval', { interval: 500 });
      await worker.send('Profiler.start');
    }
    const row = page.getByRole('table', { name: 'Run history', exact: true }).locator('tbody tr').first();
    await row.filter({ hasText: /finished|stopped|failed|error/i }).waitFor({ timeout: 1_800_000 });
    const runSeconds = (performance.now() - runStarted) / 1000;
    const cpuProfile = worker ? /** @type {import('./profile.mjs').CpuProfile} */ ((await worker.send('Profiler.stop')).profile) : null;
    await worker?.detach();
    // The whole profile too, for DevTools (Performance → Load profile) or a closer look.
    if (cpuProfile) await writeFile(profilePath, JSON.stringify(cpuProfile));
    const cells = await row.locator('td').allTextContents();
    const status = cells[0] ?? '';
    if (!/finished/.test(status))
      throw new Error(`the run ended "${status}": ${(await page.getByTestId('train-status').textContent()) ?? ''} ${errors.join('; ')}`);
    const threads =
      (await page.getByTestId('train-backend-threads').count()) > 0 ? ((await page.getByTestId('train-backend-threads').textContent()) ?? '') : '';
    const speeds = (await page.getByRole('table', { name: 'Backend speeds' }).locator('tbody tr').allInnerTexts())
      .map((text) => text.replace(/\s+/g, ' ').trim())
      .join(' | ');
    return {
      examplesPerSecond: Number((cells[5] ?? '').replace(/[^\d]/g, '')),
      backend: cells[4] ?? '',
      duration: cells[6] ?? '',
      threads,
      epochs,
      batchSize,
      loadSeconds,
      runSeconds,
      speeds,
      profile: cpuProfile ? topSelfTime(cpuProfile, 15) : null,
    };
  } finally {
    await context.close();
  }
}
