// @ts-check
/**
 * Load benchmark: the app's "Open capture" path on a real file in headless Chromium, against a
 * bare streaming JSON.parse loop over the same File in a Worker, plus the data worker's retained
 * heap, main-thread long tasks and (optionally) a CPU profile of the data worker.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEmptyApp } from './browser.mjs';
import { attachToWorker, retainedHeap, settledHeap } from './workerCdp.mjs';
import { topSelfTime } from './profile.mjs';

/**
 * The baseline: stream, decode, split on '\n', JSON.parse each line, nothing else. A plain string
 * because the page's CSP allows workers from blob: URLs but no eval.
 */
const BASELINE_WORKER_SOURCE = `
self.onmessage = async (message) => {
  if (message.data === 'ping') { self.postMessage('ready'); return; }
  const file = message.data;
  const started = performance.now();
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = rest + value;
    let start = 0;
    let end;
    while ((end = text.indexOf('\\n', start)) !== -1) {
      if (end > start) { JSON.parse(text.slice(start, end)); lines++; }
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim()) { JSON.parse(rest); lines++; }
  self.postMessage({ lines, workerSeconds: (performance.now() - started) / 1000 });
};`;

/**
 * @typedef {object} LongTasks
 * @property {number} count main-thread tasks over 50 ms in the window
 * @property {number} longestMs
 * @property {number} totalMs
 */

/**
 * @typedef {object} ChartDraw
 * @property {number} seconds "Loaded" → every chart region on the page holds a drawn Plotly chart
 * @property {number} regions chart regions drawn
 * @property {LongTasks} longTasks main-thread long tasks from "Loaded" until one second after the last chart drew
 * @property {TaskCpu} [cpu] the same window's main-thread tasks from a trace, by CPU time
 */

/**
 * @typedef {object} AppLoad
 * @property {number} seconds setInputFiles → status line reads `Loaded N events`
 * @property {number} pageSeconds the page's clock from just before setInputFiles to the status line's mutation to `Loaded N events`
 * @property {number | null} workerSeconds the app's own "Loaded in … s" (inside the data worker)
 * @property {string} statusLine
 * @property {number | null} columnBytesPerEvent the summary's "(N bytes per event)"
 * @property {string | null} columnBytesText the summary's "columns hold …"
 * @property {{before: Heap | null, after: Heap, settled: Heap & {settledAfterMs: number, isSettled: boolean, peakBytes: number}}} heap data worker heap after forced GC: before the load, right after it, and once it stops changing
 * @property {LongTasks} longTasks main-thread long tasks from the file choice to "Loaded"
 * @property {ChartDraw | null} charts the charts drawn after "Loaded" (null when they did not all draw)
 * @property {{ hostSeconds: number, allHostsSeconds: number, longTasks: LongTasks, cpu: TaskCpu } | null} explore seconds from a filter change to the redrawn Explore status; its main-thread tasks by CPU time (trace)
 * @property {{ longTasks: LongTasks, charts: number, cpu: TaskCpu } | null} presenter presenter mode opened, stepped through every chart and closed; its main-thread tasks by CPU time (trace)
 * @property {WorkerCpu[] | null} workers the worker threads busy during the load (a load without the bare loop), by thread CPU from a trace
 * @property {LoadTimeline | null} timeline the load's phases from its trace
 */

/**
 * @typedef {object} WorkerCpu
 * @property {number} cpuMs thread CPU from the file choice to "Loaded"
 * @property {number} wallMs wall time of its events in that window
 * @property {number} spanMs its first event's start to its last event's end
 */

/** @typedef {{usedBytes: number, totalBytes: number, backingStorageBytes: number | null}} Heap */

