import { describe, expect, it } from 'vitest';
import { COLUMN_NAMES, type EventFrame } from '../frame/frame';
import { imageLoadData, processStartData, processStopData, v074Row } from '../test-support/testRows';
import { gzipBytes, sourceFromBytes, sourceFromText } from '../test-support/testSources';
import type { CaptureSource } from '../ingest/types';
import { seededRandom } from '../lib/random';
import { loadSources } from './captureLoader';
import type { LoadOptions } from './loadRun';
import type { LoadOutcome } from '../pipeline/captureSummary';
import { FIRST_PART_SHARE, GZIP_FIRST_PART_SHARE, arrayStartAfter, lineStartAfter, planSplit, readPart, type PartReader } from './parallelLoad';
import { inflateHeadToPort, inflateToPort, inflatedSide, inflatedSource, type InflatedSide, type Inflater } from './inflatePort';

const IMAGES = [
  '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
  '\\Device\\HarddiskVolume3\\Windows\\System32\\conhost.exe',
  '\\Device\\HarddiskVolume3\\Windows\\explorer.exe',
  '\\Device\\HarddiskVolume3\\Users\\bob\\AppData\\Local\\Temp\\x.exe',
];
const DLL = '\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll';

/**
 * JSON Lines text of `count` rows in time order on three hosts: starts whose parents started
 * earlier (often in the other half), stops, image loads and a few rows of another event id.
 */
function captureLines(count: number, seed = 1): string[] {
  return captureRows(count, seed).map((row) => JSON.stringify(row));
}

/** The rows of {@link captureLines} as objects. */
function captureRows(count: number, seed = 1): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const lines: Record<string, unknown>[] = [];
  const started: { host: string; pid: number }[] = [];
  const start = Date.parse('2026-03-02T08:00:00Z');
  for (let i = 0; i < count; i++) {
    const time = new Date(start + i * 1500).toISOString();
    const host = random.pick(['WS1', 'WS2', 'DC01']);
    const kind = random.int(10);
    let row: Record<string, unknown>;
    if (kind < 5 || started.length === 0) {
      const pid = 1000 + i;
      const parent = started.length > 0 && random.next() < 0.8 ? random.pick(started) : { host, pid: 4 };
      row = v074Row(1, time, processStartData(String(pid), '', String(parent.pid), '', time, random.pick(IMAGES)), parent.pid);
      row.Hostname = parent.host;
      started.push({ host: parent.host, pid });
    } else if (kind < 7) {
      const ended = random.pick(started);
      row = v074Row(2, time, processStopData(String(ended.pid), '', time, time, 'cmd.exe'));
      row.Hostname = ended.host;
    } else if (kind < 9) {
      const loader = random.pick(started);
      row = v074Row(5, time, imageLoadData(String(loader.pid), DLL));
      row.Hostname = loader.host;
    } else {
      row = v074Row(3, time, { ProcessID: '4' });
      row.Hostname = host;
    }
    lines.push(row);
  }
  return lines;
}

/** A CSV cell as Velociraptor's GUI export writes it (objects as JSON text, quoted when needed). */
function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as GUI CSV, the header from the first row's keys. */
function csvText(rows: readonly Record<string, unknown>[]): string {
  const header = Object.keys(rows[0] ?? {});
  return [header.join(','), ...rows.map((row) => header.map((key) => csvCell(row[key])).join(','))].join('\n') + '\n';
}

/** Rows as `velociraptor query --format json` writes them: indented arrays of up to 10 rows, back to back. */
function jsonArraysText(rows: readonly unknown[]): string {
  const arrays: string[] = [];
  for (let i = 0; i < rows.length; i += 10) arrays.push(JSON.stringify(rows.slice(i, i + 10), null, 1));
  return arrays.join('');
}

/** Inflates on this thread, as the parse worker does. */
function inThreadInflater(calls: { count: number } = { count: 0 }): Inflater {
  return (request, signal) => {
    calls.count++;
    return inflateToPort(request.file, request.port, signal);
  };
}

