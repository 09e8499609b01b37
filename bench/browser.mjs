// @ts-check
/** The pieces every benchmark shares: the repo's Chromium and launch args, builds, preview servers. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

export const REPO = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const VITE = join(REPO, 'node_modules/vite/bin/vite.js');
/** Colour codes around the port in vite's banner when it thinks it writes to a terminal. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * The launch args of playwright.config.ts, read from its `CHROMIUM_ARGS` literal so the benchmark
 * cannot drift from the browser tests (Node cannot import the .ts config directly).
 * @returns {string[]}
 */
export function chromiumArgs() {
  const config = readFileSync(join(REPO, 'playwright.config.ts'), 'utf8');
  const literal = /export const CHROMIUM_ARGS = \[([^\]]*)\]/.exec(config);
  if (!literal?.[1]) throw new Error('CHROMIUM_ARGS not found in playwright.config.ts');
  const args = [...literal[1].matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
  const extra = process.env.BENCH_EXTRA_CHROMIUM_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  return [...args, ...extra];
}

/** Same default as playwright.config.ts. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium with the browser tests' executable and args. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs() });
}

/**
 * Runs `vite` with the given arguments in the repo and resolves when it exits with 0.
 * @param {string[]} args
 */
export function runVite(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITE, ...args], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(undefined) : reject(new Error(`vite ${args.join(' ')} exited with ${code}`))));
  });
}

/** A free TCP port on 127.0.0.1 (other helpers run servers on this machine too). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Serves a built folder with `vite preview` (and the config's CSP headers) on a free local port.
 * @param {{outDir: string, config?: string}} options
 * @returns {Promise<{origin: string, stop: () => void}>}
 */
export async function startPreview({ outDir, config }) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir];
    if (config) args.push('--config', config);
    const child = spawn(process.execPath, [VITE, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const origin = `http://127.0.0.1:${port}`;
    // Our own server's banner, not just any answer on the port: another process may have taken it.
    const isUp = await waitFor(
      () => output.replace(ANSI_COLOUR, '').includes(`127.0.0.1:${port}/`),
      () => child.exitCode !== null,
    );
    if (isUp) return { origin, stop: () => child.kill() };
    child.kill();
    if (!/already in use/.test(output)) throw new Error(`vite preview did not start:\n${output}`);
  }
  throw new Error('vite preview found no free port');
}

/**
 * Polls until `isDone` (true) or `hasFailed` or 30 s (false).
 * @param {() => boolean} isDone
 * @param {() => boolean} hasFailed
 */
async function waitFor(isDone, hasFailed) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !hasFailed()) {
    if (isDone()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Run in the page before the app's scripts: notes when the app's start-up chart warm-up
 * (src/charts/warmUp.ts: Plotly imported, each chart kind drawn once off screen) has removed its
 * off-screen element, i.e. finished.
 */
const WARM_UP_WATCH = `(() => {
  const state = { isDone: false };
  Reflect.set(window, '__benchWarmUp', state);
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.removedNodes) if (node instanceof Element && node.classList.contains('chart-warm-up')) state.isDone = true;
  }).observe(document, { childList: true, subtree: true });
})();`;

/**
 * A fresh page of the app with no capture (`?demo=0`), recording page errors and console errors
 * for failure messages. Close the returned context when done. `afterWarmUp` also waits until the
 * page's start-up work is over (Plotly's ~0.4 s module evaluation and the chart warm-up, started
 * when the page is first idle), as it is long before a person has picked a file: a file chosen
 * the moment the page shows would wait for that main-thread work and share the cores with it.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {{afterWarmUp?: boolean}} [options]
 */
export async function openEmptyApp(browser, origin, { afterWarmUp = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    if (afterWarmUp) await context.addInitScript(WARM_UP_WATCH);
    const page = await context.newPage();
    /** @type {string[]} */
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${origin}/?demo=0`);
    await page.getByTestId('load-status').filter({ hasText: 'No capture loaded yet.' }).waitFor({ timeout: 60_000 });
    if (afterWarmUp) {
      await page
        .waitForFunction(() => Reflect.get(Reflect.get(window, '__benchWarmUp') ?? {}, 'isDone') === true, null, { timeout: 60_000, polling: 100 })
        .catch(() => {
          throw new Error("the page's chart warm-up did not finish within 60 s (did src/charts/warmUp.ts change its element's class?)");
        });
    }
    return { context, page, errors };
  } catch (error) {
    await context.close();
    throw error;
  }
}
