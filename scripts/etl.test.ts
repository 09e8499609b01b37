/**
 * `npm run etl` end to end: the CLI (the real launcher and bundle) on a generated capture and on
 * the real public captures, its Parquet read back with DuckDB, and the figures compared with
 * what the app's own load (loadSources) and Explore aggregate give on the same files.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openAsBlob, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRows } from './captureModel.mjs';
import { emptyFrame } from '../src/frame/frame';
import { buildZip } from '../src/test-support/testZip';
import { NO_FILTER, aggregate, filterMask } from '../src/frame/query';
import { readCaptureParquet, type ParquetCaptureSource } from '../src/formats/parquetCaptureReader';
import type { CaptureSource } from '../src/ingest/types';
import { loadSources } from '../src/worker/captureLoader';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'etwlab-etl-'));

/** The shared real captures: ../shared/data beside the checkout (as CI lays it), else /work/shared/data. */
const sharedData = [resolve(root, '../shared/data'), '/work/shared/data'].find((path) => existsSync(path)) ?? null;

async function etl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'scripts', 'etl.mjs'), ...args], { cwd: root, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

async function fileSource(path: string): Promise<CaptureSource & ParquetCaptureSource> {
  const blob = await openAsBlob(path);
  return { name: path, size: blob.size, stream: () => blob.stream(), slice: (start, end) => blob.slice(start, end) };
}

interface Figures {
  eventIds: Record<string, number>;
  hosts: Record<string, number>;
  /** Counts of the ten most frequent names and folders (ties make the names themselves ambiguous). */
  topNameCounts: number[];
  topFolderCounts: number[];
  /** Lower-cased name or folder → count, for the app's top ten. */
  names: Record<string, number>;
  folders: Record<string, number>;
  hours: number[];
}

/** Figures the app shows for these files: Load's events per id, Explore's hosts, top names and folders and hour histogram. */
async function appFigures(paths: readonly string[]): Promise<Figures> {
  const sources = await Promise.all(paths.map(fileSource));
  const { frame } = await loadSources(sources, { label: 'known-good', partReader: null, utcOffsetMinutes: 0, maxEvents: 50_000_000 });
  const all = aggregate(frame, filterMask(frame, NO_FILTER), 10);
  const hours = Array.from({ length: 24 }, (_, hour) => all.hourByLabel.reduce((sum, byLabel) => sum + (byLabel[hour] ?? 0), 0));
  return {
    eventIds: Object.fromEntries(all.eventIdCounts.map((c) => [String(c.eventId), c.count])),
    hosts: Object.fromEntries(all.hosts.map((h) => [h.value, h.total])),
    topNameCounts: all.topNames.map((n) => n.total),
    topFolderCounts: all.topFolders.map((f) => f.total),
    names: Object.fromEntries(all.topNames.map((n) => [n.value.toLowerCase(), n.total])),
    folders: Object.fromEntries(all.topFolders.map((f) => [f.value.toLowerCase(), f.total])),
    hours,
  };
}

let duck: DuckDBConnection;

beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});