/** Reads the part on this thread, its result cloned as postMessage would. */
function inThreadReader(calls: { count: number; aborted: number } = { count: 0, aborted: 0 }): PartReader {
  return async (request, onProgress, signal) => {
    calls.count++;
    signal.addEventListener('abort', () => calls.aborted++);
    return structuredClone(await readPart(request, onProgress, signal));
  };
}

function frameContents(frame: EventFrame): Record<string, unknown> {
  const n = frame.length;
  return {
    length: n,
    columns: Object.fromEntries([...COLUMN_NAMES, 'commandLine' as const].map((name) => [name, Array.from(frame[name].subarray(0, n))])),
    hosts: [...frame.hosts.values],
    sources: [...frame.sources.values],
    paths: [...frame.images.paths.values],
    names: Array.from({ length: frame.images.names.size }, (_, code) => frame.images.names.display(code)),
  };
}

/** What a load reports and holds, without its timing. */
function loaded(outcome: LoadOutcome): Record<string, unknown> {
  const { frame, seconds, ...rest } = outcome;
  void seconds;
  return { ...rest, frame: frameContents(frame) };
}

async function loadBoth(sources: CaptureSource[], options: Omit<LoadOptions, 'label'> = {}): Promise<{ split: LoadOutcome; single: LoadOutcome }> {
  const split = await loadSources(sources, {
    label: 'unlabelled',
    ...options,
    partReader: options.partReader === undefined ? inThreadReader() : options.partReader,
    inflater: options.inflater === undefined ? inThreadInflater() : options.inflater,
    splitMinBytes: 0,
  });
  const single = await loadSources(sources, { label: 'unlabelled', ...options, partReader: null, inflater: null });
  return { split, single };
}

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

/** Rows that are events (not of event id 3, which loads ignore), counted from the row objects. */
const eventsIn = (lines: readonly string[]): number =>
  lines.filter((line) => {
    const row: unknown = JSON.parse(line);
    return typeof row === 'object' && row !== null && 'System' in row && JSON.stringify(row.System).includes('"ID":3,') === false;
  }).length;

describe('lineStartAfter', () => {
  const blob = new Blob(['ab\ncdefgh\n\nij\r\nk']);
  // Offsets:            a0 b1 \n2 c3 .. h8 \n9 \n10 i11 j12 \r13 \n14 k15
  it('finds the start of the line after the first newline at or after an offset, across windows', async () => {
    expect(await lineStartAfter(blob, 0, 2)).toBe(3);
    expect(await lineStartAfter(blob, 2, 2)).toBe(3);
    expect(await lineStartAfter(blob, 3, 2)).toBe(10);
    expect(await lineStartAfter(blob, 3, 64)).toBe(10);
    expect(await lineStartAfter(blob, 10, 3)).toBe(11);
    expect(await lineStartAfter(blob, 11, 1)).toBe(15);
  });

  it('is null past the last newline or beyond the search limit', async () => {
    expect(await lineStartAfter(blob, 15, 4)).toBeNull();
    expect(await lineStartAfter(blob, 3, 2, 6)).toBeNull();
  });
});

describe('arrayStartAfter', () => {
  it('finds a `[` after a `]` with a line start at the `]` or between them, never one inside a row', async () => {
    const text = '[\n {"a": "][", "b": [1]\n, "c": [2]}\n][\n {"d": 1}\n]\n  [\n]';
    const blob = new Blob([text]);
    const second = text.indexOf('][\n {"d"') + 1;
    expect(await arrayStartAfter(blob, 0, 4)).toBe(second);
    expect(await arrayStartAfter(blob, second, 5)).toBe(text.lastIndexOf('['));
    expect(await arrayStartAfter(new Blob(['[{"a":1},\n{"a":2}]']), 0)).toBeNull();
  });
});

