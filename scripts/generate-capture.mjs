#!/usr/bin/env node
// @ts-check
/**
 * Writes a seeded, realistic Velociraptor `watch_etw` capture of Microsoft-Windows-Kernel-Process
 * (0.74+ row shape) as Velociraptor would export it: JSON Lines, `--format json` (indented arrays
 * of up to 10 rows, back to back) or GUI CSV, optionally gzipped. Streams with backpressure, so
 * millions of rows need little memory.
 *
 *   node scripts/generate-capture.mjs --out FILE [--events 40000] [--seed 42] [--days 5]
 *     [--start 2026-03-02] [--hosts 4] [--tz +1,+1,0,-5] [--starts-only] [--loads-per-start 3]
 *     [--format jsonl|json|csv] [--gzip] [--no-hostname] [--no-ts]
 *
 * Host names: real `watch_etw` rows carry no host; Velociraptor keeps it in the client id of the
 * path (`clients/C.xxxxxxxxxxxxxxxx/…`). So that one file can hold several hosts, rows get a
 * top-level `Hostname` by default (`--with-hostname`, on unless `--no-hostname`). Without it,
 * generate one host per file (`--hosts 1`) and put the printed client id in the file name.
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateRows, summarise, hostProfiles, clientIdOf, resolveOptions, PROVIDER_GUID } from './captureModel.mjs';

export { generateRows, summarise, hostProfiles, clientIdOf, resolveOptions, PROVIDER_GUID };

/** @typedef {import('./captureModel.mjs').GenerateOptions} GenerateOptions */
/** @typedef {'jsonl' | 'json' | 'csv'} CaptureFileFormat */

/** Velociraptor's `--format json` writes rows in arrays of at most this many. */
export const JSON_BATCH_ROWS = 10;

/** The GUI guards spreadsheet formulas: strings starting like these get a TAB in front. */
const CSV_GUARDED_START = /^[=+@\t\r\n]/;

/** @param {unknown} value @returns {string} */
function csvCell(value) {
  let text;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = CSV_GUARDED_START.test(value) ? `\t${value}` : value;
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  // Go's encoding/csv quotes on separators, quotes, line breaks and a leading space or TAB.
  return /[",\r\n]/.test(text) || /^[ \t]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Serialises rows in one of Velociraptor's export formats, as text chunks.
 * @param {Iterable<Record<string, unknown>>} rows
 * @param {CaptureFileFormat} format
 * @returns {Generator<string, void, void>}
 */
export function* serialiseRows(rows, format) {
  switch (format) {
    case 'jsonl':
      for (const row of rows) yield `${JSON.stringify(row)}\n`;
      return;
    case 'json': {
      /** @type {Record<string, unknown>[]} */
      let batch = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length === JSON_BATCH_ROWS) {
          yield JSON.stringify(batch, null, 1);
          batch = [];
        }
      }
      if (batch.length > 0) yield JSON.stringify(batch, null, 1);
      return;
    }
    case 'csv': {
      /** @type {string[] | null} */
      let header = null;
      for (const row of rows) {
        if (header === null) {
          header = Object.keys(row);
          yield `${header.map(csvCell).join(',')}\n`;
        }
        yield `${header.map((key) => csvCell(row[key])).join(',')}\n`;
      }
      return;
    }
    default:
      throw new Error(`unknown format ${String(format)} (jsonl, json or csv)`);
  }
}

/**
 * @typedef {object} WriteResult
 * @property {string} out
 * @property {number} rows
 * @property {Record<string, number>} byEventId
 * @property {Record<string, number>} byHost
 * @property {number} bytes uncompressed bytes written
 * @property {number} fileBytes size of the file on disk
 * @property {number} seconds
 */

/**
 * Generates and writes a capture file.
 * @param {GenerateOptions & {out: string, format?: CaptureFileFormat, gzip?: boolean}} options
 * @returns {Promise<WriteResult>}
 */
export async function writeCapture(options) {
  const { out, format = 'jsonl', gzip = false, ...generate } = options;
  const started = performance.now();
  const file = createWriteStream(out);
  const gzipper = gzip ? createGzip({ level: 6 }) : null;
  if (gzipper) gzipper.pipe(file);
  const sink = gzipper ?? file;
  const counted = { rows: 0, byEventId: /** @type {Record<string, number>} */ ({}), byHost: /** @type {Record<string, number>} */ ({}) };
  /** @param {Iterable<Record<string, unknown>>} rows */
  function* counting(rows) {
    for (const row of rows) {
      counted.rows++;
      const system = /** @type {{ID: number}} */ (row.System);
      counted.byEventId[system.ID] = (counted.byEventId[system.ID] ?? 0) + 1;
      const host = typeof row.Hostname === 'string' ? row.Hostname : '';
      counted.byHost[host] = (counted.byHost[host] ?? 0) + 1;
      yield row;
    }
  }
  let pending = '';
  let bytes = 0;
  for (const chunk of serialiseRows(counting(generateRows(generate)), format)) {
    pending += chunk;
    if (pending.length >= 1 << 16) {
      bytes += Buffer.byteLength(pending);
      if (!sink.write(pending)) await once(sink, 'drain');
      pending = '';
    }
  }
  bytes += Buffer.byteLength(pending);
  sink.end(pending);
  await finished(file);
  const { size } = await stat(out);
  return {
    out,
    rows: counted.rows,
    byEventId: counted.byEventId,
    byHost: counted.byHost,
    bytes,
    fileBytes: size,
    seconds: (performance.now() - started) / 1000,
  };
}

