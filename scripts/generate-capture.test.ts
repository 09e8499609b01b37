import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRows, hostProfiles, parseArguments, serialiseRows, summarise, writeCapture } from './generate-capture.mjs';
import { demoPaths, ensureDemo } from './ensure-demo.mjs';

type SystemHeader = {
  ID: number;
  ProcessID: number;
  TimeStamp: string;
  Provider: string;
  OpCode: number;
};
// Type aliases (not interfaces) so that rows are assignable to Record<string, unknown>.
type CaptureRow = {
  System: SystemHeader;
  ProviderGUID: string;
  EventData: Record<string, string>;
  Backtrace: unknown[];
  Hostname: string;
  _ts: number;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCaptureRow(value: unknown): value is CaptureRow {
  if (!isRecord(value) || !isRecord(value.System) || !isRecord(value.EventData)) return false;
  return typeof value.System.ID === 'number' && typeof value.System.TimeStamp === 'string' && typeof value.Hostname === 'string';
}

function rowsOf(options: Record<string, unknown>): CaptureRow[] {
  const rows: CaptureRow[] = [];
  for (const row of generateRows(options)) {
    if (!isCaptureRow(row)) throw new Error(`unexpected row shape: ${JSON.stringify(row)}`);
    rows.push(row);
  }
  return rows;
}

function text(rows: Iterable<Record<string, unknown>>, format: 'jsonl' | 'json' | 'csv'): string {
  let out = '';
  for (const chunk of serialiseRows(rows, format)) out += chunk;
  return out;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Sortable form of an RFC 3339 time with up to 7 fraction digits (the digits vary in number). */
function sortKey(timeStamp: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(timeStamp);
  if (!match?.[1]) throw new Error(`bad TimeStamp ${timeStamp}`);
  return `${match[1]}.${(match[2] ?? '').padEnd(7, '0')}`;
}

const field = (row: CaptureRow, name: string): string => {
  const value = row.EventData[name];
  if (value === undefined) throw new Error(`row without ${name}`);
  return value;
};

const processKey = (row: CaptureRow, pidField: string, seqField: string): string => `${row.Hostname}|${field(row, pidField)}|${field(row, seqField)}`;

const withoutDevice = (path: string): string => path.replace(/^\\Device\\HarddiskVolume\d+\\/, '');
const fileName = (path: string): string => path.slice(path.lastIndexOf('\\') + 1);
const folderOf = (path: string): string => withoutDevice(path).slice(0, withoutDevice(path).lastIndexOf('\\'));

/** Splits Velociraptor `--format json` output (arrays written back to back) into its arrays. */
function splitBackToBackArrays(source: string): unknown[][] {
  const arrays: unknown[][] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        const parsed: unknown = JSON.parse(source.slice(start, i + 1));
        if (!Array.isArray(parsed)) throw new Error('top-level value is not an array');
        arrays.push(parsed);
      }
    }
  }
  return arrays;
}

const demo = rowsOf({ seed: 42 });
const demoStarts = demo.filter((row) => row.System.ID === 1);