describe('planSplit', () => {
  const lines = captureLines(60);
  const jsonl = text(lines);

  it('cuts a JSON Lines file at the start of the line after its first FIRST_PART_SHARE of bytes', async () => {
    const source = sourceFromText(jsonl);
    const middle = Math.floor(source.size * FIRST_PART_SHARE);
    let offset = 0;
    let expected = -1;
    for (const line of lines) {
      offset += line.length + 1;
      if (offset - 1 >= middle) {
        expected = offset;
        break;
      }
    }
    expect(await planSplit(source, 0)).toEqual({ kind: 'ranges', cut: expected, continuation: { layout: 'json-lines' } });
  });

  it('cuts CSV at a line start and hands on its header, JSON arrays where the next array starts, and gzip by its inflated bytes', async () => {
    const rows = captureRows(60);
    const csv = sourceFromText(csvText(rows), 'c.csv');
    const csvPlan = await planSplit(csv, 0);
    expect(csvPlan).toMatchObject({ kind: 'ranges', continuation: { layout: 'csv', csvHeader: Object.keys(rows[0] ?? {}) } });
    const arrays = jsonArraysText(rows);
    const arraysPlan = await planSplit(sourceFromText(arrays, 'a.json'), 0);
    expect(arraysPlan).toMatchObject({ kind: 'ranges', continuation: { layout: 'json-values' } });
    const cut = arraysPlan?.kind === 'ranges' ? arraysPlan.cut : -1;
    expect(arrays.slice(cut - 2, cut + 3)).toBe('\n][\n ');
    const inflatedBytes = new TextEncoder().encode(jsonl).byteLength;
    const gzip = new Blob([await gzipBytes(new TextEncoder().encode(jsonl))]);
    expect(await planSplit({ name: 'c.jsonl.gz', size: gzip.size, stream: () => gzip.stream(), slice: (s, e) => gzip.slice(s, e) }, 0)).toEqual({
      kind: 'gzip-ranges',
      inflatedCut: Math.floor(inflatedBytes * GZIP_FIRST_PART_SHARE),
      inflatedBytes,
      continuation: { layout: 'json-lines' },
    });
    const gzipCsv = new Blob([await gzipBytes(new TextEncoder().encode(csvText(rows)))]);
    expect(await planSplit({ name: 'c.csv.gz', size: gzipCsv.size, stream: () => gzipCsv.stream(), slice: (s, e) => gzipCsv.slice(s, e) }, 0)).toMatchObject({
      kind: 'gzip-ranges',
      continuation: { layout: 'csv', csvHeader: Object.keys(rows[0] ?? {}) },
    });
    // JSON arrays are not cut by their inflated bytes: one side inflates, the other parses.
    const gzipArrays = new Blob([await gzipBytes(new TextEncoder().encode(arrays))]);
    expect(
      await planSplit({ name: 'a.json.gz', size: gzipArrays.size, stream: () => gzipArrays.stream(), slice: (s, e) => gzipArrays.slice(s, e) }, 0),
    ).toEqual({
      kind: 'inflate',
    });
    expect(
      await planSplit({ name: 'c.jsonl.gz', size: gzip.size, stream: () => gzip.stream(), slice: (s, e) => gzip.slice(s, e) }, gzip.size * 8 + 8),
    ).toBeNull();
  });

  it('reads whole what cannot be cut at a byte offset, or is small', async () => {
    expect(await planSplit(sourceFromText(jsonl), jsonl.length + 1)).toBeNull();
    expect(await planSplit(sourceFromText(`[${lines.join(',\n')}]`), 0)).toBeNull();
    expect(await planSplit(sourceFromText(`"a\n${'1,2\n'.repeat(5000)}`), 0)).toBeNull();
    const utf16 = new Blob([new Uint8Array([0xff, 0xfe]), new Uint8Array(new Uint16Array([...jsonl].map((c) => c.charCodeAt(0))).buffer)]);
    expect(await planSplit({ name: 'u.jsonl', size: utf16.size, stream: () => utf16.stream(), slice: (s, e) => utf16.slice(s, e) }, 0)).toBeNull();
    const noSlice = sourceFromText(jsonl);
    expect(await planSplit({ name: noSlice.name, size: noSlice.size, stream: () => noSlice.stream() }, 0)).toBeNull();
    expect(await planSplit(sourceFromText(`${lines[0] ?? ''}`), 0)).toBeNull();
    const gone = sourceFromText(jsonl);
    const unreadable = new Blob(['x']);
    Object.defineProperty(unreadable, 'arrayBuffer', { value: () => Promise.reject(new Error('file changed')) });
    expect(await planSplit({ name: 'gone.jsonl', size: gone.size, stream: () => gone.stream(), slice: () => unreadable }, 0)).toBeNull();
  });
});