/**
 * @typedef {object} BaselineLoad
 * @property {number} seconds post File → reply, measured in the page
 * @property {number} workerSeconds inside the worker
 * @property {number} lines
 */

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 */
async function openApp(browser, origin) {
  const { context, page, errors } = await openEmptyApp(browser, origin, { afterWarmUp: true });
  await page.evaluate(() => {
    /** @type {{startTime: number, duration: number}[]} */
    const longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push({ startTime: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    Reflect.set(window, '__benchLongTasks', longTasks);
    const input = document.querySelector('input[type="file"][aria-label="Open capture"]');
    if (!(input instanceof HTMLInputElement)) throw new Error('no "Open capture" input');
    // The app clears input.files in its change handler; this listener on the input itself runs
    // before React's root listener and keeps the very File object the app received.
    input.addEventListener('change', () => Reflect.set(window, '__benchFile', input.files?.[0] ?? null));
  });
  return { context, page, errors };
}

/**
 * One load through the UI in a fresh page, then the baseline over the same File in that page.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin
 * @param {{path: string, events: number}} capture
 * @param {{profile: boolean, baseline?: boolean}} options `baseline: false` skips the bare loop and the Explore timing (a CSV or gzip file)
 */
async function loadOnce(browser, origin, capture, options) {
  const withBaseline = options.baseline ?? true;
  const { context, page, errors } = await openApp(browser, origin);
  try {
    // The page starts its data worker on the first load when nothing was saved: then the heap
    // before the load is not measured and the profiler starts as soon as the worker exists.
    let worker = await attachToWorker(browser, 'data.worker', 3_000).catch(() => null);
    const before = worker === null ? null : await retainedHeap(worker);
    const mainThread = options.profile ? await context.newCDPSession(page) : null;
    /** @param {import('./workerCdp.mjs').WorkerSession} session */
    const startWorkerProfile = async (session) => {
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 250 });
      await session.send('Profiler.start');
    };
    if (options.profile && mainThread) {
      if (worker !== null) await startWorkerProfile(worker);
      await mainThread.send('Profiler.enable');
      await mainThread.send('Profiler.setSamplingInterval', { interval: 500 });
      await mainThread.send('Profiler.start');
    }
    const loaded = `Loaded ${capture.events.toLocaleString('en-US')} events`;
    await page.evaluate(
      ({ loadedText, mark }) => {
        // The moment the status line first reads "Loaded N events", stamped in the page (not when
        // Playwright's polling notices it), starts the chart-drawing window.
        const status = document.querySelector('[data-testid="load-status"]');
        if (!status) throw new Error('no load status line');
        const observer = new MutationObserver(() => {
          if (!(status.textContent ?? '').includes(loadedText)) return;
          Reflect.set(window, '__benchLoadedAt', performance.now());
          performance.mark(mark);
          observer.disconnect();
        });
        observer.observe(status, { childList: true, subtree: true, characterData: true });
      },
      { loadedText: loaded, mark: LOADED_MARK },
    );
    // A trace of the main thread's tasks gives each task's CPU time beside its wall time: on a
    // shared machine the wall time of a task grows with the load average, its CPU time does not.
    // Without the bare loop (a CSV or gzip file) the trace covers the load instead: the workers' thread CPU.
    await browser.startTracing(page, { categories: withBaseline ? TRACE_CATEGORIES : LOAD_TRACE_CATEGORIES });
    // Started before the load: once the capture is in, the busy main thread answers CDP late.
    const chartProfile = withBaseline ? await startMainProfile(context, page) : null;
    // The page clock starts here, after the tracing and profilers have started (they are not the load's time).
    await page.evaluate((startMark) => {
      Reflect.set(window, '__benchLoadStart', performance.now());
      performance.mark(startMark);
    }, LOAD_START_MARK);
    const started = performance.now();
    await page.getByLabel('Open capture').setInputFiles(capture.path);
    if (worker === null) {
      worker = await attachToWorker(browser, 'data.worker');
      if (options.profile) await startWorkerProfile(worker);
    }
    const status = page.getByTestId('load-status');
    await status.filter({ hasText: loaded }).or(page.locator('.error-box')).first().waitFor({ timeout: 600_000 });
    const seconds = (performance.now() - started) / 1000;
    const statusLine = (await status.textContent()) ?? '';
    if (!statusLine.includes(loaded)) {
      throw new Error(`load failed: ${statusLine} ${(await page.locator('.error-box').textContent()) ?? ''} ${errors.join('; ')}`);
    }
    const workerProfile = options.profile ? await worker.send('Profiler.stop') : null;
    if (TRACE_DIR !== null && workerProfile !== null && 'profile' in workerProfile) {
      // The whole data worker profile of the profiled load, for line-level reading (positionTicks).
      mkdirSync(TRACE_DIR, { recursive: true });
      writeFileSync(join(TRACE_DIR, 'data-worker.cpuprofile'), JSON.stringify(workerProfile.profile));
    }
    const mainProfile = mainThread ? await mainThread.send('Profiler.stop') : null;
    const summaryText = (await page.locator('#load .summary').first().textContent()) ?? '';
    const columns = /columns hold ([^(]+)\((\d+) bytes per event\)/.exec(summaryText);
    const loadedIn = /Loaded in ([\d.]+) s/.exec(summaryText);
    const loadedAt = await page.evaluate(() => Number(Reflect.get(window, '__benchLoadedAt')));
    const loadStart = await page.evaluate(() => Number(Reflect.get(window, '__benchLoadStart')));
    const longTasks = await longTasksBetween(page, loadStart, loadedAt);
    const workers = withBaseline ? null : workerThreadCpu(await stopTracing(browser, 'load', null), LOADED_MARK);
    const drawn = withBaseline ? await timeChartDraw(page, loadedAt) : null;
    const loadTrace = withBaseline ? await stopTracing(browser, 'charts', chartProfile) : null;
    const cpu = loadTrace === null ? null : mainThreadTasks(loadTrace, LOADED_MARK, CHARTS_DRAWN_MARK);
    const timeline = loadTrace === null ? null : loadTimeline(loadTrace);
    const charts = drawn === null || cpu === null ? drawn : { ...drawn, cpu };
    const after = await retainedHeap(worker);
    const settled = await settledHeap(worker);
    await worker.detach();
    const explore = withBaseline ? await traced(browser, context, page, 'explore', () => timeFilterChanges(page)) : null;
    const presenter = withBaseline ? await traced(browser, context, page, 'presenter', () => presentEveryChart(page)) : null;
    /** @type {AppLoad} */
    const app = {
      seconds,
      pageSeconds: (loadedAt - loadStart) / 1000,
      workerSeconds: loadedIn?.[1] ? Number(loadedIn[1]) : null,
      statusLine,
      columnBytesPerEvent: columns?.[2] ? Number(columns[2]) : null,
      columnBytesText: columns?.[1]?.trim() ?? null,
      heap: { before, after, settled },
      longTasks,
      charts,
      explore,
      presenter,
      workers,
      timeline,
    };
    /** @type {BaselineLoad | null} */
    const baseline = !withBaseline
      ? null
      : await page.evaluate(async (source) => {
          /** @type {unknown} */
          const file = Reflect.get(window, '__benchFile');
          if (!(file instanceof File)) throw new Error('the File the app received was not captured');
          const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
          const bare = new Worker(url);
          /** @param {unknown} message */
          const reply = (message) =>
            new Promise((resolve, reject) => {
              bare.onmessage = (event) => resolve(event.data);
              bare.onerror = (event) => reject(new Error(event.message));
              bare.postMessage(message);
            });
          await reply('ping');
          const started = performance.now();
          /** @type {unknown} */
          const result = await reply(file);
          const seconds = (performance.now() - started) / 1000;
          bare.terminate();
          URL.revokeObjectURL(url);
          const lines = typeof result === 'object' && result !== null ? Number(Reflect.get(result, 'lines')) : Number.NaN;
          const workerSeconds = typeof result === 'object' && result !== null ? Number(Reflect.get(result, 'workerSeconds')) : Number.NaN;
          return { seconds, workerSeconds, lines };
        }, BASELINE_WORKER_SOURCE);
    return { app, baseline, profile: options.profile ? { worker: rankProfile(workerProfile, 15), main: rankProfile(mainProfile, 8) } : null, errors };
  } finally {
    await context.close();
  }
}

/**
 * Main-thread long tasks that started in [from, to] (page clock, ms).
 * @param {import('@playwright/test').Page} page
 * @param {number} from
 * @param {number} to
 * @returns {Promise<LongTasks>}
 */
function longTasksBetween(page, from, to) {
  return page.evaluate(
    ({ start, end }) => {
      /** @type {unknown} */
      const all = Reflect.get(window, '__benchLongTasks');
      const during = (Array.isArray(all) ? all : []).filter((task) => task.startTime >= start && task.startTime <= end);
      return {
        count: during.length,
        longestMs: during.reduce((longest, task) => Math.max(longest, task.duration), 0),
        totalMs: during.reduce((sum, task) => sum + task.duration, 0),
      };
    },
    { start: from, end: to },
  );
}

const LOADED_MARK = 'etwlab-bench-loaded';
const LOAD_START_MARK = 'etwlab-bench-load-start';
/** The data worker's marks of a load (src/worker/dataSession.ts LOAD_MARKS). */
const WORKER_MARKS = { start: 'etwlab:load:start', read: 'etwlab:load:read', summary: 'etwlab:load:summary' };
const CHARTS_DRAWN_MARK = 'etwlab-bench-charts-drawn';
const WINDOW_START_MARK = 'etwlab-bench-window-start';
const WINDOW_END_MARK = 'etwlab-bench-window-end';
/**
 * `BENCH_TRACE_DIR=<dir>` keeps each traced window's trace (`<window>.trace.json`) and a CPU
 * profile of the main thread over it (`<window>.cpuprofile`, sampled every 100 µs) for reading the
 * long tasks' stacks. The profiler's sampling costs CPU, so its task figures are not comparable.
 */
const TRACE_DIR = process.env.BENCH_TRACE_DIR ?? null;
/** With BENCH_TRACE_DIR the trace also records what each task did (style, layout, paint, scripts, GC). */
const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing', ...(TRACE_DIR === null ? [] : ['devtools.timeline', 'v8'])];
/** A load's trace also records DecompressionStream's inflating, an outermost event of its own outside any task. */
const LOAD_TRACE_CATEGORIES = ['toplevel', 'blink.user_timing', 'devtools.timeline'];

/**
 * Starts the main thread's CPU profiler when BENCH_TRACE_DIR asks for the window's stacks.
 * @param {import('@playwright/test').BrowserContext} context
 * @param {import('@playwright/test').Page} page
 */
async function startMainProfile(context, page) {
  if (TRACE_DIR === null) return null;
  const session = await context.newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  return session;
}

/**
 * Stops the page's trace (and the window's profiler), keeping both in BENCH_TRACE_DIR when set.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} name
 * @param {import('@playwright/test').CDPSession | null} profiler
 */
async function stopTracing(browser, name, profiler) {
  const trace = await browser.stopTracing();
  if (TRACE_DIR !== null) {
    mkdirSync(TRACE_DIR, { recursive: true });
    writeFileSync(join(TRACE_DIR, `${name}.trace.json`), trace);
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      writeFileSync(join(TRACE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
      await profiler.detach();
    }
  }
  return trace;
}

/**
 * Runs `measure` under a trace and adds the window's main-thread tasks by CPU time to its result.
 * @template {object} T
 * @param {import('@playwright/test').Browser} browser
 * @param {import('@playwright/test').BrowserContext} context
 * @param {import('@playwright/test').Page} page
 * @param {string} name
 * @param {() => Promise<T | null>} measure
 * @returns {Promise<(T & {cpu: TaskCpu}) | null>}
 */
async function traced(browser, context, page, name, measure) {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const profiler = await startMainProfile(context, page);
  await page.evaluate((mark) => performance.mark(mark), WINDOW_START_MARK);
  const result = await measure();
  await page.evaluate((mark) => performance.mark(mark), WINDOW_END_MARK);
  const trace = await stopTracing(browser, name, profiler);
  return result === null ? null : { ...result, cpu: mainThreadTasks(trace, WINDOW_START_MARK, WINDOW_END_MARK) };
}

/**
 * @typedef {object} TaskCpu
 * @property {number} count main-thread tasks that used over 50 ms of CPU
 * @property {number} longestCpuMs
 * @property {number} longestWallMs the wall time of the longest task by wall time
 * @property {number} tasks all main-thread tasks in the window
 */

/** A thread's tasks show as `RunTask` (a stream read's continuation) or `ThreadControllerImpl::RunTask`, one inside the other or alone. */
const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/**
 * Main-thread (CrRendererMain) tasks of a Chromium trace from the `fromMark` mark until the
 * `toMark` mark (plus one settle period after the charts drew), by thread CPU time (`tdur`) and
 * wall time (`dur`).
 * @param {Buffer} trace
 * @param {string} fromMark
 * @param {string} toMark
 * @returns {TaskCpu}
 */
function mainThreadTasks(trace, fromMark, toMark) {
  /** @type {{traceEvents: {name: string, ph: string, pid: number, tid: number, ts: number, dur?: number, tdur?: number, args?: {name?: string}}[]}} */
  const parsed = JSON.parse(trace.toString('utf8'));
  const events = parsed.traceEvents;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const from = events.find((e) => e.name === fromMark)?.ts ?? 0;
  const endAt = events.find((e) => e.name === toMark)?.ts ?? Number.POSITIVE_INFINITY;
  const to = toMark === CHARTS_DRAWN_MARK ? endAt + SETTLE_MS * 1000 : endAt;
  const tasks = events.filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name) && main.has(`${e.pid}:${e.tid}`) && e.ts >= from && e.ts <= to);
  const cpuMs = tasks.map((e) => (e.tdur ?? 0) / 1000);
  return {
    count: cpuMs.filter((ms) => ms > 50).length,
    longestCpuMs: Math.max(0, ...cpuMs),
    longestWallMs: Math.max(0, ...tasks.map((e) => (e.dur ?? 0) / 1000)),
    tasks: tasks.length,
  };
}

