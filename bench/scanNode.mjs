// @ts-check
/**
 * JSON Lines loading in Node, one core: `readCapture` (field scanner + normalisers, events to a
 * counting sink) against the bare loop the browser bench uses as baseline (stream →
 * TextDecoderStream → split on '\n' → JSON.parse per line), over the same file. Also times the
 * scanner alone on the same lines, and the old path (every line JSON.parse'd, then normalised).
 * Runs are alternated and the best of each kind is kept.
 *
 *   node scripts/generate-capture.mjs --out /tmp/cap.jsonl --events 300000 --starts-only --seed 1
 *   node bench/scanNode.mjs /tmp/cap.jsonl [--runs 3]
 *
 * With a CSV capture and `--jsonl` the same rows as JSON Lines: Velociraptor GUI CSV through
 * `readCapture` (records matched as bytes, csvTemplates.ts) and through the text path it falls
 * back to (decoded chunks → CsvReader, every record split, unquoted and normalised), against the
 * bare loop over the JSON Lines (the browser bench's CSV baseline) and readCapture of them.
 *
 *   node bench/scanNode.mjs /tmp/cap.csv --jsonl /tmp/cap.jsonl [--runs 3] [--no-text-path]
 *
 * Both readers share templateEvent and ByteCaptures, whose call sites turn polymorphic when both
 * run in one process (the app reads each file in its own worker): there the CSV reads ~1.4× the
 * CPU of the JSON Lines, in separate processes ~1.05×.
 *
 * The TypeScript sources are bundled once with rolldown (Vite's bundler) into bench/out/.
 */
import { openAsBlob } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { build } from 'rolldown';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'out', 'scan-node');

const args = process.argv.slice(2);
/** @param {string} name */
const valueOf = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const file = args.find((arg, index) => !arg.startsWith('--') && !['--runs', '--jsonl'].includes(args[index - 1] ?? ''));
const runs = Number(valueOf('--runs') ?? 3);
const jsonlFile = valueOf('--jsonl');
const isCsv = file?.endsWith('.csv') === true;
if (file === undefined || (isCsv && jsonlFile === undefined)) {
  console.error('usage: node bench/scanNode.mjs <capture.jsonl> [--runs N] | <capture.csv> --jsonl <same rows.jsonl> [--runs N] [--no-text-path]');
  process.exit(2);
}

await mkdir(outDir, { recursive: true });
await build({
  input: { entry: path.join(here, 'scanNodeEntry.ts') },
  platform: 'node',
  output: { dir: outDir, format: 'esm', entryFileNames: '[name].mjs' },
  logLevel: 'warn',
});
/** @type {import('./scanNodeEntry')} */
const ingest = await import(pathToFileURL(path.join(outDir, 'entry.mjs')).href);

const blob = await openAsBlob(file);
/** The JSON Lines the bare loop and the scanner read: the capture, or the same rows as the CSV's. */
const linesBlob = jsonlFile === undefined ? blob : await openAsBlob(jsonlFile);

/**
 * A capture file as the app gets a File (read by 4 MiB ranges).
 * @param {Blob} fileBlob
 * @param {string} name
 */
function sourceOf(fileBlob, name) {
  return {
    name: path.basename(name),
    size: fileBlob.size,
    stream: () => fileBlob.stream(),
    slice: (/** @type {number} */ start, /** @type {number} */ end) => fileBlob.slice(start, end),
  };
}

/**
 * Streams the JSON Lines as text and hands each non-empty line to `onLine`.
 * @param {(line: string) => void} onLine
 */