describe('generateRows (default demo, seed 42)', () => {
  it('is byte-identical for the same seed and differs for another seed', () => {
    const again = text(generateRows({ seed: 42 }), 'jsonl');
    expect(sha256(again)).toBe(sha256(text(demo, 'jsonl')));
    const other = text(generateRows({ seed: 43 }), 'jsonl');
    expect(sha256(other)).not.toBe(sha256(again));
  });

  it('writes exactly the requested rows and summarise counts them per event id', () => {
    const counted: Record<string, number> = { 1: 0, 2: 0, 5: 0, 6: 0 };
    for (const row of demo) counted[String(row.System.ID)] = (counted[String(row.System.ID)] ?? 0) + 1;
    const summary = summarise(demo);
    expect(demo).toHaveLength(40_000);
    expect(summary.rows).toBe(40_000);
    expect(summary.byEventId).toEqual(counted);
    expect(Object.keys(counted).sort()).toEqual(['1', '2', '5', '6']);
    // About three image loads per process start, and most processes end inside five days.
    const starts = counted[1] ?? 0;
    expect((counted[5] ?? 0) / starts).toBeGreaterThan(2.6);
    expect((counted[5] ?? 0) / starts).toBeLessThan(3.4);
    expect((counted[2] ?? 0) / starts).toBeGreaterThan(0.8);
    expect(Object.keys(summary.byHost).sort()).toEqual(['LAPTOP-HR-03', 'SRV-FILE-01', 'WS-DEV-12', 'WS-FIN-07']);
  });

  it('emits rows in time order with the 0.74+ top-level shape', () => {
    const topKeys = 'System,ProviderGUID,EventData,Backtrace,Hostname,_ts';
    const systemKeys = 'ID,ProcessID,TimeStamp,Provider,OpCode';
    const provider = '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}';
    const problems: string[] = [];
    let previous = '';
    demo.forEach((row, i) => {
      const key = sortKey(row.System.TimeStamp);
      const opCode = row.System.ID === 1 ? 1 : row.System.ID === 2 ? 2 : 0;
      if (Object.keys(row).join() !== topKeys) problems.push(`${i}: top-level keys ${Object.keys(row).join()}`);
      if (Object.keys(row.System).join() !== systemKeys) problems.push(`${i}: System keys`);
      if (row.System.Provider !== provider || row.ProviderGUID !== provider) problems.push(`${i}: provider`);
      if (row.Backtrace.length !== 0) problems.push(`${i}: Backtrace`);
      if (row.System.OpCode !== opCode) problems.push(`${i}: OpCode`);
      if (row._ts !== Math.floor(Date.parse(row.System.TimeStamp) / 1000) + 2) problems.push(`${i}: _ts ${row._ts}`);
      if (key < previous) problems.push(`${i}: out of order ${row.System.TimeStamp}`);
      if (Object.values(row.EventData).some((value) => typeof value !== 'string')) problems.push(`${i}: non-string EventData`);
      previous = key;
    });
    expect(problems).toEqual([]);
    expect(previous.startsWith('2026-03-06')).toBe(true);
    expect(sortKey(demo[0]?.System.TimeStamp ?? '') >= '2026-03-02T00:00:00.0000000').toBe(true);
  });

  it('gives every ProcessStart the v3 fields, U+200E-marked CreateTime and a device path', () => {
    const startFields = [
      'ProcessID',
      'ProcessSequenceNumber',
      'CreateTime',
      'ParentProcessID',
      'ParentProcessSequenceNumber',
      'SessionID',
      'Flags',
      'ProcessTokenElevationType',
      'ProcessTokenIsElevated',
      'MandatoryLabel',
      'ImageName',
      'ImageChecksum',
      'TimeDateStamp',
      'PackageFullName',
      'PackageRelativeAppId',
    ];
    const marked = /^\u200e\d{4}\u200e-\u200e\d\d\u200e-\u200e\d\dT\d\d:\d\d:\d\d\.\d{7}00Z$/;
    const volumes = new Map<string, Set<string>>();
    for (const row of demoStarts) {
      expect(Object.keys(row.EventData)).toEqual(startFields);
      const createTime = field(row, 'CreateTime');
      expect(createTime).toMatch(marked);
      // CreateTime precedes the event by microseconds.
      const plain = createTime.replace(/\u200e/g, '');
      expect(`${plain.slice(0, 27)}` <= sortKey(row.System.TimeStamp)).toBe(true);
      expect(Date.parse(row.System.TimeStamp) - Date.parse(plain)).toBeLessThanOrEqual(1);
      const image = field(row, 'ImageName');
      const volume = /^\\Device\\HarddiskVolume(\d)\\[^\\]/.exec(image)?.[1];
      expect(volume).toBeDefined();
      volumes.set(row.Hostname, (volumes.get(row.Hostname) ?? new Set()).add(volume ?? ''));
      expect(field(row, 'ImageChecksum')).toMatch(/^0x[0-9A-F]+$/);
      expect(field(row, 'TimeDateStamp')).toMatch(/^0x[0-9A-F]{8}$/);
      expect(field(row, 'MandatoryLabel')).toMatch(/^S-1-16-\d+$/);
      expect(Number(field(row, 'ProcessID')) % 4).toBe(0);
      expect(row.System.ProcessID).toBe(Number(field(row, 'ParentProcessID')));
    }
    // One volume per host; hosts differ.
    expect([...volumes.values()].every((set) => set.size === 1)).toBe(true);
    expect(new Set([...volumes.values()].map((set) => [...set][0])).size).toBeGreaterThan(1);
  });

  it('gives ProcessStop, ImageLoad and ImageUnload their fields and ties them to started processes', () => {
    const stopFields = [
      'ProcessID',
      'ProcessSequenceNumber',
      'CreateTime',
      'ExitTime',
      'ExitCode',
      'TokenElevationType',
      'HandleCount',
      'CommitCharge',
      'CommitPeak',
      'CPUCycleCount',
      'ReadOperationCount',
      'WriteOperationCount',
      'ReadTransferKiloBytes',
      'WriteTransferKiloBytes',
      'HardFaultCount',
      'ImageName',
    ];
    const imageFields = ['ImageBase', 'ImageSize', 'ProcessID', 'ImageCheckSum', 'TimeDateStamp', 'DefaultBase', 'ImageName'];
    const startByKey = new Map(demoStarts.map((row) => [processKey(row, 'ProcessID', 'ProcessSequenceNumber'), row]));
    const runningPid = new Map<string, CaptureRow>();
    let stopsOfStarted = 0;
    for (const row of demo) {
      const pidKey = `${row.Hostname}|${field(row, 'ProcessID')}`;
      if (row.System.ID === 1) runningPid.set(pidKey, row);
      if (row.System.ID === 2) {
        expect(Object.keys(row.EventData)).toEqual(stopFields);
        const name = field(row, 'ImageName');
        expect(name).not.toContain('\\');
        expect(name.length).toBeLessThanOrEqual(14);
        expect(field(row, 'ExitTime')).toMatch(/^\u200e\d{4}\u200e-\u200e\d\d\u200e-\u200e\d\dT[\d:.]+Z$/);
        const start = startByKey.get(processKey(row, 'ProcessID', 'ProcessSequenceNumber'));
        if (start) {
          stopsOfStarted++;
          expect(field(row, 'CreateTime')).toBe(field(start, 'CreateTime'));
          expect(fileName(field(start, 'ImageName')).slice(0, 14)).toBe(name);
        }
        runningPid.delete(pidKey);
      }
      if (row.System.ID === 5 || row.System.ID === 6) {
        expect(Object.keys(row.EventData)).toEqual(imageFields);
        expect(field(row, 'ImageBase')).toMatch(/^0x[0-9A-F]+$/);
        expect(field(row, 'ImageName')).toMatch(/^\\Device\\HarddiskVolume\d\\.+\.(dll|DLL|exe|EXE|Exe|com)$/);
        // Loads and unloads belong to a process that started in the capture and is still running.
        expect(runningPid.has(pidKey)).toBe(true);
        expect(row.System.ProcessID).toBe(Number(field(row, 'ProcessID')));
      }
    }
    expect(stopsOfStarted).toBeGreaterThan(demoStarts.length * 0.8);
  });

  it('resolves parents to earlier, still running starts on the same host, except a few', () => {
    const startTime = new Map<string, string>();
    const stopTime = new Map<string, string>();
    for (const row of demo) {
      if (row.System.ID !== 1 && row.System.ID !== 2) continue;
      const key = processKey(row, 'ProcessID', 'ProcessSequenceNumber');
      if (row.System.ID === 1) {
        expect(startTime.has(key)).toBe(false);
        startTime.set(key, sortKey(row.System.TimeStamp));
      } else stopTime.set(key, sortKey(row.System.TimeStamp));
    }
    let unresolved = 0;
    for (const row of demoStarts) {
      const parentKey = processKey(row, 'ParentProcessID', 'ParentProcessSequenceNumber');
      const childTime = sortKey(row.System.TimeStamp);
      const parentStart = startTime.get(parentKey);
      if (parentStart === undefined) {
        unresolved++;
        continue;
      }
      expect(parentStart < childTime).toBe(true);
      const parentStop = stopTime.get(parentKey);
      if (parentStop !== undefined) expect(parentStop > childTime).toBe(true);
    }
    expect(unresolved).toBeGreaterThan(0);
    expect(unresolved / demoStarts.length).toBeLessThan(0.03);
  });

  it('reuses pids only after the previous holder stopped, and numbers starts in order per host', () => {
    const stopTime = new Map<string, string>();
    for (const row of demo) if (row.System.ID === 2) stopTime.set(processKey(row, 'ProcessID', 'ProcessSequenceNumber'), sortKey(row.System.TimeStamp));
    const holder = new Map<string, string>();
    const lastSequence = new Map<string, number>();
    let reused = 0;
    for (const row of demoStarts) {
      const pidKey = `${row.Hostname}|${field(row, 'ProcessID')}`;
      const previous = holder.get(pidKey);
      if (previous !== undefined) {
        reused++;
        const previousStop = stopTime.get(previous);
        expect(previousStop).toBeDefined();
        expect((previousStop ?? '') <= sortKey(row.System.TimeStamp)).toBe(true);
      }
      holder.set(pidKey, processKey(row, 'ProcessID', 'ProcessSequenceNumber'));
      const sequence = Number(field(row, 'ProcessSequenceNumber'));
      expect(sequence).toBeGreaterThan(lastSequence.get(row.Hostname) ?? 0);
      lastSequence.set(row.Hostname, sequence);
    }
    expect(reused).toBeGreaterThan(100);
  });

  it('spreads starts over about 200 names in about 100 folders with a Zipf-like head', () => {
    const perName = new Map<string, number>();
    const casings = new Map<string, Set<string>>();
    const folders = new Set<string>();
    for (const row of demoStarts) {
      const image = field(row, 'ImageName');
      const name = fileName(image);
      perName.set(name.toLowerCase(), (perName.get(name.toLowerCase()) ?? 0) + 1);
      casings.set(name.toLowerCase(), (casings.get(name.toLowerCase()) ?? new Set()).add(name));
      folders.add(folderOf(image).toLowerCase());
    }
    expect(perName.size).toBeGreaterThanOrEqual(150);
    expect(perName.size).toBeLessThanOrEqual(250);
    expect(folders.size).toBeGreaterThanOrEqual(70);
    expect(folders.size).toBeLessThanOrEqual(130);
    const counts = [...perName.values()].sort((a, b) => b - a);
    const topTen = counts.slice(0, 10).reduce((sum, n) => sum + n, 0);
    expect(topTen / demoStarts.length).toBeGreaterThan(0.5);
    expect(casings.get('svchost.exe')?.size).toBeGreaterThan(1);
    expect([...casings.values()].filter((set) => set.size > 1).length).toBeGreaterThanOrEqual(3);
    for (const expected of [
      'smss.exe',
      'csrss.exe',
      'wininit.exe',
      'services.exe',
      'lsass.exe',
      'explorer.exe',
      'userinit.exe',
      'conhost.exe',
      'runtimebroker.exe',
      'wmiprvse.exe',
    ]) {
      expect(perName.has(expected)).toBe(true);
    }
    const userFolders = [...folders].filter((folder) => folder.startsWith('users\\'));
    expect(userFolders.some((folder) => folder.includes('\\appdata\\local\\'))).toBe(true);
  });

  it('starts services from services.exe and explorer from userinit.exe', () => {
    const nameByKey = new Map(
      demoStarts.map((row) => [processKey(row, 'ProcessID', 'ProcessSequenceNumber'), fileName(field(row, 'ImageName')).toLowerCase()]),
    );
    const parentsOf = (child: string): Set<string> => {
      const parents = new Set<string>();
      for (const row of demoStarts) {
        if (fileName(field(row, 'ImageName')).toLowerCase() !== child) continue;
        const parent = nameByKey.get(processKey(row, 'ParentProcessID', 'ParentProcessSequenceNumber'));
        if (parent) parents.add(parent);
      }
      return parents;
    };
    expect(parentsOf('svchost.exe')).toEqual(new Set(['services.exe']));
    expect(parentsOf('explorer.exe')).toEqual(new Set(['userinit.exe']));
    expect(parentsOf('services.exe')).toEqual(new Set(['wininit.exe']));
    expect(parentsOf('searchprotocolhost.exe')).toEqual(new Set(['searchindexer.exe']));
  });

  it('peaks in local office hours', () => {
    const offsets = new Map(hostProfiles(4).map((host: { name: string; tzHours: number }) => [host.name, host.tzHours]));
    const perHour = new Array<number>(24).fill(0);
    for (const row of demoStarts) {
      const localHour = new Date(Date.parse(row.System.TimeStamp) + (offsets.get(row.Hostname) ?? 0) * 3_600_000).getUTCHours();
      perHour[localHour] = (perHour[localHour] ?? 0) + 1;
    }
    const peak = perHour.indexOf(Math.max(...perHour));
    expect(peak).toBeGreaterThanOrEqual(8);
    expect(peak).toBeLessThan(18);
    const office = perHour.slice(9, 17).reduce((sum, n) => sum + n, 0) / 8;
    const night = perHour.slice(0, 6).reduce((sum, n) => sum + n, 0) / 6;
    expect(office).toBeGreaterThan(3 * night);
    expect(night).toBeGreaterThan(0);
  });
});

