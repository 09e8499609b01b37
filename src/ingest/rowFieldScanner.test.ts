/**
 * The fast path of JSON Lines reading (rowFieldScanner.ts, rowTemplates.ts) must agree with
 * `JSON.parse` on every row: same sparse fields where it reads a row, null (fall back) where
 * the row is not valid JSON, and the normalisers must read no field it drops.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/random';
import type { Random } from '../lib/random';
import { normalizeRow } from './normalizeRow';
import { ROW_FIELDS_READ, scanRowFields } from './rowFieldScanner';
import { RowFieldReader } from './rowTemplates';
import { FieldParsers, normalizeContext } from './fieldParsers';
import { artifactRow, imageLoadData, markedTime, processStartData, processStopData, rawHeaderRow, sigmaRow, v074Row } from '../test-support/testRows';

const realFiles = import.meta.glob<string>(['../../../shared/data/velociraptor/*.json*', '../../../shared/data/otrf/*.json*'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
// Split as LineSplitter does: CRLF files lose the '\r'.
const realLines = Object.values(realFiles).flatMap((text) => text.split(/\r?\n/).filter((line) => line.trim() !== ''));

const KEPT = new Set(ROW_FIELDS_READ);
const context = normalizeContext('fallback-host');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the scanner must give for a parsed row: kept names only, at every depth; arrays whole. */
function projection(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) if (KEPT.has(name)) kept[name] = projection(child);
  return kept;
}

function parsedOrError(line: string): { value: unknown } | { error: true } {
  try {
    return { value: JSON.parse(line) };
  } catch {
    return { error: true };
  }
}

/** A second reader fed the same lines as each reader of a test, through readEvent (templates' plans, then sparse rows). */
const eventReaders = new WeakMap<RowFieldReader, RowFieldReader>();
/** A third, fed the lines' UTF-8 bytes as JsonLinesByteReader does: readEventBytes, and readEvent of the decoded line when it declines. */
const byteReaders = new WeakMap<RowFieldReader, RowFieldReader>();
/** Rows readEvent made events of straight from a template's captures. */
let templateEvents = 0;
/** Rows readEventBytes made events of straight from a byte template's spans. */
let byteEvents = 0;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The line's UTF-8 bytes inside a larger buffer, with a row start and junk after them, as a
 * chunk holds a line: the byte matcher reads four bytes at a time and may look past the line.
 */
function inChunk(line: string): { bytes: Uint8Array; start: number; end: number } {
  const body = encoder.encode(line);
  const bytes = new Uint8Array(body.length + 9);
  bytes.set(encoder.encode('\n'), 0);
  bytes.set(body, 1);
  bytes.set(encoder.encode('\n{"\\"1}'), body.length + 1);
  return { bytes, start: 1, end: body.length + 1 };
}

/** readEventBytes agrees with normalizeRow of JSON.parse on the text the bytes decode to (lone surrogates become U+FFFD). */
function expectByteAgreement(line: string, reader: RowFieldReader): void {
  const byteReader = byteReaders.get(reader) ?? new RowFieldReader(new FieldParsers());
  byteReaders.set(reader, byteReader);
  const { bytes, start, end } = inChunk(line);
  const text = decoder.decode(bytes.subarray(start, end));
  const parsed = parsedOrError(text);
  // As the splitter first asks, with the line's end not yet known (a '\n' follows it), then with it.
  const rowEvent = byteReader.readRowEventAt(bytes, start, bytes.length, context.fallbackHost);
  if (rowEvent !== null) expect(byteReader.rowEnd).toBe(end);
  const event = rowEvent ?? byteReader.readEventBytes(bytes, start, end, context.fallbackHost);
  if (event === null) {
    byteReader.readEvent(text, context.fallbackHost);
    return;
  }
  byteEvents++;
  expect('value' in parsed).toBe(true);
  if ('value' in parsed) expect({ kind: 'event', event }).toStrictEqual(normalizeRow(parsed.value, context));
}