describe('loading a JSON Lines file as two halves at once', () => {
  it('gives exactly what one reader gives, with problem lines in file terms', async () => {
    const lines = captureLines(400);
    // Problems at known lines in both halves (1-based), one blank line that is skipped.
    lines.splice(9, 0, 'not json at all');
    lines.splice(120, 0, '');
    lines.splice(300, 0, '{"System": {"ID": 1');
    lines.splice(350, 0, '{"System":{"ID":1,"ProcessID":4,"TimeStamp":"2026-03-02T10:00:00Z"},"EventData":{"ProcessID":"8"}}');
    const source = sourceFromText(text(lines), 'capture.jsonl');
    const calls = { count: 0, aborted: 0 };
    const { split, single } = await loadBoth([source], { partReader: inThreadReader(calls) });
    expect(calls.count).toBe(1);
    expect(split.problems.map((p) => p.line)).toEqual([10, 301, 351]);
    expect(split.problemCount).toBe(3);
    expect(split.frame.length).toBe(single.frame.length);
    expect(split.parents.resolvedByTime).toBeGreaterThan(0);
    expect(loaded(split)).toEqual(loaded(single));
  });

  it('reports progress of both halves, ending with every byte and event', async () => {
    const lines = captureLines(300);
    lines.splice(20, 0, 'not json');
    lines.splice(250, 0, 'not json either');
    const source = sourceFromText(text(lines));
    const reports: { bytesRead: number; events: number; problems: number }[] = [];
    const outcome = await loadSources([source], { label: 'unlabelled', partReader: inThreadReader(), splitMinBytes: 0, onProgress: (p) => reports.push(p) });
    expect(reports.at(-1)).toMatchObject({ bytesRead: source.size, bytesTotal: source.size, events: outcome.frame.length, problems: 2 });
    expect(reports.some((r) => r.bytesRead > 0 && r.bytesRead < source.size)).toBe(true);
    // Counts only grow: nothing is counted twice while the halves are handed over.
    for (const [index, report] of reports.entries()) {
      const previous = reports[index - 1];
      if (previous === undefined) continue;
      expect(report.bytesRead).toBeGreaterThanOrEqual(previous.bytesRead);
      expect(report.events).toBeGreaterThanOrEqual(previous.events);
      expect(report.problems).toBeGreaterThanOrEqual(previous.problems);
      expect(report.problems).toBeLessThanOrEqual(2);
    }
  });

  it('reads whole a file whose second half holds no ETW rows, as one reader does', async () => {
    const lines = [...captureLines(50), ...Array.from({ length: 60 }, (_, i) => JSON.stringify({ name: `row ${i}` }))];
    const { split, single } = await loadBoth([sourceFromText(text(lines))]);
    expect(split.problemCount).toBe(60);
    expect(split.problems[0]?.line).toBe(51);
    expect(loaded(split)).toEqual(loaded(single));
  });

  it('reads whole a file whose first half holds no ETW rows, as one reader does', async () => {
    const lines = [...Array.from({ length: 60 }, (_, i) => JSON.stringify({ name: `row ${i}` })), ...captureLines(50)];
    const { split, single } = await loadBoth([sourceFromText(text(lines))]);
    expect(split.problemCount).toBe(60);
    expect(split.frame.length).toBeGreaterThan(0);
    expect(loaded(split)).toEqual(loaded(single));
  });

  it('keeps the same first events when the memory budget ends the load in either half', async () => {
    const source = sourceFromText(text(captureLines(400)));
    const all = (await loadSources([source], { label: 'unlabelled', partReader: null })).frame.length;
    for (const maxEvents of [20, Math.floor(all * 0.75), all - 1, all]) {
      const { split, single } = await loadBoth([source], { maxEvents });
      expect(split.frame.length).toBe(Math.min(maxEvents, all));
      expect(split.truncated === null).toBe(maxEvents >= all);
      expect(loaded(split)).toEqual(loaded(single));
    }
  });

  it('reads the second half itself when the part reader fails', async () => {
    const source = sourceFromText(text(captureLines(200)));
    const failing: PartReader = () => Promise.reject(new Error('no worker'));
    const { split, single } = await loadBoth([source], { partReader: failing });
    expect(loaded(split)).toEqual(loaded(single));
  });

  it('appends after earlier files and rows, numbering hosts and images as one pass does', async () => {
    const smallLines = captureLines(30, 7);
    const bigLines = captureLines(300, 8);
    const small = sourceFromText(text(smallLines), 'small.jsonl');
    const big = sourceFromText(text(bigLines), 'big.jsonl');
    const earlier = async (): Promise<EventFrame> => (await loadSources([small], { label: 'known-good', partReader: null })).frame;
    const split = await loadSources([small, big], { label: 'known-bad', into: await earlier(), partReader: inThreadReader(), splitMinBytes: 0 });
    const single = await loadSources([small, big], { label: 'known-bad', into: await earlier(), partReader: null });
    expect(split.frame.length).toBe(2 * eventsIn(smallLines) + eventsIn(bigLines));
    expect(loaded(split)).toEqual(loaded(single));
  });

  it('cancelling stops the part reader and leaves the frame it appends to as it was', async () => {
    const base = await loadSources([sourceFromText(text(captureLines(40, 3)))], { label: 'unlabelled', partReader: null });
    const lengthBefore = base.frame.length;
    const controller = new AbortController();
    const calls = { count: 0, aborted: 0 };
    const big = sourceFromText(text(captureLines(3000, 4)));
    const loading = loadSources([big], {
      label: 'unlabelled',
      into: base.frame,
      signal: controller.signal,
      partReader: inThreadReader(calls),
      splitMinBytes: 0,
      onProgress: (p) => {
        if (p.events > 100) controller.abort(new DOMException('Load cancelled', 'AbortError'));
      },
    });
    await expect(loading).rejects.toThrow('Load cancelled');
    expect(base.frame.length).toBe(lengthBefore);
    expect(calls).toEqual({ count: 1, aborted: 1 });
  });
});