/**
 * Thread CPU of each worker thread from the trace's start (just before the file choice) to
 * `toMark` (over 10 ms of CPU, in the order they started: the data worker, then a parse worker): what a load cost each core, which the shared
 * machine's load does not inflate as it does wall time. Counts every outermost event of the
 * thread (inflating runs as its own top-level event, not inside a task).
 * @param {Buffer} trace
 * @param {string} toMark
 * @returns {WorkerCpu[]}
 */
function workerThreadCpu(trace, toMark) {
  /** @type {{traceEvents: {name: string, ph: string, pid: number, tid: number, ts: number, dur?: number, tdur?: number, args?: {name?: string}}[]}} */
  const parsed = JSON.parse(trace.toString('utf8'));
  const events = parsed.traceEvents;
  const workers = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'DedicatedWorker thread').map((e) => `${e.pid}:${e.tid}`),
  );
  const to = events.find((e) => e.name === toMark)?.ts ?? Number.POSITIVE_INFINITY;
  /** @type {Map<string, WorkerCpu & {first: number, last: number}>} */
  const threads = new Map();
  for (const e of topLevel(events.filter((e) => e.ph === 'X' && workers.has(`${e.pid}:${e.tid}`) && e.ts <= to))) {
    const thread = `${e.pid}:${e.tid}`;
    const entry = threads.get(thread) ?? { cpuMs: 0, wallMs: 0, spanMs: 0, first: e.ts, last: e.ts };
    threads.set(thread, entry);
    entry.cpuMs += (e.tdur ?? 0) / 1000;
    entry.wallMs += (e.dur ?? 0) / 1000;
    entry.last = e.ts + (e.dur ?? 0);
  }
  return [...threads.values()]
    .filter((entry) => entry.cpuMs > 10)
    .sort((a, b) => a.first - b.first)
    .map(({ cpuMs, wallMs, first, last }) => ({ cpuMs, wallMs, spanMs: (last - first) / 1000 }));
}

