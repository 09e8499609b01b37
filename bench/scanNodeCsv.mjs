// @ts-check
/**
 * Velociraptor GUI CSV loading in Node, one core: `readCapture` of the CSV (records matched as
 * bytes, csvTemplates.ts) and the text path it falls back to (decoded chunks → CsvReader →
 * RowCollector, every record split, unquoted and normalised), against the bare loop the browser
 * bench uses as the CSV baseline: JSON.parse per line over the same rows as JSON Lines. Runs are
 * alternated and the best of each kind is kept; CPU time (this process) is steadier than wall time.
 *
 *   node bench/capture.mjs ... (or head -n 300001 of the 1M CSV and -n 300000 of its JSON Lines)
 *   node bench/scanNodeCsv.mjs <capture.csv> <same rows.jsonl> [--runs 3] [--no-text-path]
 */
import { openAsBlob } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { build } from 'rolldown';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out', 'scan-node-csv');

const args = process.argv.slice(2);
const [csvArg, jsonlArg] = args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--runs');
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 3;
const isWithoutTextPath = args.includes('--no-text-path');
if (csvArg === undefined || jsonlArg === undefined) {
  console.error('usage: node bench/scanNodeCsv.mjs <capture.csv> <same rows.jsonl> [--runs N]');
  process.exit(2);
}
const csvFile = csvArg;
const jsonlFile = jsonlArg;

await mkdir(outDir, { recursive: true });
await build({
  input: { entry: path.join(here, 'scanNodeCsvEntry.ts') },
  platform: 'node',
  output: { dir: outDir, format: 'esm', entryFileNames: '[name].mjs' },
  logLevel: 'warn',
});
/** @type {import('./scanNodeCsvEntry')} */
const ingest = await import(pathToFileURL(path.join(outDir, 'entry.mjs')).href);

const csvBlob = await openAsBlob(csvFile);
const jsonlBlob = await openAsBlob(jsonlFile);

/** The browser bench's baseline: nothing but JSON.parse per line of the JSON Lines. */
async function bareParse() {
  const reader = jsonlBlob.stream().pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = rest + value;
    let start = 0;
    let end;
    while ((end = text.indexOf('\n', start)) !== -1) {
      if (end > start) {
        JSON.parse(text.slice(start, end));
        lines++;
      }
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim()) lines++;
  return lines;
}

function countingSink() {
  const counts = { events: 0, problems: 0 };
  const sink = {
    event() {
      counts.events++;
    },
    problem() {
      counts.problems++;
    },
    ignored() {},
    progress() {},
  };
  return { counts, sink };
}

/** The app's reader, as the data worker and the headless pipeline call it. */
async function appReader() {
  const { counts, sink } = countingSink();
  const source = {
    name: path.basename(csvFile),
    size: csvBlob.size,
    stream: () => csvBlob.stream(),
    slice: (/** @type {number} */ start, /** @type {number} */ end) => csvBlob.slice(start, end),
  };
  const outcome = await ingest.readCapture(source, sink);
  if (outcome.fatal !== null) throw new Error(outcome.fatal);
  return counts.events;
}

/** The same rows as JSON Lines through readCapture (their byte templates): how near the CSV comes to it. */
async function jsonLinesReader() {
  const { counts, sink } = countingSink();
  const source = {
    name: path.basename(jsonlFile),
    size: jsonlBlob.size,
    stream: () => jsonlBlob.stream(),
    slice: (/** @type {number} */ start, /** @type {number} */ end) => jsonlBlob.slice(start, end),
  };
  const outcome = await ingest.readCapture(source, sink);
  if (outcome.fatal !== null) throw new Error(outcome.fatal);
  return counts.events;
}

/** The text path alone: decoded chunks through CsvReader, as before the byte path. */
async function textPath() {
  const { counts, sink } = countingSink();
  const collector = new ingest.RowCollector(path.basename(csvFile), sink, { fallbackHost: null });
  const csv = new ingest.CsvReader(collector);
  const reader = csvBlob.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    csv.push(value);
  }
  csv.finish();
  return counts.events;
}

const kinds = /** @type {const} */ ([
  ['bare JSON.parse loop (JSONL)', bareParse],
  ['readCapture CSV (bytes)', appReader],
  ['readCapture JSON Lines', jsonLinesReader],
  ...(isWithoutTextPath ? [] : /** @type {const} */ ([['CSV text path (CsvReader)', textPath]])),
]);
/** @type {Map<string, {seconds: number, cpuSeconds: number, count: number}>} */
const best = new Map();
for (let run = 0; run < runs; run++) {
  for (const [name, measure] of kinds) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const count = await measure();
    const cpu = process.cpuUsage(cpuStarted);
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const previous = best.get(name);
    best.set(name, {
      seconds: Math.min(seconds, previous?.seconds ?? Infinity),
      cpuSeconds: Math.min(cpuSeconds, previous?.cpuSeconds ?? Infinity),
      count,
    });
  }
}

const baseline = best.get('bare JSON.parse loop (JSONL)');
if (baseline === undefined) throw new Error('no baseline');
const megabytes = csvBlob.size / 1e6;
console.log(`${csvFile}: ${megabytes.toFixed(0)} MB, best of ${runs}, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)}`);
for (const [name] of kinds) {
  const result = best.get(name);
  if (result === undefined) continue;
  console.log(
    `  ${name.padEnd(30)} wall ${result.seconds.toFixed(2).padStart(6)} s ${(result.seconds / baseline.seconds).toFixed(2)}× bare | cpu ${result.cpuSeconds.toFixed(2).padStart(6)} s ${(result.cpuSeconds / baseline.cpuSeconds).toFixed(2)}× bare  (${result.count} rows/events)`,
  );
}
