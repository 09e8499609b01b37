import { describe, expect, it } from 'vitest';
import { readCapture } from './readCapture';
import type { ReadCaptureOptions } from './readCapture';
import { gzipBytes, sourceFromBytes, sourceFromChunks, sourceFromText } from '../test-support/testSources';
import { recordingSink } from '../test-support/testSink';
import type { RecordingSink } from '../test-support/testSink';
import { hasSharedData } from '../test-support/sharedData';
import {
  artifactRow,
  imageLoadData,
  KERNEL_PROCESS_GUID_TEXT,
  markedTime,
  processStartData,
  processStopData,
  rawHeaderRow,
  sigmaRow,
  v074Row,
} from '../test-support/testRows';
import type { CaptureSource, NormalizedEvent, ReadOutcome } from './types';
import { errorMessage } from '../lib/errorMessage';

const encoder = new TextEncoder();
const CLIENT_ID = 'C.0123456789abcdef';
const CMD = '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe';
const NTDLL = '\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll';
const CONHOST = '\\Device\\HarddiskVolume3\\Windows\\System32\\conhost.exe';

async function read(source: CaptureSource, options?: ReadCaptureOptions): Promise<RecordingSink & { outcome: ReadOutcome }> {
  const recording = recordingSink();
  const outcome = await readCapture(source, recording.sink, options);
  return { ...recording, outcome };
}

/** Rows of every shape, one per line, with what each must become. */
const mixedRows: { row: Record<string, unknown>; expected: NormalizedEvent | null }[] = [
  {
    row: v074Row(
      1,
      '2025-03-04T10:15:30.1234567Z',
      processStartData('10756', '0x2C834', '4321', '2001', markedTime('2025', '03', '04T10:15:30.120000000Z'), CMD),
      4321,
    ),
    expected: {
      eventId: 1,
      timeMs: Date.UTC(2025, 2, 4, 10, 15, 30, 123),
      host: CLIENT_ID,
      processId: 10756,
      parentProcessId: 4321,
      processSequence: 182324,
      parentProcessSequence: 2001,
      imageName: CMD,
      createTimeMs: Date.UTC(2025, 2, 4, 10, 15, 30, 120),
      parentImage: null,
    },
  },
  {
    row: rawHeaderRow(5, '2025-03-04T10:15:30.2Z', imageLoadData('10756', NTDLL), true),
    expected: {
      eventId: 5,
      timeMs: Date.UTC(2025, 2, 4, 10, 15, 30, 200),
      host: CLIENT_ID,
      processId: 10756,
      parentProcessId: -1,
      processSequence: -1,
      parentProcessSequence: -1,
      imageName: NTDLL,
      createTimeMs: Number.NaN,
      parentImage: null,
    },
  },
  { row: v074Row(15, '2025-03-04T10:15:30.3Z', { ProcessID: '4', ImageName: 'System' }), expected: null },
  {
    row: sigmaRow(
      1,
      '2025-03-04T10:15:31Z',
      'WIN-LAB07',
      processStartData('10760', '182325', '10756', '182324', markedTime('2025', '03', '04T10:15:30.900000000Z'), CONHOST),
    ),
    expected: {
      eventId: 1,
      timeMs: Date.UTC(2025, 2, 4, 10, 15, 31),
      host: 'WIN-LAB07',
      processId: 10760,
      parentProcessId: 10756,
      processSequence: 182325,
      parentProcessSequence: 182324,
      imageName: CONHOST,
      createTimeMs: Date.UTC(2025, 2, 4, 10, 15, 30, 900),
      parentImage: null,
    },
  },
  {
    row: rawHeaderRow(6, (Date.UTC(2025, 2, 4, 10, 15, 39, 500) + 11_644_473_600_000) * 10_000, imageLoadData('10756', NTDLL), false),
    expected: {
      eventId: 6,
      timeMs: Date.UTC(2025, 2, 4, 10, 15, 39, 500),
      host: CLIENT_ID,
      processId: 10756,
      parentProcessId: -1,
      processSequence: -1,
      parentProcessSequence: -1,
      imageName: NTDLL,
      createTimeMs: Number.NaN,
      parentImage: null,
    },
  },
  {
    row: {
      ...artifactRow(
        2,
        1_741_083_340,
        processStopData('10756', '0x2C834', markedTime('2025', '03', '04T10:15:30.120000000Z'), markedTime('2025', '03', '04T10:15:39.870000000Z'), 'cmd.exe'),
      ),
      Hostname: 'WIN-LAB07',
    },
    expected: {
      eventId: 2,
      timeMs: 1_741_083_340_000,
      host: 'WIN-LAB07',
      processId: 10756,
      parentProcessId: -1,
      processSequence: 182324,
      parentProcessSequence: -1,
      imageName: 'cmd.exe',
      createTimeMs: Date.UTC(2025, 2, 4, 10, 15, 30, 120),
      parentImage: null,
    },
  },
  { row: { ...v074Row(1, '2025-03-04T10:15:40Z', imageLoadData('1', 'x')), ProviderGUID: '{1C95126E-7EEA-49A9-A3FE-A378B03DDB4D}' }, expected: null },
];