/** Checks one line through a reader (templates then scanner), through readEvent of its twin, and through the bare scanner. */
function expectAgreement(line: string, reader: RowFieldReader): void {
  const eventReader = eventReaders.get(reader) ?? new RowFieldReader(new FieldParsers());
  eventReaders.set(reader, eventReader);
  const parsed = parsedOrError(line);
  const scanned = scanRowFields(line);
  const read = reader.read(line);
  const event = eventReader.readEvent(line, context.fallbackHost);
  expectByteAgreement(line, reader);
  if ('error' in parsed || !isPlainObject(parsed.value)) {
    expect(scanned).toBeNull();
    expect(read).toBeNull();
    expect(event).toBeNull();
    expect(eventReader.row).toBeNull();
    return;
  }
  const expected = projection(parsed.value);
  if (scanned !== null) expect(scanned).toStrictEqual(expected);
  if (read !== null) {
    expect(read).toStrictEqual(expected);
    expect(normalizeRow(read, context)).toStrictEqual(normalizeRow(parsed.value, context));
  }
  if (event !== null) {
    templateEvents++;
    expect({ kind: 'event', event }).toStrictEqual(normalizeRow(parsed.value, context));
    expect(eventReader.row).toBeNull();
  } else if (eventReader.row !== null) {
    expect(eventReader.row).toStrictEqual(expected);
  }
}

/** Wraps a parsed row so that every property name read at any depth is recorded (arrays are kept whole). */
function recordingReads(value: unknown, reads: Set<string>): unknown {
  if (!isPlainObject(value)) return value;
  return new Proxy(value, {
    get(target, property, receiver) {
      if (typeof property === 'string') reads.add(property);
      return recordingReads(Reflect.get(target, property, receiver), reads);
    },
  });
}

// ---- Generated rows -------------------------------------------------------------------------

/** Strings meant to break a scanner: quotes, backslashes, separators, controls, surrogates (paired and lone). */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('"', '\\', '/', ',', ':', '{', '}', '[', ']', '\u2028', '\u200e', '\n', '\t', '\u0000', '\ud83d', '\ude00', 'a', ' ') }),
  fc.constantFrom('', '-', '\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe', 'C:\\Windows\\System32\\cmd.exe', '"ImageName":"x"', '\\"}', '0x1F4'),
);

const integerText = fc.oneof(
  fc.nat().map(String),
  fc.nat().map((n) => `0x${n.toString(16)}`),
  fc.constantFrom('8,416', '-1', '', '12a', '9007199254740993'),
);

const timeText = fc.oneof(
  fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString()),
  fc.constantFrom(markedTime('2024', '12', '19T08:10:41.597027800Z'), '2020-10-22 06:57:59.855', 'not a time', '2024-12-19T08:10:45.1234567+02:00'),
);