/**
 * @typedef {object} LoadTimeline
 * @property {number} request seconds from just before setInputFiles until the data worker takes up the load request
 * @property {number} read ... until its files are read (frame whole, parents resolved)
 * @property {number} summary ... until its summary is made (the reply is posted next)
 * @property {number} status ... until the status line reads "Loaded"
 * @property {{first: number, last: number} | null} part the parse worker's first task start and last task end before "read" (seconds, same clock)
 */

/**
 * The events of `events` that no other event of the same thread contains (so nested tasks count once).
 * @template {{pid: number, tid: number, ts: number, dur?: number}} E
 * @param {E[]} events
 * @returns {E[]}
 */
function topLevel(events) {
  /** @type {Map<string, number>} */
  const endOf = new Map();
  /** @type {E[]} */
  const outer = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))) {
    const key = `${e.pid}:${e.tid}`;
    const end = e.ts + (e.dur ?? 0);
    if (e.ts < (endOf.get(key) ?? Number.NEGATIVE_INFINITY)) continue;
    endOf.set(key, end);
    outer.push(e);
  }
  return outer;
}

/**
 * The load's phases from a trace that covers it (`toplevel` and `blink.user_timing`): the bench's
 * start mark, the data worker's marks, the status line's mark, and the parse worker's tasks (a
 * worker thread with tasks between the data worker's start and read marks). Null when a mark is
 * missing (an older build).
 * @param {Buffer} trace
 * @returns {LoadTimeline | null}
 */
