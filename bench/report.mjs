// @ts-check
/** Turns raw benchmark results into printed tables and the summary kept in results.json. */
import { loadavg } from 'node:os';

const MB = 1e6;

/**
 * Left-aligned first column, right-aligned others.
 * @param {(string | number)[][]} rows first row is the header
 * @returns {string[]}
 */
export function table(rows) {
  const texts = rows.map((row) => row.map(String));
  const widths = texts[0]?.map((_, column) => Math.max(...texts.map((row) => row[column]?.length ?? 0))) ?? [];
  return texts.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '));
}

/** @param {number} n */
const count = (n) => Math.round(n).toLocaleString('en-US');

/**
 * @template T
 * @param {T[]} items
 * @param {(item: T) => number} key
 * @returns {T}
 */
function smallest(items, key) {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('no results');
  return rest.reduce((best, item) => (key(item) < key(best) ? item : best), first);
}

/**
 * @param {Awaited<ReturnType<typeof import('./loadBench.mjs').runLoadBenchmark>>} load
 * @param {{path: string, bytes: number, events: number}} capture
 * @param {(line: string) => void} log
 */
export function printLoad(load, capture, log) {
  // Both sides by the page's clock (performance.now() in the page): the app from just before
  // setInputFiles to the status line's change (a MutationObserver), the bare loop around its worker's
  // answer. Playwright's own time is printed beside it: it notices the status line 0.1–0.4 s late
  // on a busy machine, which is its polling, not the load.
  const pageSecondsOf = (/** @type {(typeof load.runs)[number]} */ run) => run.app.pageSeconds;
  const bestPage = smallest(load.runs, pageSecondsOf);
  const bestBaseline = smallest(load.runs, (run) => run.baseline.seconds).baseline;
  const rate = (/** @type {number} */ seconds) => ({ seconds, mbPerSecond: capture.bytes / MB / seconds, eventsPerSecond: capture.events / seconds });
  const app = rate(pageSecondsOf(bestPage));
  const baseline = rate(bestBaseline.seconds);
  const ratio = app.seconds / baseline.seconds;
  const runs = load.runs.length;
  log(`Capture: ${(capture.bytes / MB).toFixed(1)} MB JSON Lines (MB = 10^6 bytes), ${count(capture.events)} process starts, seed 42`);
  for (const line of table([
    ['', 'seconds', 'MB/s', 'events/s'],
    [`app: Open capture → "Loaded …", page clock (best of ${runs})`, app.seconds.toFixed(2), app.mbPerSecond.toFixed(1), count(app.eventsPerSecond)],
    [`baseline: stream+split+JSON.parse (best of ${runs})`, baseline.seconds.toFixed(2), baseline.mbPerSecond.toFixed(1), count(baseline.eventsPerSecond)],
  ])) {
    log(`  ${line}`);
  }
  log(`  ratio app / baseline: ${ratio.toFixed(2)} (goal ≤ 0.6, issue 14)`);
  const playwrightSeconds = Math.min(...load.runs.map((r) => r.app.seconds));
  const playwrightRatio = playwrightSeconds / baseline.seconds;
  log(
    `  as Playwright saw it (setInputFiles → its wait for the status line), best: ${playwrightSeconds.toFixed(2)} s → ${playwrightRatio.toFixed(2)}; ` +
      `per run ${load.runs.map((r) => `${r.app.seconds.toFixed(2)} s`).join(', ')}`,
  );
  const appInside = Math.min(...load.runs.map((r) => r.app.workerSeconds ?? Number.POSITIVE_INFINITY));
  const baselineInside = Math.min(...load.runs.map((r) => r.baseline.workerSeconds));
  log(
    `  inside the workers (app's own "Loaded in" vs the bare loop's clock), best: ${appInside.toFixed(2)} s vs ${baselineInside.toFixed(2)} s` +
      ` → ${(appInside / baselineInside).toFixed(2)}; per run app ${load.runs.map((r) => `${r.app.workerSeconds ?? '?'} s`).join(', ')}`,
  );

  const heaps = load.runs.map((run) => {
    const { before, after, settled } = run.app.heap;
    const totalOf = (/** @type {{usedBytes: number, backingStorageBytes: number | null}} */ h) => h.usedBytes + (h.backingStorageBytes ?? 0);
    const total = totalOf(settled);
    return {
      jsHeap: settled.usedBytes,
      arrayBuffers: settled.backingStorageBytes,
      total,
      bytesPerEvent: total / capture.events,
      deltaBytesPerEvent: before === null ? null : (total - totalOf(before)) / capture.events,
      rightAfterLoadBytesPerEvent: totalOf(after) / capture.events,
      peakBytesPerEvent: Math.max(totalOf(after), settled.peakBytes) / capture.events,
      settledAfterMs: settled.settledAfterMs,
      isSettled: settled.isSettled,
    };
  });
  const heap = smallest(heaps, (h) => -h.total);
  log(
    `  data worker retained, forced GC, once steady (largest of ${runs}): JS heap ${(heap.jsHeap / MB).toFixed(1)} MB + array buffers ${((heap.arrayBuffers ?? 0) / MB).toFixed(1)} MB` +
      ` = ${(heap.total / MB).toFixed(1)} MB → ${heap.bytesPerEvent.toFixed(1)} bytes/event (goal ≤ 48, issue 14; ${heap.deltaBytesPerEvent === null ? 'the worker started with the load' : `${heap.deltaBytesPerEvent.toFixed(1)} over the idle worker`})`,
  );
  log(
    `  right after "Loaded": ${heaps.map((h) => h.rightAfterLoadBytesPerEvent.toFixed(1)).join(', ')} bytes/event; highest while settling: ${heaps.map((h) => h.peakBytesPerEvent.toFixed(1)).join(', ')}; steady after ${heaps.map((h) => `${(h.settledAfterMs / 1000).toFixed(1)} s${h.isSettled ? '' : ' (still changing at the time-out)'}`).join(', ')}`,
  );
  const columns = load.runs[0]?.app;
  log(`  app summary: columns hold ${columns?.columnBytesText ?? '?'} (${columns?.columnBytesPerEvent ?? '?'} bytes per event)`);
  /** @param {{count: number, longestMs: number, totalMs: number}} t */
  const tasks = (t) => `${t.count} long task(s), longest ${t.longestMs.toFixed(0)} ms, total ${t.totalMs.toFixed(0)} ms`;
  /** @param {{count: number, tasks: number, longestCpuMs: number, longestWallMs: number} | undefined} t */
  const cpuTasks = (t) =>
    t
      ? `; by CPU time (trace): ${t.count} of ${t.tasks} task(s) over 50 ms, longest ${t.longestCpuMs.toFixed(0)} ms CPU (longest wall ${t.longestWallMs.toFixed(0)} ms)`
      : '';
  log(`  main thread during load: ${load.runs.map((run) => tasks(run.app.longTasks)).join(' | ')}`);
  log(
    `  main thread after "Loaded" until the charts drew (goal: no task over 50 ms, issue 14): ${load.runs
      .map((run) =>
        run.app.charts
          ? `${tasks(run.app.charts.longTasks)}; ${run.app.charts.regions} charts in ${run.app.charts.seconds.toFixed(2)} s` + cpuTasks(run.app.charts.cpu)
          : 'charts did not all draw',
      )
      .join(' | ')}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const filters = load.runs.map((run) => run.app.explore).filter((e) => e !== null);
  if (filters.length > 0) {
    log(
      `  Explore filter change on all events (choose a host / back to all hosts → redrawn): ${filters.map((e) => `${(e.hostSeconds * 1000).toFixed(0)} ms / ${(e.allHostsSeconds * 1000).toFixed(0)} ms; ${tasks(e.longTasks)}${cpuTasks(e.cpu)}`).join(' | ')}`,
    );
  }
  const presenters = load.runs.map((run) => run.app.presenter).filter((p) => p !== null);
  if (presenters.length > 0)
    log(`  presenter mode through every chart: ${presenters.map((p) => `${p.charts} charts, ${tasks(p.longTasks)}${cpuTasks(p.cpu)}`).join(' | ')}`);

  const profile = load.profiled?.profile;
  if (profile?.worker) {
    log(
      `  data worker CPU profile of one extra load (${(profile.worker.busyMs / 1000).toFixed(2)} s busy, ${(profile.worker.idleMs / 1000).toFixed(2)} s idle), top self time:`,
    );
    for (const line of table([['function', 'ms', 'share'], ...profile.worker.top.map((t) => [t.function, t.ms.toFixed(0), `${(t.share * 100).toFixed(1)}%`])]))
      log(`    ${line}`);
    log('  same profile, total time (function anywhere on the stack):');
    for (const line of table([
      ['function', 'ms', 'share'],
      ...profile.worker.total.map((t) => [t.function, t.ms.toFixed(0), `${(t.share * 100).toFixed(1)}%`]),
    ]))
      log(`    ${line}`);
  }
  if (profile?.main) {
    log(
      `  main thread in that load: ${(profile.main.busyMs / 1000).toFixed(2)} s busy; top: ${profile.main.top
        .slice(0, 5)
        .map((t) => `${t.function} ${t.ms.toFixed(0)} ms`)
        .join(', ')}`,
    );
  }
  return {
    capture: { file: capture.path.slice(capture.path.lastIndexOf('/') + 1), bytes: capture.bytes, events: capture.events },
    runs,
    app,
    baseline,
    ratio,
    playwright: { appSeconds: playwrightSeconds, ratio: playwrightRatio },
    insideWorkers: { appSeconds: appInside, baselineSeconds: baselineInside, ratio: appInside / baselineInside },
    perRun: load.runs.map((run) => ({
      appSeconds: run.app.seconds,
      appWorkerSeconds: run.app.workerSeconds,
      appPageSeconds: run.app.pageSeconds,
      timeline: run.app.timeline,
      baselineSeconds: run.baseline.seconds,
      baselineLines: run.baseline.lines,
      heap: run.app.heap,
      longTasks: run.app.longTasks,
      charts: run.app.charts,
      explore: run.app.explore,
      presenter: run.app.presenter,
      statusLine: run.app.statusLine,
      errors: run.errors,
    })),
    retained: heap,
    appColumnBytesPerEvent: columns?.columnBytesPerEvent ?? null,
    profile: load.profiled ? { appSecondsUnderProfiler: load.profiled.app.seconds, ...load.profiled.profile } : null,
  };
}

/**
 * @param {import('./trainBenchProtocol').TrainBenchResult} result
 * @param {number} capSeconds
 * @param {(line: string) => void} log
 */
export function printTrain(result, capSeconds, log) {
  log(`Table: ${count(result.tableRows)} rows from ${result.tableSource}`);
  log(`Model: defaultModelSettings + defaultFeatureSettings, input width ${result.inputWidth}, ${count(result.totalParams)} parameters, 1 epoch per timed run`);
  const rows = result.measurements.map((m) => {
    const ratio = m.appExamplesPerSecond !== null && m.bareExamplesPerSecond !== null ? m.appExamplesPerSecond / m.bareExamplesPerSecond : null;
    return { ...m, ratio };
  });
  for (const line of table([
    ['backend', 'batch', 'rows', 'app ex/s', 'bare fit ex/s', 'app/bare', 'app/ceiling'],
    ...rows.map((m) => [
      m.backend,
      m.batchSize,
      m.rows > 0 ? count(m.rows) : '—',
      m.appExamplesPerSecond === null ? '—' : count(m.appExamplesPerSecond),
      m.bareExamplesPerSecond === null ? '—' : count(m.bareExamplesPerSecond),
      m.ratio === null ? '—' : m.ratio.toFixed(2),
      m.appExamplesPerSecond === null || !m.ceilingExamplesPerSecond ? '—' : `${((100 * m.appExamplesPerSecond) / m.ceilingExamplesPerSecond).toFixed(0)}%`,
    ]),
  ])) {
    log(`  ${line}`);
  }
  const ceilings = Object.entries(result.matMulGflops).map(
    ([backend, gflops]) => `${backend} ${gflops.toFixed(1)} GFLOP/s → ${count((gflops * 1e9) / result.flopsPerExample)} ex/s`,
  );
  log(`  ceiling: ${count(result.flopsPerExample)} FLOP/example of matrix products at a 512² matMul's rate: ${ceilings.join(', ')}`);
  log(`  target app/bare ≥ 0.9. Each figure is the best of 3 alternating 1-epoch runs (app, bare, app, bare, …) after a warm-up;`);
  log(`  rows < ${count(result.tableRows)} means the run was cut to ~${capSeconds} s at the probed rate.`);
  for (const [backend, note] of Object.entries(result.backendNotes)) log(`  ${backend}: ${note}`);
  for (const m of rows) if (m.note) log(`  ${m.backend} batch ${m.batchSize}: ${m.note}`);
  return { ...result, measurements: rows, capSeconds };
}

/**
 * Threaded wasm's examples/s over one thread's, per batch size, from two runs of the training page.
 * @param {import('./trainBenchProtocol').TrainBenchResult} threaded
 * @param {import('./trainBenchProtocol').TrainBenchResult} oneThread
 * @param {(line: string) => void} log
 */
export function printThreadGain(threaded, oneThread, log) {
  for (const m of threaded.measurements.filter((row) => row.backend === 'wasm')) {
    const single = oneThread.measurements.find((row) => row.backend === 'wasm' && row.batchSize === m.batchSize);
    const ratio = m.appExamplesPerSecond !== null && single?.appExamplesPerSecond ? m.appExamplesPerSecond / single.appExamplesPerSecond : null;
    log(
      `  wasm batch ${m.batchSize}: ${threaded.backendNotes.wasm ?? 'threaded'} ${m.appExamplesPerSecond === null ? '—' : count(m.appExamplesPerSecond)} ex/s vs one thread ${single?.appExamplesPerSecond ? count(single.appExamplesPerSecond) : '—'} → ×${ratio === null ? '—' : ratio.toFixed(2)}`,
    );
  }
}

/**
 * The CSV and gzip loads as ratios to the JSON Lines runs' bare loop (best of its runs), which
 * is the same loop over their parsed / decompressed text.
 * @param {Awaited<ReturnType<typeof import('./loadBench.mjs').runFormatLoads>>} loads
 * @param {number} baselineSeconds
 * @param {(line: string) => void} log
 */
export function printFormatLoads(loads, baselineSeconds, log) {
  const rows = loads.map((load) => {
    const seconds = Math.min(...load.seconds);
    const workerSeconds = Math.min(...load.workerSeconds.map((s) => s ?? Number.POSITIVE_INFINITY));
    return { name: load.name, bytes: load.bytes, events: load.events, seconds, workerSeconds, ratio: seconds / baselineSeconds };
  });
  for (const line of table([
    ['', 'MB', 'seconds', 'events/s', 'ratio to the bare loop'],
    ...rows.map((row) => [
      `app: ${row.name} (best of ${loads[0]?.seconds.length ?? 0})`,
      (row.bytes / MB).toFixed(1),
      row.seconds.toFixed(2),
      count(row.events / row.seconds),
      row.ratio.toFixed(2),
    ]),
  ])) {
    log(`  ${line}`);
  }
  log(
    `  (bare loop: stream+split+JSON.parse over the same rows as JSON Lines, ${baselineSeconds.toFixed(2)} s — the CSV's parsed and the gzip's decompressed text)`,
  );
  return { baselineSeconds, loads: rows };
}