/** A scalar or nested value in any slot: unexpected types must agree too. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 2, arbitrary: integerText },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, 0, -0, 1.5e300, Number('18446744073709551615'), Number('9223372036854775824')) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const eventData = fc.record({
  ProcessID: integerText,
  ProcessSequenceNumber: integerText,
  ParentProcessID: integerText,
  ParentProcessSequenceNumber: integerText,
  CreateTime: timeText,
  ImageName: hostileString,
  Extra: anyValue,
});

/** Every row shape the normalisers know, filled with generated values. */
const knownRow: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    shape: fc.constantFrom('v074', 'raw073', 'raw070', 'sigma', 'artifact', 'sysmonFlat', 'security4688', 'winlogbeat', 'evtxDump', 'silk'),
    eventId: fc.constantFrom(1, 2, 5, 6, 7, 15, 4688, 4689),
    data: eventData,
    time: timeText,
    host: hostileString,
    odd: anyValue,
  })
  .map(({ shape, eventId, data, time, host, odd }): Record<string, unknown> => {
    const payload =
      eventId === 2
        ? processStopData(data.ProcessID, data.ProcessSequenceNumber, data.CreateTime, time, data.ImageName)
        : eventId === 5 || eventId === 6
          ? imageLoadData(data.ProcessID, data.ImageName)
          : {
              ...processStartData(
                data.ProcessID,
                data.ProcessSequenceNumber,
                data.ParentProcessID,
                data.ParentProcessSequenceNumber,
                data.CreateTime,
                data.ImageName,
              ),
              Extra: data.Extra,
            };
    switch (shape) {
      case 'v074':
        return { ...v074Row(eventId, time, payload), Hostname: host, _ts: 1772409617, Odd: odd };
      case 'raw073':
        return rawHeaderRow(eventId, time, payload, true);
      case 'raw070':
        return rawHeaderRow(eventId, 133_000_000_000_000_000, payload, false);
      case 'sigma':
        return sigmaRow(eventId, time, host, { ...payload, ProcInfo: { ParentImage: odd, Hashes: { SHA256: 'AB' } } });
      case 'artifact':
        return artifactRow(eventId, 1772409617, payload);
      case 'sysmonFlat':
        return {
          EventID: eventId,
          Channel: 'Microsoft-Windows-Sysmon/Operational',
          Hostname: host,
          '@timestamp': time,
          UtcTime: time,
          Image: data.ImageName,
          ImageLoaded: odd,
          ProcessId: data.ProcessID,
          ParentProcessId: data.ParentProcessID,
          ParentImage: host,
          CommandLine: odd,
          User: host,
        };
      case 'security4688':
        return {
          EventID: eventId,
          Channel: 'Security',
          SourceName: 'Microsoft-Windows-Security-Auditing',
          Hostname: host,
          TimeCreated: time,
          NewProcessName: data.ImageName,
          NewProcessId: data.ProcessID,
          ProcessId: data.ParentProcessID,
          ParentProcessName: odd,
          CommandLine: host,
          SubjectUserName: host,
          SubjectDomainName: 'DOM',
          TargetUserName: '-',
          Keywords: '0x8020000000000000',
        };
      case 'winlogbeat':
        return {
          event_id: eventId,
          log_name: 'Microsoft-Windows-Sysmon/Operational',
          computer_name: host,
          '@timestamp': time,
          event_data: { UtcTime: time, Image: data.ImageName, ProcessId: data.ProcessID, Other: odd },
        };
      case 'evtxDump':
        return {
          Event: {
            System: {
              EventID: { '#attributes': { Qualifiers: '' }, '#text': eventId },
              Channel: 'Security',
              Computer: host,
              TimeCreated: { '#attributes': { SystemTime: time } },
              Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } },
            },
            EventData: {
              Data: [
                { '#attributes': { Name: 'NewProcessName' }, '#text': data.ImageName },
                { '#attributes': { Name: 'NewProcessId' }, '#text': data.ProcessID },
              ],
            },
          },
        };
      case 'silk':
        return {
          ProviderGuid: '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716',
          ProviderName: 'Microsoft-Windows-Kernel-Process',
          EventName: 'ProcessStart/Start',
          TimeStamp: time,
          ProcessID: data.ProcessID,
          Hostname: host,
          XmlEventData: payload,
        };
      default:
        return {};
    }
  });

const JSON_WHITESPACE = [' ', '\t', '\n', '\r'] as const;

/**
 * JSON text of a value written the ways real writers and hostile ones do: keys shuffled or
 * duplicated, whitespace between tokens, characters `\u`-escaped (quotes, separators,
 * surrogates), `\/`, big integers as raw digits.
 */