function loadTimeline(trace) {
  /** @type {{traceEvents: {name: string, ph: string, pid: number, tid: number, ts: number, dur?: number, tdur?: number, args?: {name?: string}}[]}} */
  const parsed = JSON.parse(trace.toString('utf8'));
  const events = parsed.traceEvents;
  const mark = (/** @type {string} */ name) => events.find((e) => e.name === name);
  const start = mark(LOAD_START_MARK);
  const request = mark(WORKER_MARKS.start);
  const read = mark(WORKER_MARKS.read);
  const summary = mark(WORKER_MARKS.summary);
  const status = mark(LOADED_MARK);
  if (!start || !request || !read || !summary || !status) return null;
  const seconds = (/** @type {number} */ ts) => (ts - start.ts) / 1e6;
  const thread = (/** @type {{pid: number, tid: number}} */ e) => `${e.pid}:${e.tid}`;
  const workerThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'DedicatedWorker thread').map(thread));
  const tasks = topLevel(events.filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name) && e.ts >= start.ts && e.ts <= read.ts));
  const partTasks = tasks.filter((e) => workerThreads.has(thread(e)) && thread(e) !== thread(request) && e.ts >= request.ts);
  return {
    request: seconds(request.ts),
    read: seconds(read.ts),
    summary: seconds(summary.ts),
    status: seconds(status.ts),
    part:
      partTasks.length === 0
        ? null
        : { first: seconds(Math.min(...partTasks.map((e) => e.ts))), last: seconds(Math.max(...partTasks.map((e) => e.ts + (e.dur ?? 0)))) },
  };
}