afterAll(() => {
  duck.closeSync();
  rmSync(work, { recursive: true, force: true });
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJS();
}

function partitioned(out: string): string {
  return `read_parquet('${out.replace(/'/g, "''")}/**/*.parquet', hive_partitioning = true, hive_types = {'host': VARCHAR, 'date': DATE})`;
}

async function countsBy(out: string, key: string, where = 'true'): Promise<Record<string, number>> {
  const result = await rows(`select ${key} as k, count(*) as n from ${partitioned(out)} where ${where} group by all`);
  return Object.fromEntries(result.map((r) => [String(r['k']), Number(r['n'])]));
}

/** The same figures computed by DuckDB over the CLI's output. */
async function duckFigures(out: string, app: Figures): Promise<Figures> {
  const top = async (column: string): Promise<number[]> =>
    (await rows(`select count(*) as n from ${partitioned(out)} group by lower(${column}) order by n desc limit 10`)).map((r) => Number(r['n']));
  const counted = async (column: string, keys: string[]): Promise<Record<string, number>> => {
    const all = await countsBy(out, `lower(${column})`);
    return Object.fromEntries(keys.map((key) => [key, all[key] ?? 0]));
  };
  const hours = await countsBy(out, 'hour', 'hour is not null');
  return {
    eventIds: await countsBy(out, 'event_id'),
    hosts: await countsBy(out, 'host'),
    topNameCounts: await top('file_name'),
    topFolderCounts: await top('folder'),
    names: await counted('file_name', Object.keys(app.names)),
    folders: await counted('folder', Object.keys(app.folders)),
    hours: Array.from({ length: 24 }, (_, hour) => hours[String(hour)] ?? 0),
  };
}

describe('npm run etl', () => {
  it('writes a generated capture as Hive partitions whose figures DuckDB reads back equal to the app’s', async () => {
    const capture = join(work, 'generated.jsonl.gz');
    await run(process.execPath, [join(root, 'scripts', 'generate-capture.mjs'), '--out', capture, '--events', '30000', '--seed', '15', '--gzip']);
    const out = join(work, 'generated-out');
    const result = await etl('--out', out, '--batch-rows', '4096', '--quiet', capture);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Wrote 30,000 events to \d+ Parquet files/);
    expect(result.stdout).toMatch(/Events per id: 1: [\d,]+, 2: [\d,]+, 5: [\d,]+, 6: [\d,]+/);
    expect(result.stdout).toMatch(/MB\/s/);

    const hosts = readdirSync(out).sort();
    expect(hosts.length).toBeGreaterThan(1);
    expect(hosts.every((name) => name.startsWith('host='))).toBe(true);
    expect(readdirSync(join(out, hosts[0] ?? '')).every((name) => /^date=\d{4}-\d{2}-\d{2}$/.test(name))).toBe(true);

    const app = await appFigures([capture]);
    const duckdb = await duckFigures(out, app);
    expect(duckdb).toEqual(app);
    // Stored types: an integer event id, a UTC timestamp, dictionary-encoded text.
    const types = Object.fromEntries(
      (await rows(`describe select event_id, time, file_name, weekday from ${partitioned(out)}`)).map((r) => [
        String(r['column_name']),
        String(r['column_type']),
      ]),
    );
    expect(types).toEqual({ event_id: 'INTEGER', time: 'TIMESTAMP WITH TIME ZONE', file_name: 'VARCHAR', weekday: 'INTEGER' });
    const encodings = await rows(`select distinct encodings from parquet_metadata('${out}/**/*.parquet') where path_in_schema = 'file_name'`);
    expect(encodings.map((r) => String(r['encodings'])).join(' ')).toContain('RLE_DICTIONARY');
    const weekday = await rows(`select count(*) as n from ${partitioned(out)} where weekday <> (isodow(time) - 1)`);
    expect(Number(weekday[0]?.['n'])).toBe(0);

    // Every SQL recipe of docs/scale-out.md runs on this output; the seed's figures match the app's.
    const recipes = [...readFileSync(join(root, 'docs', 'scale-out.md'), 'utf8').matchAll(/```sql\n([\s\S]*?)```/g)].map((match) =>
      (match[1] ?? '').replace(/'hunt-parquet\//g, `'${out}/`).replace(/'rundll32-outside-system32\.parquet'/g, `'${join(work, 'hunt.parquet')}'`),
    );
    expect(recipes.length).toBeGreaterThanOrEqual(8);
    const answers: Record<string, unknown>[][] = [];
    for (const sql of recipes) answers.push(await rows(sql));
    const [, perId, perHost, hourLabel, names, folders] = answers;
    expect(Object.fromEntries((perId ?? []).map((r) => [String(r['event_id']), Number(r['events'])]))).toEqual(app.eventIds);
    expect(Object.fromEntries((perHost ?? []).map((r) => [String(r['host']), Number(r['events'])]))).toEqual(app.hosts);
    expect((hourLabel ?? []).reduce((sum, r) => sum + Number(r['events']), 0)).toBe(app.eventIds['1']);
    expect((names ?? []).map((r) => Number(r['events']))).toEqual(app.topNameCounts);
    expect((folders ?? []).map((r) => Number(r['events']))).toEqual(app.topFolderCounts);

    // A DuckDB-filtered result opens again as a capture (the reader of "Open capture").
    const starts = join(work, 'starts.parquet');
    await rows(`copy (select * from events where event_id = 1) to '${starts}' (format parquet)`);
    const reopened = emptyFrame();
    const outcome = await readCaptureParquet(await fileSource(starts), reopened);
    expect(outcome.fatal).toBeNull();
    expect(outcome.events).toBe(app.eventIds['1']);
    expect(new Set(reopened.hosts.values)).toEqual(new Set(Object.keys(app.hosts)));
  });

  it('reads a folder holding a Velociraptor collector zip and a gzip capture as the app does', async () => {
    const folder = join(work, 'collection');
    mkdirSync(folder, { recursive: true });
    let rowsText = '';
    for (const row of generateRows({ events: 3000, seed: 21, hosts: 1, withHostname: false })) rowsText += `${JSON.stringify(row)}\n`;
    const zip = await buildZip([
      { name: 'results/Custom.ETW.Kernel_Process.json', text: rowsText },
      { name: 'client_info.json', text: JSON.stringify({ ClientId: 'C.0123456789abcdef', Hostname: 'WIN-COLLECTED' }) },
    ]);
    writeFileSync(join(folder, 'Collection-WIN-COLLECTED.zip'), zip);
    await run(process.execPath, [
      join(root, 'scripts', 'generate-capture.mjs'),
      '--out',
      join(folder, 'other.jsonl.gz'),
      '--events',
      '2000',
      '--seed',
      '22',
      '--gzip',
    ]);
    writeFileSync(join(folder, 'notes.txt'), 'not a capture');
    const out = join(work, 'collection-out');
    const result = await etl('--out', out, '--quiet', folder);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Wrote 5,000 events/);
    const app = await appFigures([join(folder, 'Collection-WIN-COLLECTED.zip'), join(folder, 'other.jsonl.gz')]);
    expect(Object.keys(app.hosts)).toContain('WIN-COLLECTED');
    expect(await duckFigures(out, app)).toEqual(app);
  });

  it('labels --known-bad files and --iocs matches known bad, and lists rejected lines with file and line', async () => {
    const good = join(work, 'good.jsonl');
    const bad = join(work, 'bad.jsonl');
    let goodText = '';
    for (const row of generateRows({ events: 2000, seed: 31 })) goodText += `${JSON.stringify(row)}\n`;
    writeFileSync(good, `${goodText}{"System": {"ID": 1}, this is not json\n`);
    await run(process.execPath, [join(root, 'scripts', 'generate-capture.mjs'), '--out', bad, '--events', '300', '--seed', '32']);
    const iocs = join(work, 'iocs.csv');
    writeFileSync(iocs, 'name,actor\nSVCHOST.EXE,test actor\n');
    const out = join(work, 'labelled-out');
    const result = await etl('--out', out, '--quiet', '--known-bad', bad, '--iocs', iocs, good);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Rejected lines: 1\n  ${good} line 2001: `);
    const [counts] = await rows(
      `select count(*) filter (where label = 'known bad') as bad,
              count(*) filter (where source_file = '${bad}' or lower(file_name) = 'svchost.exe') as expected,
              count(*) filter (where label = 'known good') as good,
              count(*) filter (where lower(file_name) = 'svchost.exe' and source_file = '${good}') as matched
       from ${partitioned(out)}`,
    );
    expect(Number(counts?.['matched'])).toBeGreaterThan(0);
    expect(Number(counts?.['bad'])).toBe(Number(counts?.['expected']));
    expect(Number(counts?.['bad']) + Number(counts?.['good'])).toBe(2300);
    expect(result.stdout).toContain(`IOC matches labelled known bad: ${Number(counts?.['matched']).toLocaleString('en-US')}`);
  });

  it('reads the real public captures (a folder and single files) as the app does', async () => {
    if (sharedData === null) {
      if (process.env['CI'] === 'true') throw new Error('the shared real captures (../shared/data) are missing under CI');
      console.warn('skipped: no ../shared/data beside this checkout');
      return;
    }
    const otrf = join(sharedData, 'otrf');
    const kernel = join(sharedData, 'velociraptor', 'KernelProcess.json');
    const out = join(work, 'real-out');
    const result = await etl('--out', out, '--quiet', otrf, kernel);
    expect(result.code).toBe(0);
    const folderFiles = readdirSync(otrf)
      .filter((name) => /\.jsonl?$/.test(name))
      .sort((a, b) => a.localeCompare(b))
      .map((name) => join(otrf, name));
    const app = await appFigures([...folderFiles, kernel]);
    expect(Object.values(app.eventIds).reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    expect(await duckFigures(out, app)).toEqual(app);
    const commandLines = await rows(`select count(*) as n from ${partitioned(out)} where command_line is not null`);
    expect(Number(commandLines[0]?.['n'])).toBeGreaterThan(0);
  });

  it('says what is wrong in one line and exits non-zero on bad arguments and unreadable input', async () => {
    const noOut = await etl(join(work, 'x.jsonl'));
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/^etl: --out DIR is required\. usage: .*\n$/);

    const unknown = await etl('--out', join(work, 'o1'), '--frobnicate', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);

    const missing = await etl('--out', join(work, 'o2'), join(work, 'no-such-file.jsonl'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`etl: cannot read input ${join(work, 'no-such-file.jsonl')}: no such file or folder\n`);

    const binary = join(work, 'binary.jsonl');
    await import('node:fs/promises').then((fs) => fs.writeFile(binary, new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254, 0, 7])));
    const notCapture = await etl('--out', join(work, 'o3'), binary);
    expect(notCapture.code).toBe(1);
    expect(notCapture.stderr).toBe(`etl: ${binary} is not a text capture (looks binary)\n`);
    for (const output of [noOut, unknown, missing, notCapture]) expect(output.stderr).not.toMatch(/\n\s+at /);
  });
});