function writeJson(value: unknown, random: Random): string {
  const space = (): string => (random.next() < 0.1 ? random.pick(JSON_WHITESPACE).repeat(1 + random.int(2)) : '');
  if (typeof value === 'string') return writeString(value, random);
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > 2 ** 53) {
    // Raw uint64 text such as Keyword 9223372036854775824, which JSON.parse rounds.
    return BigInt(value).toString() + (random.next() < 0.5 ? '' : String(random.int(10)));
  }
  if (Array.isArray(value)) return `[${space()}${value.map((item) => writeJson(item, random)).join(`${space()},${space()}`)}${space()}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (random.next() < 0.3) entries.sort(() => random.next() - 0.5);
    if (random.next() < 0.1 && entries.length > 0) entries.push(random.pick(entries));
    const members = entries.map(([name, child]) => `${space()}${writeString(name, random, 0.02)}${space()}:${space()}${writeJson(child, random)}${space()}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function writeString(text: string, random: Random, escapeShare = 0.05): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const char = text.charAt(i);
    if (random.next() < escapeShare) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (char === '/' && random.next() < 0.5) out += '\\/';
    else out += JSON.stringify(char).slice(1, -1);
  }
  return `${out}"`;
}

/** Damage that may or may not leave valid JSON. */
function damage(line: string, random: Random): string {
  const at = random.int(line.length + 1);
  switch (random.int(5)) {
    case 0:
      return line.slice(0, at);
    case 1:
      return line.slice(0, at) + line.slice(at + 1);
    case 2:
      return line.slice(0, at) + random.pick(['\u0001', '\t', '"', '\\', ',', '}', ' ', 'x', '\\u12', '0']) + line.slice(at);
    case 3:
      return ` ${line}\r`;
    default:
      return line.replace('":', random.pick(['" :', '":\t', '"']));
  }
}