/** Chart regions a loaded capture shows (five in Explore, the host-hour heatmap in Load); the wait ends when this many have drawn. */
const EXPECTED_CHART_REGIONS = 6;
/** Long tasks are collected this long after the last chart drew, so work queued behind it counts. */
const SETTLE_MS = 1_000;

/**
 * Waits until every chart region on the page (at least EXPECTED_CHART_REGIONS) holds a drawn
 * Plotly chart and the set stays complete for a settle period, then returns the seconds since
 * "Loaded" and the long tasks in that window.
 * @param {import('@playwright/test').Page} page
 * @param {number} loadedAt page clock when the status line read "Loaded"
 * @returns {Promise<ChartDraw | null>}
 */
export async function timeChartDraw(page, loadedAt) {
  const drawn = await page
    .waitForFunction(
      ({ expected, mark }) => {
        const regions = Array.from(document.querySelectorAll('[data-chart]'));
        if (regions.length < expected || !regions.every((region) => region.querySelector('.plotly-target .main-svg'))) return null;
        performance.mark(mark);
        return { at: performance.now(), regions: regions.length };
      },
      { expected: EXPECTED_CHART_REGIONS, mark: CHARTS_DRAWN_MARK },
      { polling: 'raf', timeout: 120_000 },
    )
    .then((handle) => handle.jsonValue())
    .catch(() => null);
  if (!drawn) return null;
  await page.waitForTimeout(SETTLE_MS);
  return { seconds: (drawn.at - loadedAt) / 1000, regions: drawn.regions, longTasks: await longTasksBetween(page, loadedAt, drawn.at + SETTLE_MS) };
}