/** One line for the terminal. @param {WriteResult} result */
export function describeResult(result) {
  const ids = Object.entries(result.byEventId)
    .map(([id, n]) => `id ${id}: ${n}`)
    .join(', ');
  const hosts = Object.keys(result.byHost).filter(Boolean).length;
  const raw = result.bytes === result.fileBytes ? '' : ` (${result.bytes} uncompressed)`;
  return `${result.out}: ${result.rows} rows (${ids}) from ${hosts || 'unnamed'} host(s), ${result.fileBytes} bytes${raw}, ${result.seconds.toFixed(2)} s`;
}

const USAGE = `usage: node scripts/generate-capture.mjs --out FILE [options]
  --events N           total rows (default 40000)
  --seed N             (default 42)
  --days N             capture length in days (default 5)
  --start YYYY-MM-DD   first UTC day (default 2026-03-02, a Monday)
  --hosts N            number of hosts (default 4)
  --tz LIST            UTC offsets in hours per host, comma-separated (default +1,+1,0,-5)
  --starts-only        only ProcessStart (event 1) rows
  --loads-per-start N  mean ImageLoad rows per process start (default 3)
  --format F           jsonl (default), json (Velociraptor --format json) or csv (GUI CSV)
  --gzip               gzip the output
  --with-hostname      top-level Hostname on each row (default on)
  --no-hostname        rows without Hostname, as watch_etw emits them
  --no-ts              rows without _ts (as from \`velociraptor query\` rather than stored results)`;

/**
 * @param {readonly string[]} argv
 * @returns {GenerateOptions & {out: string, format: CaptureFileFormat, gzip: boolean}}
 */
export function parseArguments(argv) {
  /** @type {Record<string, string | boolean>} */
  const flags = {};
  const valued = new Set(['out', 'events', 'seed', 'days', 'start', 'hosts', 'tz', 'format', 'loads-per-start']);
  const bare = new Set(['starts-only', 'gzip', 'with-hostname', 'no-hostname', 'no-ts', 'help']);
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    const name = /** @type {string} */ (match[1]);
    if (bare.has(name)) flags[name] = true;
    else if (valued.has(name)) {
      const value = match[2] ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      flags[name] = value;
    } else throw new Error(`unknown option --${name}\n${USAGE}`);
  }
  if (flags.help) throw new Error(USAGE);
  if (typeof flags.out !== 'string') throw new Error(`--out FILE is required\n${USAGE}`);
  /** @param {string} name @returns {number | undefined} */
  const number = (name) => {
    const value = flags[name];
    if (typeof value !== 'string') return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) throw new Error(`--${name} must be a number, got ${value}`);
    return parsed;
  };
  const format = typeof flags.format === 'string' ? flags.format : 'jsonl';
  if (format !== 'jsonl' && format !== 'json' && format !== 'csv') throw new Error(`--format must be jsonl, json or csv, got ${format}`);
  /** @type {GenerateOptions & {out: string, format: CaptureFileFormat, gzip: boolean}} */
  const options = {
    out: flags.out,
    format,
    gzip: flags.gzip === true,
    startsOnly: flags['starts-only'] === true,
    withHostname: flags['no-hostname'] !== true,
    withTs: flags['no-ts'] !== true,
  };
  const events = number('events');
  const seed = number('seed');
  const days = number('days');
  const hosts = number('hosts');
  const loads = number('loads-per-start');
  if (events !== undefined) options.events = events;
  if (seed !== undefined) options.seed = seed;
  if (days !== undefined) options.days = days;
  if (hosts !== undefined) options.hosts = hosts;
  if (loads !== undefined) options.imageLoadsPerStart = loads;
  if (typeof flags.start === 'string') options.start = flags.start;
  if (typeof flags.tz === 'string') {
    options.hostOverrides = flags.tz.split(',').map((offset) => {
      const tzHours = Number(offset);
      if (!Number.isFinite(tzHours) || Math.abs(tzHours) > 14) throw new Error(`--tz offsets must be hours in [-14, 14], got ${offset}`);
      return { tzHours };
    });
  }
  resolveOptions(options);
  return options;
}

async function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
    return;
  }
  const result = await writeCapture(options);
  console.log(describeResult(result));
  if (!options.withHostname) {
    const ids = hostProfiles(options.hosts ?? 4, options.hostOverrides).map((h) => `${h.name}=${clientIdOf(h.name)}`);
    console.log(`rows carry no host; client ids: ${ids.join(' ')}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