describe('field scanner and templates agree with JSON.parse', () => {
  it('on generated rows of every known shape, written every way, damaged or not', () => {
    fc.assert(
      fc.property(fc.array(knownRow, { minLength: 1, maxLength: 6 }), fc.integer(), (rows, seed) => {
        // A fresh reader per run: one reader fed every shape would soon give templates up.
        const reader = new RowFieldReader(new FieldParsers());
        const random = seededRandom(seed);
        for (const row of rows) {
          const line = writeJson(row, random);
          expectAgreement(line, reader);
          // A second row of the same shape is read through the template of the first (twice: the second time readEvent's plan too).
          expectAgreement(JSON.stringify(row), reader);
          expectAgreement(JSON.stringify(row), reader);
          expectAgreement(damage(line, random), reader);
        }
      }),
      { numRuns: 400 },
    );
    // The plans were exercised, not only declined, on text and on bytes.
    expect(templateEvents).toBeGreaterThan(100);
    expect(byteEvents).toBeGreaterThan(100);
  });

  it('on arbitrary JSON values and texts', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        const reader = new RowFieldReader(new FieldParsers());
        const random = seededRandom(seed);
        expectAgreement(writeJson(value, random), reader);
        expectAgreement(writeJson({ System: value, EventData: { ImageName: value } }, random), reader);
      }),
      { numRuns: 300 },
    );
    const reader = new RowFieldReader(new FieldParsers());
    fc.assert(
      fc.property(fc.string(), (text) => {
        expectAgreement(text, reader);
        expectAgreement(`{"System":${text}}`, reader);
      }),
    );
  });

  it('on escapes, surrogates, separators and uint64 numbers written by hand', () => {
    const reader = new RowFieldReader(new FieldParsers());
    const lines = [
      String.raw`{"System":{"ID":1,"Keyword":9223372036854775824,"TimeStamp":"2024-12-19T08:10:45Z"},"EventData":{"ImageName":"\\Device\\x\u0022\u005c\"\/y","ProcessID":"18446744073709551615"}}`,
      String.raw`{"EventData":{"ImageName":"\ud83d\ude00 \ud83d \ude00 \u2028\u2029\u200e"},"System":{"ID":1}}`,
      String.raw`{"Image\u004eame":"escaped key","ImageName":"plain"}`,
      String.raw`{"ImageName":"first","ImageName":"second","System":{"ID":2},"System":{"ID":1}}`,
      String.raw`{"System":{"ID":1e0},"EventData":{"ProcessID":-0,"ImageName":"\u0041\u00e9"}}`,
      '{"EventData":{"ImageName":"raw\ttab"}}',
      '{"EventData":{"ImageName":"\\x"}}',
      '{"EventData":{"ImageName":"\\u12G4"}}',
      '{"System":{"ID":01}}',
      '{"System":{"ID":1.}}',
      '{"System":{"ID":+1}}',
      '{"System":{"ID":1},}',
      '\ufeff{"System":{"ID":1}}',
      ' \t{ "System" : { "ID" : 1 } , "EventData" : { } } \r',
      '[{"System":{"ID":1}}]',
      '"text"',
      `${'{"a":'.repeat(200)}1${'}'.repeat(200)}`,
      '{"__proto__":{"ImageName":"x"},"constructor":1,"EventData":{"Data":[{"#attributes":{"Name":"Image"},"#text":"x"}]}}',
    ];
    for (const line of lines) {
      expectAgreement(line, reader);
      expectAgreement(line, reader);
    }
    // A template learned from a good row must still reject bad values in its slots.
    const good = String.raw`{"System":{"ID":1},"EventData":{"ImageName":"\\a\u00e9","Other":"b","N":12}}`;
    const bad = [
      good.replace('\\a', '\\a\\q'),
      good.replace('"b"', '"\\q"'),
      good.replace('"b"', '"\\u00G1"'),
      good.replace('"b"', '"\u0001"'),
      good.replace('"b"', '"\t"'),
      good.replace('12', '012'),
      good.replace('12', '1.'),
      good.replace('12', '-'),
      good.replace('"b"', '"b'),
    ];
    const templated = new RowFieldReader(new FieldParsers());
    expect(templated.read(good)).not.toBeNull();
    for (const line of bad) {
      expect(() => JSON.parse(line) as unknown).toThrow();
      expect(templated.read(line)).toBeNull();
    }
    expect(scanRowFields(lines[0] ?? '')).toStrictEqual({
      System: { ID: 1, TimeStamp: '2024-12-19T08:10:45Z' },
      EventData: { ImageName: '\\Device\\x"\\"/y', ProcessID: '18446744073709551615' },
    });
  });

  it.skipIf(realLines.length === 0)('on every real row in ../shared/data (velociraptor, otrf), and reads nearly all of them itself', () => {
    const reader = new RowFieldReader(new FieldParsers());
    let fastRows = 0;
    for (const line of realLines) {
      expectAgreement(line, reader);
      if (scanRowFields(line) !== null) fastRows++;
    }
    expect(fastRows / realLines.length).toBeGreaterThan(0.99);
  });
});