/**
 * Presenter mode on the first Explore chart: open, step through every chart with →, close with
 * Esc; the long tasks from the click until one second after the last redraw.
 * @param {import('@playwright/test').Page} page
 * @returns {Promise<{ longTasks: LongTasks, charts: number } | null>}
 */
export async function presentEveryChart(page) {
  const present = page.locator('#explore [data-chart]').getByRole('button', { name: 'Present' });
  const charts = await present.count();
  if (charts === 0) return null;
  const from = await page.evaluate(() => performance.now());
  await present.first().click();
  const dialog = page.getByRole('dialog');
  for (let step = 1; step < charts; step++) {
    await dialog.locator('.main-svg').first().waitFor();
    await page.keyboard.press('ArrowRight');
    await dialog.getByText(`${step + 1} of ${charts}`).waitFor();
  }
  await dialog.locator('.main-svg').first().waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForTimeout(SETTLE_MS);
  return { charts, longTasks: await longTasksBetween(page, from, await page.evaluate(() => performance.now())) };
}

/**
 * Explore filter changes on the loaded capture: seconds from choosing a host (then all hosts)
 * until the Explore status line shows the new count, i.e. the worker aggregated and the page
 * redrew. Each filter runs over every row in the data worker.
 * @param {import('@playwright/test').Page} page
 * The long tasks cover both changes and one second after (the charts redraw behind the status).
 * @returns {Promise<{ hostSeconds: number, allHostsSeconds: number, longTasks: LongTasks } | null>}
 */
export async function timeFilterChanges(page) {
  const status = page.getByTestId('explore-status');
  const host = page.getByLabel('Host', { exact: true });
  if ((await host.count()) === 0) return null;
  await status.filter({ hasText: /^Showing/ }).waitFor({ timeout: 60_000 });
  const options = await host.locator('option').evaluateAll((nodes) => nodes.map((node) => (node instanceof HTMLOptionElement ? node.value : '')));
  const firstHost = options.find((value) => value !== 'all' && value !== 'several' && value !== '');
  if (firstHost === undefined) return null;
  const change = async (/** @type {string} */ value) => {
    const before = (await status.textContent()) ?? '';
    const started = performance.now();
    await host.selectOption(value);
    await page.waitForFunction((text) => {
      const line = document.querySelector('[data-testid="explore-status"]')?.textContent ?? '';
      return line !== text && line.startsWith('Showing');
    }, before);
    return (performance.now() - started) / 1000;
  };
  const from = await page.evaluate(() => performance.now());
  const hostSeconds = await change(firstHost);
  await page.waitForTimeout(SETTLE_MS);
  const allHostsSeconds = await change(options[0] ?? '');
  await page.waitForTimeout(SETTLE_MS);
  const longTasks = await longTasksBetween(page, from, await page.evaluate(() => performance.now()));
  return { hostSeconds, allHostsSeconds, longTasks };
}

/**
 * The self-time ranking of a `Profiler.stop` reply.
 * @param {unknown} reply
 * @param {number} limit
 */