describe('loading CSV and JSON arrays as two halves, gzip on two cores', () => {
  /** Rows with a problem in each half: a row without EventData. */
  function rowsWithProblems(count: number, seed: number): Record<string, unknown>[] {
    const rows = captureRows(count, seed);
    const noData = { ...rows[5], EventData: null };
    rows.splice(5, 0, noData);
    rows.splice(Math.floor(count * 0.8), 0, { ...rows[7], EventData: null });
    return rows;
  }

  it('CSV gives exactly what one reader gives, problem lines in file terms', async () => {
    const source = sourceFromText(csvText(rowsWithProblems(300, 11)), 'capture.csv');
    const calls = { count: 0, aborted: 0 };
    const { split, single } = await loadBoth([source], { partReader: inThreadReader(calls) });
    expect(calls.count).toBe(1);
    expect(split.problemCount).toBe(2);
    expect(split.problems[1]?.line).toBeGreaterThan(200);
    expect(split.files[0]).toMatchObject({ format: 'csv', isGzip: false });
    expect(loaded(split)).toEqual(loaded(single));
  });

  it('CSV cut inside a quoted cell that holds newlines is read whole, as one reader does', async () => {
    const rows = captureRows(200, 12);
    const middle = rows[100];
    if (middle === undefined) throw new Error('no middle row');
    // A cell of many lines around the cut (a text Backtrace): the next line start after the middle is inside its quotes.
    middle.Backtrace = `frames\n${'ntdll.dll!RtlUserThreadStart+0x21\n'.repeat(2000)}`;
    const source = sourceFromText(csvText(rows), 'quoted.csv');
    const plan = await planSplit(source, 0);
    const text = csvText(rows);
    const cut = plan?.kind === 'ranges' ? plan.cut : -1;
    const quotesBefore = text.slice(0, cut).split('"').length - 1;
    expect(quotesBefore % 2).toBe(1);
    const { split, single } = await loadBoth([source]);
    expect(split.frame.length).toBe(eventsIn(rows.map((row) => JSON.stringify(row))));
    expect(loaded(split)).toEqual(loaded(single));
  });

  it('JSON arrays give exactly what one reader gives', async () => {
    const source = sourceFromText(jsonArraysText(rowsWithProblems(300, 13)), 'capture.json');
    const calls = { count: 0, aborted: 0 };
    const { split, single } = await loadBoth([source], { partReader: inThreadReader(calls) });
    expect(calls.count).toBe(1);
    expect(split.problemCount).toBe(2);
    expect(split.problems[1]?.line).toBeGreaterThan(1000);
    expect(split.files[0]).toMatchObject({ format: 'json-array' });
    expect(loaded(split)).toEqual(loaded(single));
  });

  it('gzip JSON Lines is read as two ranges of its inflated bytes, exactly as one reader does, progress in compressed bytes', async () => {
    const lines = captureLines(3000, 14);
    lines.splice(40, 0, 'not json');
    lines.splice(2500, 0, 'not json either');
    const gzip = await gzipBytes(new TextEncoder().encode(text(lines)));
    const source = sourceFromBytes(gzip, 'capture.jsonl.gz');
    const inflaterCalls = { count: 0 };
    const readerCalls = { count: 0, aborted: 0 };
    const reports: { bytesRead: number; events: number }[] = [];
    const { split, single } = await loadBoth([source], {
      inflater: inThreadInflater(inflaterCalls),
      partReader: inThreadReader(readerCalls),
      onProgress: (p) => reports.push(p),
    });
    expect([inflaterCalls.count, readerCalls.count]).toEqual([0, 1]);
    expect(split.files[0]).toMatchObject({ format: 'jsonl', isGzip: true, problems: 2 });
    // The second problem is in the part the parse worker read, numbered in file terms.
    expect(split.problems.map((p) => p.line)).toEqual([41, 2501]);
    expect(loaded(split)).toEqual(loaded(single));
    expect(Math.max(...reports.map((r) => r.bytesRead))).toBe(gzip.byteLength);
  });

  it('reads the tail itself when the part reader fails after sending the whole head', async () => {
    const lines = captureLines(3000, 18);
    const gzip = sourceFromBytes(await gzipBytes(new TextEncoder().encode(text(lines))), 'late.jsonl.gz');
    const calls = { count: 0 };
    const failsLate: PartReader = async (request, onProgress, signal) => {
      calls.count++;
      await readPart(request, onProgress, signal);
      throw new Error('the parse worker was lost');
    };
    const { split, single } = await loadBoth([gzip], { partReader: failsLate });
    expect(calls.count).toBe(1);
    expect(split.files[0]).toMatchObject({ format: 'jsonl', isGzip: true });
    expect(loaded(split)).toEqual(loaded(single));
  });

  it('gzip CSV and gzip JSON arrays too', async () => {
    const rows = rowsWithProblems(200, 15);
    for (const [name, body] of [
      ['c.csv.gz', csvText(rows)],
      ['a.json.gz', jsonArraysText(rows)],
    ] as const) {
      const source = sourceFromBytes(await gzipBytes(new TextEncoder().encode(body)), name);
      const inflaterCalls = { count: 0 };
      const { split, single } = await loadBoth([source], { inflater: inThreadInflater(inflaterCalls) });
      // CSV by its inflated bytes on two threads, JSON arrays inflated on one and parsed on the other.
      expect(inflaterCalls.count).toBe(name === 'a.json.gz' ? 1 : 0);
      expect(split.files[0]?.isGzip).toBe(true);
      expect(loaded(split)).toEqual(loaded(single));
    }
  });

  it('truncated gzip, a failed inflater and gzip inside gzip end as one reader ends them', async () => {
    const body = new TextEncoder().encode(text(captureLines(2000, 16)));
    const gzip = await gzipBytes(body);
    const truncated = sourceFromBytes(gzip.slice(0, Math.floor(gzip.byteLength * 0.7)), 'cut.jsonl.gz');
    const cut = await loadBoth([truncated]);
    // The row cut off and the end of the data.
    expect(cut.split.problemCount).toBe(2);
    expect(loaded(cut.split)).toEqual(loaded(cut.single));
    // Cut before the middle: the data worker's head fails to inflate.
    const early = await loadBoth([sourceFromBytes(gzip.slice(0, Math.floor(gzip.byteLength * 0.3)), 'early.jsonl.gz')]);
    expect(early.split.problemCount).toBe(2);
    expect(loaded(early.split)).toEqual(loaded(early.single));
    const failing: Inflater = () => Promise.reject(new Error('no worker'));
    const failingReader: PartReader = () => Promise.reject(new Error('no worker'));
    const failed = await loadBoth([sourceFromBytes(gzip, 'c.jsonl.gz')], { inflater: failing, partReader: failingReader });
    expect(loaded(failed.split)).toEqual(loaded(failed.single));
    // No part reader: inflated on one thread (that failed) and parsed on the other, as before.
    const inflatedOnly = await loadBoth([sourceFromBytes(gzip, 'c.jsonl.gz')], { inflater: failing, partReader: null });
    expect(loaded(inflatedOnly.split)).toEqual(loaded(inflatedOnly.single));
    const twice = await loadBoth([sourceFromBytes(await gzipBytes(gzip), 'twice.jsonl.gz')]);
    expect(twice.split.files[0]?.fatal).toMatch(/binary/);
    expect(loaded(twice.split)).toEqual(loaded(twice.single));
  });

  it('keeps the same first events when the memory budget ends a gzip or CSV load', async () => {
    const rows = captureRows(400, 17);
    const gzip = sourceFromBytes(await gzipBytes(new TextEncoder().encode(text(rows.map((row) => JSON.stringify(row))))), 'b.jsonl.gz');
    const csv = sourceFromText(csvText(rows), 'b.csv');
    for (const source of [gzip, csv]) {
      for (const maxEvents of [20, 250]) {
        const { split, single } = await loadBoth([source], { maxEvents });
        expect(split.frame.length).toBe(maxEvents);
        expect(loaded(split)).toEqual(loaded(single));
      }
    }
  });

  it('cancelling a gzip load stops the inflater and leaves the frame as it was', async () => {
    const base = await loadSources([sourceFromText(text(captureLines(40, 3)))], { label: 'unlabelled', partReader: null, inflater: null });
    const lengthBefore = base.frame.length;
    const controller = new AbortController();
    const big = sourceFromBytes(await gzipBytes(new TextEncoder().encode(text(captureLines(3000, 4)))), 'big.jsonl.gz');
    const loading = loadSources([big], {
      label: 'unlabelled',
      into: base.frame,
      signal: controller.signal,
      inflater: inThreadInflater(),
      splitMinBytes: 0,
      onProgress: (p) => {
        if (p.events > 100) controller.abort(new DOMException('Load cancelled', 'AbortError'));
      },
    });
    await expect(loading).rejects.toThrow('Load cancelled');
    expect(base.frame.length).toBe(lengthBefore);
  });
});