const expectedEvents = mixedRows.flatMap((entry) => (entry.expected === null ? [] : [entry.expected]));
const mixedLines = mixedRows.map((entry) => JSON.stringify(entry.row));
const expectedIgnored = ['event id 15', 'provider {1C95126E-7EEA-49A9-A3FE-A378B03DDB4D}'];

/** The mixed rows with a blank line, an invalid line and a row without ImageName in between. */
function mixedJsonl(newline: string): string {
  const lines = [
    mixedLines[0],
    '',
    mixedLines[1],
    '{"System":{"ID":1,"TimeStamp":"2025-03-04T10:15:30Z"},"EventData":{"ProcessID":"5"}}',
    ...mixedLines.slice(2, 5),
    '{"System":{"ID":5,',
    ...mixedLines.slice(5),
  ];
  return lines.join(newline) + newline;
}
/** The message this platform's JSON.parse gives for a text. */
function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return errorMessage(error);
  }
  throw new Error(`${text} is valid JSON`);
}

const mixedProblems = [
  { file: `${CLIENT_ID}.jsonl`, line: 4, reason: 'missing EventData.ImageName' },
  { file: `${CLIENT_ID}.jsonl`, line: 8, reason: `invalid JSON (${jsonParseMessage('{"System":{"ID":5,')})` },
];