describe('generateRows (options)', () => {
  it('has fewer starts on each weekend day than on any weekday', () => {
    const rows = rowsOf({ seed: 7, days: 7, events: 20_000 });
    const perDay = new Map<string, number>();
    for (const row of rows) if (row.System.ID === 1) perDay.set(row.System.TimeStamp.slice(0, 10), (perDay.get(row.System.TimeStamp.slice(0, 10)) ?? 0) + 1);
    const weekend = ['2026-03-07', '2026-03-08'].map((day) => perDay.get(day) ?? 0);
    const weekdays = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'].map((day) => perDay.get(day) ?? 0);
    expect(Math.min(...weekend)).toBeGreaterThan(0);
    expect(Math.max(...weekend)).toBeLessThan(Math.min(...weekdays));
  });

  it('writes only ProcessStart rows, exactly as many as asked, with --starts-only', () => {
    const rows = rowsOf({ seed: 5, events: 3_000, startsOnly: true });
    expect(rows).toHaveLength(3_000);
    expect(rows.every((row) => row.System.ID === 1)).toBe(true);
  });

  it('omits Hostname and _ts when asked, as watch_etw rows have neither', () => {
    const [first] = generateRows({ events: 10, withHostname: false, withTs: false });
    expect(Object.keys(first ?? {})).toEqual(['System', 'ProviderGUID', 'EventData', 'Backtrace']);
  });

  it('follows image loads per start and host count', () => {
    const summary = summarise(generateRows({ events: 12_000, imageLoadsPerStart: 0, hosts: 6 }));
    expect(summary.byEventId[5]).toBe(0);
    expect(summary.byEventId[6]).toBe(0);
    expect(Object.keys(summary.byHost)).toHaveLength(6);
    expect(summary.rows).toBe(12_000);
  });
});