describe('inflatedSide', () => {
  it('splits the inflated bytes at the line start after the target: head + tail is the whole file', async () => {
    const body = text(captureLines(300, 21));
    const bytes = new TextEncoder().encode(body);
    const gzip = new Blob([await gzipBytes(bytes)]);
    const read = async (side: InflatedSide): Promise<string> => new Response(side.stream).text();
    for (const target of [0, 1, body.indexOf('\n'), body.indexOf('\n') + 1, Math.floor(bytes.byteLength / 2), bytes.byteLength - 1, bytes.byteLength + 10]) {
      const head = await read(inflatedSide(gzip, target, 'head'));
      const tail = await read(inflatedSide(gzip, target, 'tail'));
      expect(head + tail).toBe(body);
      expect(head === '' || head.endsWith('\n')).toBe(true);
      expect(new TextEncoder().encode(head).byteLength).toBeGreaterThan(Math.min(target, bytes.byteLength - 1));
    }
  });

  it('says why inflating failed', async () => {
    const gzip = await gzipBytes(new TextEncoder().encode(text(captureLines(300, 22))));
    const side = inflatedSide(new Blob([gzip.slice(0, gzip.byteLength >> 1)]), 10 ** 9, 'head');
    await expect(new Response(side.stream).text()).rejects.toThrow();
    expect(side.failure).not.toBeNull();
  });
});