describe('readCapture: JSON Lines', () => {
  it('reads every row shape with exact fields, ignored rows and problems with line numbers', async () => {
    const result = await read(sourceFromText(mixedJsonl('\n'), `${CLIENT_ID}.jsonl`));
    expect(result.events).toEqual(expectedEvents);
    expect(result.ignoredReasons).toEqual(expectedIgnored);
    expect(result.problems).toEqual(mixedProblems);
    expect(result.outcome).toEqual({ format: 'jsonl', isGzip: false, rows: 9, fatal: null });
  });

  it('reads CRLF, a UTF-8 BOM and UTF-16 LE with BOM alike', async () => {
    const crlf = mixedJsonl('\r\n');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(crlf)]);
    const utf16 = new Uint8Array(2 + crlf.length * 2);
    utf16[0] = 0xff;
    utf16[1] = 0xfe;
    for (let i = 0; i < crlf.length; i++) {
      const code = crlf.charCodeAt(i);
      utf16[2 + 2 * i] = code & 0xff;
      utf16[3 + 2 * i] = code >> 8;
    }
    for (const bytes of [encoder.encode(crlf), withBom, utf16]) {
      const result = await read(sourceFromBytes(bytes, `${CLIENT_ID}.jsonl`));
      expect(result.events).toEqual(expectedEvents);
      expect(result.problems).toEqual(mixedProblems);
      expect(result.outcome.fatal).toBeNull();
    }
  });

  it('reads gzip by magic bytes and reports compressed bytes as progress', async () => {
    const compressed = await gzipBytes(encoder.encode(mixedJsonl('\n')));
    const result = await read(sourceFromBytes(compressed, `${CLIENT_ID}.jsonl`));
    expect(result.outcome).toEqual({ format: 'jsonl', isGzip: true, rows: 9, fatal: null });
    expect(result.events).toEqual(expectedEvents);
    expect(result.progressCalls).toEqual([compressed.byteLength]);
  });

  it('reports truncated gzip data after the rows before it', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify(
        v074Row(
          5,
          `2025-03-04T10:00:00.${String(i).padStart(4, '0')}Z`,
          imageLoadData(String(1000 + i), `\\Device\\HarddiskVolume3\\Windows\\System32\\lib${i}.dll`),
        ),
      ),
    );
    const compressed = await gzipBytes(encoder.encode(rows.join('\n') + '\n'));
    const cut = compressed.slice(0, Math.floor(compressed.byteLength * 0.6));
    const result = await read(sourceFromBytes(cut, `${CLIENT_ID}.jsonl.gz`));
    expect(result.outcome.fatal).toBeNull();
    expect(result.events.length).toBeGreaterThan(100);
    expect(result.events.length).toBeLessThan(3000);
    result.events.forEach((event, i) => expect(event.processId).toBe(1000 + i));
    const last = result.problems.at(-1);
    expect(last?.reason.startsWith('gzip data is truncated or corrupt')).toBe(true);
  });

  it('keeps a JSON-parse-rounded Keyword beyond 2^53 harmless', async () => {
    const line =
      '{"System":{"ID":5,"Version":0,"Channel":16,"Level":4,"OpCode":0,"Task":5,"Keyword":9223372036854775824,"ThreadID":7312,"ProcessID":5916,' +
      '"TimeStamp":"2025-03-04T10:15:30.5Z","ProviderID":{"Data1":586886358,"Data2":3707,"Data3":16939,"Data4":[160,199,47,173,31,208,231,22]},' +
      '"ActivityID":{"Data1":0,"Data2":0,"Data3":0,"Data4":[0,0,0,0,0,0,0,0]},"Flags":576,"KernelTime":0,"UserTime":0,"ProcessorTime":0},' +
      `"EventData":${JSON.stringify(imageLoadData('5916', NTDLL))}}`;
    const result = await read(sourceFromText(line + '\n'));
    expect(result.events.map((event) => [event.eventId, event.timeMs, event.processId])).toEqual([[5, Date.UTC(2025, 2, 4, 10, 15, 30, 500), 5916]]);
  });

  it('reports a truncated last line without newline and keeps its neighbours', async () => {
    const text = `${mixedLines[0]}\n${mixedLines[1]}\n${(mixedLines[3] ?? '').slice(0, 120)}`;
    const result = await read(sourceFromText(text, 'day.json'));
    expect(result.events.map((event) => event.processId)).toEqual([10756, 10756]);
    expect(result.problems).toEqual([{ file: 'day.json', line: 3, reason: expect.stringMatching(/^invalid JSON \(/) }]);
  });

  it('survives a 10 MB line, valid or not, between normal rows', async () => {
    const bigRow = v074Row(5, '2025-03-04T10:15:30Z', { ...imageLoadData('77', NTDLL), Padding: 'A'.repeat(10 * 1024 * 1024) });
    const text = [mixedLines[0], JSON.stringify(bigRow), `{"x":"${'B'.repeat(10 * 1024 * 1024)}`, mixedLines[1]].join('\n');
    const bytes = encoder.encode(text);
    const result = await read(
      sourceFromChunks(
        bytes,
        Array.from({ length: Math.ceil(bytes.length / 65536) }, () => 65536),
      ),
    );
    expect(result.events.map((event) => event.processId)).toEqual([10756, 77, 10756]);
    expect(result.problems.map((problem) => [problem.line, problem.reason.startsWith('invalid JSON (')])).toEqual([[3, true]]);
    expect(result.problems[0]?.reason.length).toBeLessThanOrEqual(100);
  });

  it('takes the host from the option, else the client id in the name, else "unknown"', async () => {
    const artifactLine = JSON.stringify(artifactRow(5, 1_741_083_330, imageLoadData('5', NTDLL)));
    expect((await read(sourceFromText(artifactLine, `${CLIENT_ID}.json`), { hostFallback: 'WS-042' })).events[0]?.host).toBe('WS-042');
    expect((await read(sourceFromText(artifactLine, `${CLIENT_ID}.json`))).events[0]?.host).toBe(CLIENT_ID);
    expect((await read(sourceFromText(artifactLine, 'capture.json'))).events[0]?.host).toBe('unknown');
  });
});