function rankProfile(reply, limit) {
  if (!reply || typeof reply !== 'object' || !('profile' in reply)) return null;
  return topSelfTime(/** @type {import('./profile.mjs').CpuProfile} */ (reply.profile), limit);
}

/**
 * Runs the app load and the baseline `runs` times each (fresh page per run), then once more under
 * the CPU profiler when `profile` is set.
 * @param {{browser: import('@playwright/test').Browser, origin: string, capture: {path: string, bytes: number, events: number}, runs: number, profile: boolean, log: (line: string) => void}} options
 */
export async function runLoadBenchmark({ browser, origin, capture, runs, profile, log }) {
  const results = [];
  for (let run = 1; run <= runs; run++) {
    const { baseline, ...rest } = await loadOnce(browser, origin, capture, { profile: false });
    if (baseline === null) throw new Error('no baseline measured');
    const result = { ...rest, baseline };
    log(
      `  run ${run}: app ${result.app.seconds.toFixed(2)} s (page clock ${result.app.pageSeconds.toFixed(2)} s, worker says ${result.app.workerSeconds ?? '?'} s), ` +
        `baseline ${result.baseline.seconds.toFixed(2)} s (${result.baseline.lines.toLocaleString('en-US')} lines)`,
    );
    const timeline = result.app.timeline;
    if (timeline) {
      const part = timeline.part ? `parse worker busy ${timeline.part.first.toFixed(2)}–${timeline.part.last.toFixed(2)} s, ` : '';
      log(
        `    timeline from the file choice: data worker takes the request ${timeline.request.toFixed(2)} s, ${part}files read ${timeline.read.toFixed(2)} s, ` +
          `summary ${timeline.summary.toFixed(2)} s, status line ${timeline.status.toFixed(2)} s`,
      );
    }
    results.push(result);
  }
  const profiled = profile ? await loadOnce(browser, origin, capture, { profile: true }) : null;
  if (profiled) log(`  profiled run: app ${profiled.app.seconds.toFixed(2)} s (under the profiler, not comparable)`);
  return { runs: results, profiled };
}

/**
 * The app's load of the same rows as GUI CSV and as gzip JSON Lines, best of `runs` fresh pages
 * each (no bare loop: the JSON Lines runs' bare loop is over these files' decompressed / parsed text).
 * @param {{browser: import('@playwright/test').Browser, origin: string, captures: {name: string, path: string, bytes: number, events: number}[], runs: number, log: (line: string) => void}} options
 * @returns {Promise<{name: string, path: string, bytes: number, events: number, seconds: number[], workerSeconds: (number | null)[], columnBytesPerEvent: number | null}[]>}
 */
export async function runFormatLoads({ browser, origin, captures, runs, log }) {
  const results = [];
  for (const capture of captures) {
    /** @type {number[]} */
    const seconds = [];
    /** @type {(number | null)[]} */
    const workerSeconds = [];
    let columnBytesPerEvent = null;
    for (let run = 1; run <= runs; run++) {
      const { app } = await loadOnce(browser, origin, capture, { profile: false, baseline: false });
      const threads = (app.workers ?? []).map((w) => `${(w.cpuMs / 1000).toFixed(2)} s CPU / ${(w.spanMs / 1000).toFixed(2)} s span`).join(', ');
      log(
        `  ${capture.name} run ${run}: app ${app.pageSeconds.toFixed(2)} s by the page clock (Playwright ${app.seconds.toFixed(2)} s, worker says ${app.workerSeconds ?? '?'} s); worker threads in order of start ${threads || '?'}; load average ${loadavg()[0]?.toFixed(1) ?? '?'}`,
      );
      // The page's clock, as the bare loop's (see printLoad).
      seconds.push(app.pageSeconds);
      workerSeconds.push(app.workerSeconds);
      columnBytesPerEvent = app.columnBytesPerEvent;
    }
    results.push({ ...capture, seconds, workerSeconds, columnBytesPerEvent });
  }
  return results;
}