describe('inflateHeadToPort', () => {
  /** Reads a stream to its end as text. */
  const read = async (stream: ReadableStream<Uint8Array>): Promise<string> => new Response(stream).text();

  it('sends the inflated bytes up to the line start after the target to the port, and streams the rest: head + tail is the whole file', async () => {
    const body = text(captureLines(300, 23));
    const bytes = new TextEncoder().encode(body);
    const gzip = new Blob([await gzipBytes(bytes)]);
    for (const target of [0, 1, body.indexOf('\n'), body.indexOf('\n') + 1, Math.floor(bytes.byteLength / 2), bytes.byteLength - 1, bytes.byteLength + 10]) {
      const channel = new MessageChannel();
      const head = inflatedSource('h.jsonl', gzip.size, channel.port1);
      const tail = inflateHeadToPort(gzip, target, channel.port2);
      const [headText, tailText] = await Promise.all([read(head.source.stream()), read(tail.stream)]);
      expect(headText + tailText).toBe(body);
      expect(headText === '' || headText.endsWith('\n')).toBe(true);
      expect(new TextEncoder().encode(headText).byteLength).toBeGreaterThan(Math.min(target, bytes.byteLength - 1));
      expect([head.failure, tail.failure]).toEqual([null, null]);
      // The same cut as two threads that each inflate the file find.
      expect(tailText).toBe(await read(inflatedSide(gzip, target, 'tail').stream));
    }
  });

  it('sends no more of the head than the reader gave credit for: the tail waits until the head is read', async () => {
    // About 3 MB inflated: several 1 MiB chunks of head.
    const lines = Array.from({ length: 40_000 }, (_, i) => `{"row":${i},"pad":"${'x'.repeat(60)}"}`);
    const body = text(lines);
    const gzip = new Blob([await gzipBytes(new TextEncoder().encode(body))]);
    const channel = new MessageChannel();
    const head = inflatedSource('h.jsonl', gzip.size, channel.port1, 1);
    const tail = inflateHeadToPort(gzip, body.length - 100, channel.port2);
    let isTailStarted = false;
    const tailText = read(tail.stream).then((value) => {
      isTailStarted = true;
      return value;
    });
    // Long enough for the whole file to inflate several times over, were nothing holding it back.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(isTailStarted).toBe(false);
    expect((await read(head.source.stream())) + (await tailText)).toBe(body);
  });

  it('tells both sides when inflating fails, and ends the tail when the head reader stops', async () => {
    const gzip = await gzipBytes(new TextEncoder().encode(text(captureLines(3000, 25))));
    const truncated = new Blob([gzip.slice(0, gzip.byteLength >> 1)]);
    const channel = new MessageChannel();
    const head = inflatedSource('h.jsonl', truncated.size, channel.port1);
    const tail = inflateHeadToPort(truncated, 10 ** 9, channel.port2);
    const results = await Promise.allSettled([read(head.source.stream()), read(tail.stream)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(head.failure).not.toBeNull();
    expect(tail.failure).not.toBeNull();

    const stopped = new MessageChannel();
    const reader = inflatedSource('h.jsonl', gzip.byteLength, stopped.port1, 1);
    const rest = inflateHeadToPort(new Blob([gzip]), 10 ** 9, stopped.port2);
    const tailRead = read(rest.stream);
    await reader.source.stream().cancel();
    await expect(tailRead).rejects.toThrow('the head reader stopped');
    expect(rest.failure).toBeNull();
  });
});