async function eachLine(onLine) {
  const reader = linesBlob.stream().pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = rest + value;
    let start = 0;
    let end;
    while ((end = text.indexOf('\n', start)) !== -1) {
      if (end > start) onLine(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim()) onLine(rest);
}

/** The browser bench's baseline, verbatim in spirit: nothing but JSON.parse per line. */
async function bareParse() {
  let lines = 0;
  await eachLine((line) => {
    JSON.parse(line);
    lines++;
  });
  return lines;
}

/** The field reader alone (templates, then the scanner) on the same lines: no normaliser, no sink. */
async function fieldsOnly() {
  let read = 0;
  const fieldReader = new ingest.RowFieldReader(new ingest.FieldParsers());
  await eachLine((line) => {
    if (fieldReader.read(line) !== null) read++;
  });
  return read;
}

/** The scanner alone, without templates. */
async function scanOnly() {
  let scanned = 0;
  await eachLine((line) => {
    if (ingest.scanRowFields(line) !== null) scanned++;
  });
  return scanned;
}

/** Before the scanner: JSON.parse every line, then the normaliser. */
async function parseAndNormalize() {
  let events = 0;
  const context = ingest.normalizeContext(null);
  await eachLine((line) => {
    if (ingest.normalizeRow(JSON.parse(line), context).kind === 'event') events++;
  });
  return events;
}

/** A sink that counts events. */
function countingSink() {
  const counts = { events: 0 };
  const sink = {
    event() {
      counts.events++;
    },
    problem() {},
    ignored() {},
    progress() {},
  };
  return { counts, sink };
}

/**
 * The app's reader, as the data worker and the headless pipeline call it.
 * @param {Blob} fileBlob
 * @param {string} name
 */
async function appReader(fileBlob, name) {
  const { counts, sink } = countingSink();
  const outcome = await ingest.readCapture(sourceOf(fileBlob, name), sink);
  if (outcome.fatal !== null) throw new Error(outcome.fatal);
  return counts.events;
}

/** The CSV text path alone: decoded chunks through CsvReader, as before the byte path. */
async function csvTextPath() {
  const { counts, sink } = countingSink();
  const csv = new ingest.CsvReader(new ingest.RowCollector(path.basename(file ?? ''), sink, ingest.normalizeContext(null)));
  const reader = blob.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    csv.push(value);
  }
  csv.finish();
  return counts.events;
}

/** @type {[string, () => Promise<number>][]} */
const kinds = isCsv
  ? [
      ['bare JSON.parse loop (JSONL)', bareParse],
      ['readCapture CSV (bytes)', () => appReader(blob, file)],
      ['readCapture JSON Lines', () => appReader(linesBlob, jsonlFile ?? '')],
      ...(args.includes('--no-text-path') ? [] : /** @type {[string, () => Promise<number>][]} */ ([['CSV text path (CsvReader)', csvTextPath]])),
    ]
  : [
      ['bare JSON.parse loop', bareParse],
      ['readCapture (scanner)', () => appReader(blob, file)],
      ['field reader only', fieldsOnly],
      ['scanner only (no templates)', scanOnly],
      ['JSON.parse + normalizeRow', parseAndNormalize],
    ];
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

const baseline = best.get(kinds[0]?.[0] ?? '');
if (baseline === undefined) throw new Error('no baseline');
const megabytes = blob.size / 1e6;
// The machine is shared: CPU time (user + system of this process) is steadier than wall time under load.
console.log(`${file}: ${megabytes.toFixed(0)} MB, best of ${runs}, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)}`);
for (const [name] of kinds) {
  const result = best.get(name);
  if (result === undefined) continue;
  const ratio = result.seconds / baseline.seconds;
  const cpuRatio = result.cpuSeconds / baseline.cpuSeconds;
  console.log(
    `  ${name.padEnd(30)} wall ${result.seconds.toFixed(2).padStart(6)} s ${ratio.toFixed(2)}× bare | cpu ${result.cpuSeconds.toFixed(2).padStart(6)} s ${cpuRatio.toFixed(2)}× bare, ${(megabytes / result.cpuSeconds).toFixed(0).padStart(4)} MB/cpu-s  (${result.count} rows/events)`,
  );
}
