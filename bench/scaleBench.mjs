// @ts-check
/**
 * Scale benchmark (`node bench/run.mjs --only scale [--scale-events 4000000]`): one large capture
 * of process starts, generated with the repo's seeded generator, loaded in one fresh tab through
 * "Open capture"; then the data worker's retained heap, Explore filter changes and the events
 * table reading rows half-way down and at the end, all at that size. What README and SECURITY.md
 * state about limits comes from this run.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeCapture } from '../scripts/generate-capture.mjs';
import { openEmptyApp } from './browser.mjs';
import { timeFilterChanges } from './loadBench.mjs';
import { attachToWorker, settledHeap } from './workerCdp.mjs';

const SEED = 43;

/**
 * The capture of `events` process starts in `outDir`, generated once and reused.
 * @param {string} outDir
 * @param {number} events
 */
async function ensureScaleCapture(outDir, events) {
  const path = join(outDir, `scale-${events}-starts-seed${SEED}.jsonl`);
  const stamp = `${path}.done.json`;
  const params = JSON.stringify({ events, startsOnly: true, seed: SEED });
  if (existsSync(path) && existsSync(stamp) && readFileSync(stamp, 'utf8') === params) return { path, bytes: statSync(path).size };
  await writeCapture({ out: `${path}.partial`, events, startsOnly: true, seed: SEED });
  renameSync(`${path}.partial`, path);
  writeFileSync(stamp, params);
  return { path, bytes: statSync(path).size };
}

/**
 * Seconds from scrolling the events table to `fraction` of its height until every row drawn there
 * shows its cells (the rows came from the data worker).
 * @param {import('@playwright/test').Page} page
 * @param {number} fraction
 */
async function timeTableScroll(page, fraction) {
  const started = performance.now();
  const target = await page.evaluate((share) => {
    const viewport = document.querySelector('.events-viewport');
    if (!(viewport instanceof HTMLElement)) throw new Error('no events table');
    viewport.scrollTop = Math.floor((viewport.scrollHeight - viewport.clientHeight) * share);
    return viewport.scrollTop;
  }, fraction);
  await page.waitForFunction(
    (top) => {
      const viewport = document.querySelector('.events-viewport');
      if (!(viewport instanceof HTMLElement) || viewport.scrollTop !== top) return false;
      const rows = Array.from(viewport.querySelectorAll('[role="row"]'));
      const first = Number(rows[0]?.getAttribute('aria-rowindex') ?? 0);
      return rows.length > 0 && first > 2 && rows.every((row) => row.querySelector('[role="cell"]') !== null);
    },
    target,
    { timeout: 120_000 },
  );
  return (performance.now() - started) / 1000;
}

/**
 * @param {{browser: import('@playwright/test').Browser, origin: string, outDir: string, events: number, log: (line: string) => void}} options
 */
export async function runScaleBenchmark({ browser, origin, outDir, events, log }) {
  const generated = performance.now();
  const capture = await ensureScaleCapture(outDir, events);
  log(`  capture ${capture.path}: ${(capture.bytes / 2 ** 20).toFixed(0)} MiB (ready in ${((performance.now() - generated) / 1000).toFixed(0)} s)`);
  const { context, page } = await openEmptyApp(browser, origin);
  try {
    const started = performance.now();
    await page.getByLabel('Open capture').setInputFiles(capture.path);
    // The data worker starts on the page's first request (here: this load), so it is found now.
    const worker = await attachToWorker(browser, 'data.worker');
    const status = page.getByTestId('load-status');
    await status
      .filter({ hasText: /^Loaded [\d,]+ events/ })
      .or(page.locator('#load .error-box'))
      .first()
      .waitFor({ timeout: 1_800_000 });
    const seconds = (performance.now() - started) / 1000;
    const statusLine = (await status.textContent()) ?? '';
    const loaded = Number(/^Loaded ([\d,]+) events/.exec(statusLine)?.[1]?.replaceAll(',', '') ?? Number.NaN);
    // Settled: right after "Loaded" the worker still builds the completeness report and the autosave.
    const after = await settledHeap(worker);
    await worker.detach();
    const retained = after.usedBytes + (after.backingStorageBytes ?? 0);
    log(
      `  loaded ${loaded.toLocaleString('en-US')} events (${(capture.bytes / 1e9).toFixed(2)} GB) in ${seconds.toFixed(1)} s; data worker retains ` +
        `${(retained / 2 ** 20).toFixed(0)} MiB (JS heap ${(after.usedBytes / 2 ** 20).toFixed(0)} MiB + array buffers ${((after.backingStorageBytes ?? 0) / 2 ** 20).toFixed(0)} MiB, ` +
        `${(retained / loaded).toFixed(1)} bytes/event; peak while settling ${(after.peakBytes / 2 ** 20).toFixed(0)} MiB)`,
    );
    const explore = await timeFilterChanges(page);
    const middle = await timeTableScroll(page, 0.5);
    const end = await timeTableScroll(page, 1);
    log(
      `  Explore filter: one host ${explore?.hostSeconds.toFixed(2) ?? '?'} s, all hosts ${explore?.allHostsSeconds.toFixed(2) ?? '?'} s; ` +
        `events table: middle ${middle.toFixed(2)} s, end ${end.toFixed(2)} s`,
    );
    return {
      capture: { path: capture.path, bytes: capture.bytes, events },
      loaded,
      statusLine,
      seconds,
      heap: { after },
      explore,
      table: { middle, end },
    };
  } finally {
    await context.close();
  }
}