describe('readCapture: JSON arrays', () => {
  it('reads indented arrays written back to back, with element line numbers', async () => {
    const badElement = { System: { ID: 6, TimeStamp: '2025-03-04T10:16:00Z' }, EventData: { ProcessID: '1', Marker: 'bad' } };
    const rows = [...mixedRows.map((entry) => entry.row), badElement];
    const text = `${JSON.stringify(rows.slice(0, 3), null, 2)}${JSON.stringify(rows.slice(3), null, 2)}\n`;
    const badStart = text.lastIndexOf('\n  {', text.indexOf('"Marker"')) + 1;
    const badLine = text.slice(0, badStart).split('\n').length;
    expect(text.split('\n')[badLine - 1]).toBe('  {');
    expect(badLine).toBeGreaterThan(100);
    const result = await read(sourceFromText(text, `${CLIENT_ID}.json`));
    expect(result.outcome).toEqual({ format: 'json-array', isGzip: false, rows: 8, fatal: null });
    expect(result.events).toEqual(expectedEvents);
    expect(result.ignoredReasons).toEqual(expectedIgnored);
    expect(result.problems).toEqual([{ file: `${CLIENT_ID}.json`, line: badLine, reason: 'missing EventData.ImageName' }]);
  });

  it('reads a one-line array and reports elements that are no objects', async () => {
    const text = `[${mixedLines[0]},42,"text",${mixedLines[1]}]`;
    const result = await read(sourceFromText(text, 'a.json'));
    expect(result.events.length).toBe(2);
    expect(result.problems.map((problem) => problem.reason)).toEqual(['row is not a JSON object', 'row is not a JSON object']);
  });

  it('reads pretty-printed objects back to back (jq output)', async () => {
    const text = mixedRows.map((entry) => JSON.stringify(entry.row, null, 2)).join('\n') + '\n';
    const result = await read(sourceFromText(text, `${CLIENT_ID}.json`));
    expect(result.outcome.format).toBe('json-array');
    expect(result.events).toEqual(expectedEvents);
  });
});