describe('serialiseRows', () => {
  const rows = rowsOf({ seed: 11, events: 1_234 });
  const jsonl = text(rows, 'jsonl');

  it('writes --format json as back-to-back indented arrays of at most 10 rows with the same rows', () => {
    const json = text(rows, 'json');
    expect(json.startsWith('[\n {\n  "System": {\n   "ID": ')).toBe(true);
    expect(json).toContain('\n][\n {');
    const arrays = splitBackToBackArrays(json);
    expect(arrays).toHaveLength(Math.ceil(1_234 / 10));
    expect(arrays.every((array) => array.length <= 10)).toBe(true);
    expect(arrays.flat()).toEqual(
      jsonl
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    );
  });

  it('writes GUI CSV with a header from the first row and nested objects as JSON cells', () => {
    const csv = text(rows, 'csv');
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(['System', 'ProviderGUID', 'EventData', 'Backtrace', 'Hostname', '_ts']);
    expect(parsed.data).toHaveLength(rows.length);
    parsed.data.forEach((record, i) => {
      const row = rows[i];
      expect(JSON.parse(record.EventData ?? '')).toEqual(row?.EventData);
      expect(JSON.parse(record.System ?? '')).toEqual(row?.System);
      expect(record.Backtrace).toBe('[]');
      expect(Number(record._ts)).toBe(row?._ts);
    });
  });

  it('guards spreadsheet formulas with a TAB and quotes like Go', () => {
    const csv = text([{ a: '=1+1', b: '+x', c: '@SUM', d: 'plain', e: null, f: 'say "hi", ok', g: 3 }], 'csv');
    expect(csv).toBe('a,b,c,d,e,f,g\n"\t=1+1","\t+x","\t@SUM",plain,,"say ""hi"", ok",3\n');
  });
});