describe('RowFieldReader', () => {
  const startRow = (pid: number): string =>
    JSON.stringify({
      ...v074Row(
        1,
        '2025-01-01T00:00:00.1234567Z',
        processStartData(String(pid), '7', '4', '1', markedTime('2025', '01', '01T00:00:00.000000000Z'), `\\Device\\p${pid}.exe`),
      ),
      Hostname: 'WS-01',
    });

  it('reads rows of one layout through a template, row after row', () => {
    const reader = new RowFieldReader(new FieldParsers());
    for (let pid = 0; pid < 1000; pid++) {
      const row = reader.read(startRow(pid));
      expect(row).not.toBeNull();
      expect(normalizeRow(row, context)).toStrictEqual(normalizeRow(JSON.parse(startRow(pid)), context));
    }
  });

  it('makes Kernel-Process rows events straight from the template after the first, and declines what normalizeRow would not make an event', () => {
    const reader = new RowFieldReader(new FieldParsers());
    expect(reader.readEvent(startRow(0), null)).toBeNull();
    expect(reader.row).not.toBeNull();
    for (let pid = 1; pid < 100; pid++) {
      const event = reader.readEvent(startRow(pid), null);
      expect(event).not.toBeNull();
      expect({ kind: 'event', event }).toStrictEqual(normalizeRow(JSON.parse(startRow(pid)), context));
    }
    const otherProvider = startRow(7).replaceAll('22FB2CD6', '22FB2CD7');
    expect(reader.readEvent(otherProvider, null)).toBeNull();
    expect(normalizeRow(reader.row, context)).toStrictEqual({ kind: 'ignored', reason: expect.stringMatching(/^provider /) as unknown });
    const emptyImage = startRow(8).replace(/"ImageName":"[^"]*"/, '"ImageName":""');
    expect(reader.readEvent(emptyImage, null)).toBeNull();
    expect(normalizeRow(reader.row, context)).toMatchObject({ kind: 'problem', reason: 'empty EventData.ImageName' });
  });

  it('makes Kernel-Process rows events from their UTF-8 bytes once a template is made, decoding only new or non-ASCII values', () => {
    const reader = new RowFieldReader(new FieldParsers());
    const bytesOf = (line: string): Uint8Array => encoder.encode(line);
    const first = bytesOf(startRow(0));
    expect(reader.readEventBytes(first, 0, first.length, null)).toBeNull();
    expect(reader.readEvent(startRow(0), null)).toBeNull();
    const rows = [
      startRow(1),
      startRow(2).replace('\\\\Device', 'C:\\\\Users\\\\Zoë\\\\😀'),
      startRow(3).replace('WS-01', 'ws-é\\u00e9'),
      startRow(4).replace('2025-01-01T00:00:00.1234567Z', '2025-01-01T00:00:00+02:00'),
      startRow(5).replace('2025-01-01T00:00:00.1234567Z', '1735689600'),
      startRow(6).replace('"ProcessID":"6"', '"ProcessID":"0x1F4"'),
      startRow(7).replace('"ProcessID":"7"', '"ProcessID":"\\u0037"'),
      startRow(8).replace('"ProcessID":"8"', '"ProcessID":"8,416"'),
    ];
    for (const row of rows) {
      const bytes = bytesOf(row);
      const event = reader.readEventBytes(bytes, 0, bytes.length, null);
      expect(event).not.toBeNull();
      expect({ kind: 'event', event }).toStrictEqual(normalizeRow(JSON.parse(row), context));
    }
    const otherProvider = bytesOf(startRow(9).replaceAll('22FB2CD6', '22FB2CD7'));
    expect(reader.readEventBytes(otherProvider, 0, otherProvider.length, null)).toBeNull();
    const invalid = bytesOf(startRow(10).replace('"WS-01"', '"WS\u000101"'));
    expect(reader.readEventBytes(invalid, 0, invalid.length, null)).toBeNull();
  });

  it('goes back to JSON.parse for a file whose rows keep changing layout', () => {
    const reader = new RowFieldReader(new FieldParsers());
    const rows = Array.from({ length: 600 }, (_, i) => JSON.stringify({ EventID: 1, Channel: 'Security', [`Field${i}`]: i, NewProcessName: `C:\\p${i}.exe` }));
    const read = rows.map((line) => reader.read(line));
    expect(read.slice(0, 16).every((row) => row !== null)).toBe(true);
    expect(read.slice(100).every((row) => row === null)).toBe(true);
    // A template-friendly row later in the same file is still read correctly, by JSON.parse.
    expect(reader.read(startRow(1))).toBeNull();
  });
});

describe('ROW_FIELDS_READ', () => {
  it('holds every property the normalisers read, on generated and real rows', () => {
    const reads = new Set<string>();
    fc.assert(
      fc.property(knownRow, (row) => {
        normalizeRow(recordingReads(row, reads), context);
      }),
      { numRuns: 500 },
    );
    for (const line of realLines) normalizeRow(recordingReads(JSON.parse(line), reads), context);
    expect([...reads].filter((name) => !KEPT.has(name))).toEqual([]);
  });
});