/** Writes a CSV cell as Velociraptor's GUI export does. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'string' && /^[=+@\t\r\n]/.test(text)) text = `\t${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

describe('readCapture: CSV', () => {
  it('reads JSON-in-cell System/EventData, TAB-guarded cells, quoted newlines and empty cells', async () => {
    const header = ['System', 'ProviderGUID', 'EventData', 'Backtrace', 'Hostname', 'Note'];
    const first = v074Row(
      1,
      '2025-03-04T10:15:30.1234567Z',
      processStartData('10756', '0x2C834', '4321', '2001', markedTime('2025', '03', '04T10:15:30.120000000Z'), CMD),
    );
    const second = v074Row(5, '2025-03-04T10:15:30.2Z', imageLoadData('10756', NTDLL));
    const broken = v074Row(6, '2025-03-04T10:15:30.3Z', { ProcessID: '10756' });
    const records = [
      header.map(csvCell).join(','),
      [first.System, KERNEL_PROCESS_GUID_TEXT, first.EventData, [], 'WIN-LAB07', '=HYPERLINK("x")'].map(csvCell).join(','),
      [second.System, KERNEL_PROCESS_GUID_TEXT, second.EventData, [], null, 'two\r\nlines'].map(csvCell).join(','),
      [broken.System, KERNEL_PROCESS_GUID_TEXT, broken.EventData, [], 'WIN-LAB07', null].map(csvCell).join(','),
    ];
    expect(records[1]).toContain(',"\t=HYPERLINK(""x"")"');
    expect(records[2]).toContain('"two\r\nlines"');
    const result = await read(sourceFromText(records.join('\r\n') + '\r\n', `${CLIENT_ID}.csv`));
    expect(result.outcome).toEqual({ format: 'csv', isGzip: false, rows: 3, fatal: null });
    expect(result.events.map((event) => [event.eventId, event.host, event.processId, event.processSequence, event.imageName, event.timeMs])).toEqual([
      [1, 'WIN-LAB07', 10756, 182324, CMD, Date.UTC(2025, 2, 4, 10, 15, 30, 123)],
      [5, CLIENT_ID, 10756, -1, NTDLL, Date.UTC(2025, 2, 4, 10, 15, 30, 200)],
    ]);
    // The second record spans lines 3–4, so the third starts on line 5.
    expect(result.problems).toEqual([{ file: `${CLIENT_ID}.csv`, line: 5, reason: 'missing EventData.ImageName' }]);
  });

  it('reads a range cut after the header with the header given, and says whether a range ended between rows', async () => {
    const header = ['System', 'ProviderGUID', 'EventData', 'Backtrace', 'Hostname'];
    const rows = [1, 2].map((pid) => v074Row(1, '2025-03-04T10:15:30Z', processStartData(String(pid), '', '4', '', '2025-03-04T10:15:30Z', CMD)));
    const records = rows.map((row) => [row.System, KERNEL_PROCESS_GUID_TEXT, row.EventData, 'one\ntwo', 'WIN-LAB07'].map(csvCell).join(','));
    const whole = await read(sourceFromText(`${header.join(',')}\n${records.join('\n')}\n`, 'w.csv'), { countLines: true });
    const range = await read(sourceFromText(`${records.join('\n')}\n`, 'w.csv'), { countLines: true, layout: 'csv', csvHeader: header });
    expect(range.events).toEqual(whole.events);
    expect(range.outcome).toEqual({ ...whole.outcome, lines: whole.outcome.lines === undefined ? -1 : whole.outcome.lines - 1 });
    expect(whole.outcome.endsBetweenRows).toBe(true);
    // Cut inside the quoted cell that holds a newline.
    const inQuotes = `${header.join(',')}\n${records[0] ?? ''}`.split('\n').slice(0, 2).join('\n') + '\n';
    expect((await read(sourceFromText(inQuotes, 'q.csv'), { countLines: true })).outcome.endsBetweenRows).toBe(false);
    const openArray = await read(sourceFromText(`[${JSON.stringify(rows[0])},\n`, 'a.json'), { countLines: true });
    expect(openArray.outcome.endsBetweenRows).toBe(false);
  });

  it('reads Windows.ETW.KernelProcess artifact CSV with EID and _ts as text', async () => {
    const row = artifactRow(1, 1_741_083_330, processStartData('10756', '182324', '4321', '2001', markedTime('2025', '03', '04T10:15:30.120000000Z'), CMD));
    const header = Object.keys(row);
    const text = `${header.join(',')}\n${header.map((key) => csvCell(typeof row[key] === 'number' ? String(row[key]) : row[key])).join(',')}\n`;
    const result = await read(sourceFromText(text, 'kernel.csv'));
    expect(result.events.map((event) => [event.eventId, event.timeMs, event.parentProcessId, event.host])).toEqual([[1, 1_741_083_330_000, 4321, 'unknown']]);
  });
});

describe('readCapture: files that are not captures', () => {
  it('says an empty file is empty', async () => {
    expect((await read(sourceFromText('', 'empty.jsonl'))).outcome).toEqual({ format: null, isGzip: false, rows: 0, fatal: 'empty.jsonl is empty' });
    expect((await read(sourceFromText('\r\n  \n', 'blank.jsonl'))).outcome.fatal).toBe('blank.jsonl is empty');
  });

  it('says a PNG renamed .json is binary', async () => {
    const bytes = new Uint8Array(2048);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    for (let i = 16; i < bytes.length; i++) bytes[i] = (i * 97) % 256;
    const result = await read(sourceFromBytes(bytes, 'screenshot.json'));
    expect(result.outcome).toEqual({ format: null, isGzip: false, rows: 0, fatal: 'screenshot.json is not a text capture (looks binary)' });
    expect(result.events.length + result.problems.length).toBe(0);
  });

  it('names the file when it cannot be read or is not gzip inside', async () => {
    const gone = {
      name: 'gone.json',
      size: 1,
      stream: (): ReadableStream<Uint8Array> => {
        throw new Error('file changed');
      },
    };
    expect((await read(gone)).outcome).toEqual({ format: null, isGzip: false, rows: 0, fatal: 'gone.json could not be read (file changed)' });
    const badGzip = new Uint8Array([0x1f, 0x8b, 0x99, 0x99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const outcome = (await read(sourceFromBytes(badGzip, 'day.json.gz'))).outcome;
    expect(outcome.isGzip).toBe(true);
    expect(outcome.fatal).toMatch(/^day\.json\.gz is not valid gzip data \(/);
  });

  it('says valid JSON without ETW rows holds no ETW process events, without a problem per line', async () => {
    const sysmon = Array.from({ length: 5 }, (_, i) =>
      JSON.stringify({
        EventID: 1,
        Hostname: 'WIN-LAB07',
        UtcTime: '2020-10-22 06:57:59.855',
        Image: 'C:\\Windows\\System32\\cmd.exe',
        ProcessId: String(100 + i),
      }),
    );
    const result = await read(sourceFromText(sysmon.join('\n'), 'sysmon.json'));
    expect(result.outcome).toEqual({
      format: 'jsonl',
      isGzip: false,
      rows: 5,
      fatal:
        'sysmon.json holds no process events (expected Velociraptor watch_etw rows with System.ID or EID and EventData, Sysmon or Security event log records with a Channel, or SilkETW rows; read 5 rows)',
    });
    expect(result.problems).toEqual([]);
    expect((await read(sourceFromText('[]', 'none.json'))).outcome.fatal).toMatch(/^none\.json holds no process events \(/);
    expect((await read(sourceFromText('just,a,header\n', 'h.csv'))).outcome.fatal).toMatch(/^h\.csv holds no process events \(/);
  });

  it('reports problems held before the first ETW row once one arrives, in order', async () => {
    const text = ['{"EventID":1}', 'nonsense', mixedLines[0], '{"EventID":2}'].join('\n');
    const result = await read(sourceFromText(text, 'f.jsonl'));
    expect(result.problems.map((problem) => problem.line)).toEqual([1, 2, 4]);
    expect(result.events.length).toBe(1);
  });
});

describe('readCapture: abort', () => {
  const manyLines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify(v074Row(5, '2025-03-04T10:00:00Z', imageLoadData(String(i), NTDLL)))).join('\n');
  const manyBytes = encoder.encode(manyLines);
  const chunkSizes = Array.from({ length: Math.ceil(manyBytes.length / 16384) }, () => 16384);

  it('rejects with an AbortError and emits no event after the abort', async () => {
    const controller = new AbortController();
    const recording = recordingSink();
    let eventsAtAbort = -1;
    const sink = {
      ...recording.sink,
      event: (event: NormalizedEvent) => {
        recording.events.push(event);
        if (recording.events.length === 1000) {
          setTimeout(() => {
            eventsAtAbort = recording.events.length;
            controller.abort();
          }, 0);
        }
      },
    };
    await expect(readCapture(sourceFromChunks(manyBytes, chunkSizes, 'many.jsonl', true), sink, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(eventsAtAbort).toBeGreaterThanOrEqual(1000);
    expect(recording.events.length).toBe(eventsAtAbort);
    expect(eventsAtAbort).toBeLessThan(20_000);
  });

  it('stops within a chunk when a sink callback aborts', async () => {
    const controller = new AbortController();
    let count = 0;
    const sink = { ...recordingSink().sink, event: () => (++count === 10 ? controller.abort() : undefined) };
    await expect(readCapture(sourceFromText(manyLines), sink, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(count).toBe(10);
  });

  it('rejects at once when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { sink, events } = recordingSink();
    await expect(readCapture(sourceFromText(manyLines), sink, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(events.length).toBe(0);
  });
});

const sharedFiles = import.meta.glob<string>(['../../../shared/data/velociraptor/KernelProcess.json'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const kernelProcessText = sharedFiles['../../../shared/data/velociraptor/KernelProcess.json'];

describe.skipIf(!hasSharedData(kernelProcessText !== undefined, 'velociraptor/KernelProcess.json'))(
  'readCapture: real data (../shared/data; skipped outside CI when absent)',
  () => {
    it('reads velociraptor/KernelProcess.json (Sigma event model, U+200E CreateTime)', async () => {
      const result = await read(sourceFromText(kernelProcessText ?? '', 'KernelProcess.json'));
      expect(result.outcome).toEqual({ format: 'jsonl', isGzip: false, rows: 1, fatal: null });
      expect(result.problems).toEqual([]);
      expect(result.events).toHaveLength(1);
      const event = result.events[0];
      expect(event?.eventId).toBe(1);
      expect(event?.processId).toBe(888);
      expect(event?.parentProcessId).toBe(5916);
      expect(event?.processSequence).toBe(13463);
      expect(event?.parentProcessSequence).toBe(3280);
      expect(event?.host).toBe('WIN-SJE0CKQO83P');
      expect(new Date(event?.createTimeMs ?? Number.NaN).toISOString()).toBe('2024-12-19T08:10:41.597Z');
      expect(new Date(event?.timeMs ?? Number.NaN).toISOString()).toBe('2024-12-19T08:10:45.000Z');
      expect(event?.imageName).toBe('\\Device\\HarddiskVolume3\\Windows\\System32\\rundll32.exe');
      expect(event?.parentImage).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    });
  },
);