describe('writeCapture and the CLI arguments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'etwlab-capture-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams gzip output that inflates to the JSON Lines text', async () => {
    const out = join(dir, 'capture.jsonl.gz');
    const result = await writeCapture({ out, seed: 3, events: 2_500, gzip: true });
    const inflated = gunzipSync(readFileSync(out)).toString('utf8');
    expect(inflated).toBe(text(generateRows({ seed: 3, events: 2_500 }), 'jsonl'));
    expect(result.rows).toBe(2_500);
    expect(result.bytes).toBe(Buffer.byteLength(inflated));
    expect(result.fileBytes).toBe(readFileSync(out).length);
    expect(Object.values(result.byEventId).reduce((sum: number, n) => sum + Number(n), 0)).toBe(2_500);
  });

  it('parses options, time zones per host and rejects bad values', () => {
    const parsed = parseArguments(['--out', 'x.csv', '--events=500', '--format', 'csv', '--starts-only', '--tz', '+2,0,-3', '--no-hostname']);
    expect(parsed).toMatchObject({ out: 'x.csv', events: 500, format: 'csv', startsOnly: true, withHostname: false, gzip: false });
    expect(parsed.hostOverrides).toEqual([{ tzHours: 2 }, { tzHours: 0 }, { tzHours: -3 }]);
    expect(() => parseArguments(['--out', 'x', '--format', 'xml'])).toThrow(/jsonl, json or csv/);
    expect(() => parseArguments(['--events', '5'])).toThrow(/--out FILE is required/);
    expect(() => parseArguments(['--out', 'x', '--events', '0'])).toThrow(/events must be a positive integer/);
  });

  it('ensure-demo regenerates a missing demo and its manifest, then leaves them alone', async () => {
    const paths = { ...demoPaths(join(dir, 'samples')) };
    const first = await ensureDemo(paths);
    expect(first.regenerated).toBe(true);
    const manifest: unknown = JSON.parse(readFileSync(paths.manifest, 'utf8'));
    expect(manifest).toMatchObject({ file: 'demo-capture.jsonl', rows: 40_000, seed: 42, generatedBy: 'scripts/generate-capture.mjs' });
    expect(isRecord(manifest) && manifest.counts).toEqual(summarise(demo).byEventId);
    expect(sha256(readFileSync(paths.capture, 'utf8'))).toBe(sha256(text(demo, 'jsonl')));
    const second = await ensureDemo(paths);
    expect(second.regenerated).toBe(false);
  });
});
