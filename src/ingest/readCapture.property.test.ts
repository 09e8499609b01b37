import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCapture } from './readCapture';
import { sourceFromBytes, sourceFromChunks } from '../test-support/testSources';
import { recordingSink } from '../test-support/testSink';
import { artifactRow, imageLoadData, markedTime, processStartData, processStopData, rawHeaderRow, sigmaRow, v074Row } from '../test-support/testRows';

const encoder = new TextEncoder();
const FILETIME_OFFSET_MS = 11_644_473_600_000;
const TIME_MIN = Date.UTC(2019, 0, 1);
const TIME_MAX = Date.UTC(2030, 0, 1);
const SHAPES = ['v074', 'raw073', 'raw070', 'sigma', 'artifact'] as const;
type Shape = (typeof SHAPES)[number];

interface ValidRow {
  readonly row: Record<string, unknown>;
  readonly shape: Shape;
  /** What the reader must report for it. */
  readonly expected: { eventId: number; processId: number; timeMs: number };
}

function eventDataFor(eventId: number, pid: number): Record<string, unknown> {
  const image = `\\Device\\HarddiskVolume3\\Windows\\System32\\p${pid}.exe`;
  if (eventId === 1) return processStartData(String(pid), `0x${pid.toString(16)}`, '4', '1', '2025-01-01T00:00:00.000000000Z', image);
  if (eventId === 2) return processStopData(String(pid), '7', '2025-01-01T00:00:00.000000000Z', '2025-01-01T00:00:01.000000000Z', `p${pid}.exe`);
  return imageLoadData(`0x${pid.toString(16).toUpperCase()}`, image);
}

const validRow: fc.Arbitrary<ValidRow> = fc
  .record({
    shape: fc.constantFrom(...SHAPES),
    eventId: fc.constantFrom(1, 2, 5, 6),
    pid: fc.integer({ min: 0, max: 2 ** 31 }),
    ms: fc.integer({ min: TIME_MIN, max: TIME_MAX }),
  })
  .map(({ shape, eventId, pid, ms }) => {
    const data = eventDataFor(eventId, pid);
    const iso = new Date(ms).toISOString();
    let row: Record<string, unknown>;
    let timeMs = ms;
    switch (shape) {
      case 'v074':
        row = v074Row(eventId, iso.replace('Z', '4567Z'), data);
        break;
      case 'raw073':
        row = rawHeaderRow(eventId, new Date(ms + 2 * 3_600_000).toISOString().replace('Z', '+02:00'), data, true);
        break;
      case 'raw070':
        row = rawHeaderRow(eventId, (ms + FILETIME_OFFSET_MS) * 10_000, data, false);
        break;
      case 'sigma':
        row = sigmaRow(eventId, iso, 'WIN-LAB07', data);
        break;
      case 'artifact':
        row = artifactRow(eventId, Math.floor(ms / 1000), data);
        timeMs = Math.floor(ms / 1000) * 1000;
        break;
    }
    return { row, shape, expected: { eventId, processId: pid, timeMs } };
  });

/** Where each shape keeps its time, to spoil it. */
function withBadTime(valid: ValidRow, bad: unknown): Record<string, unknown> {
  const row = structuredClone(valid.row);
  if (valid.shape === 'sigma') row.Timestamp = bad;
  else if (valid.shape === 'artifact') row._ts = bad;
  else Object.assign(Object(row.System), { TimeStamp: bad });
  return row;
}

const badValue = fc.constantFrom<unknown>('soon', {}, [], -5, true, 'x'.repeat(50));

/** Lines that must each be reported as one problem. */
const garbageLine: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((text) => !text.includes('\n') && text.trim().length > 0),
  validRow.chain((valid) => {
    const text = JSON.stringify(valid.row);
    return fc.integer({ min: 1, max: text.length - 1 }).map((cut) => text.slice(0, cut));
  }),
  fc
    .tuple(validRow, badValue)
    .map(([valid, bad]) => JSON.stringify({ ...valid.row, EventData: { ...Object(valid.row.EventData), ImageName: typeof bad === 'string' ? 5 : bad } })),
  fc.tuple(validRow, fc.constantFrom<unknown>('text', [1], 0)).map(([valid, bad]) => JSON.stringify({ ...valid.row, EventData: bad })),
  fc.tuple(validRow, badValue).map(([valid, bad]) => JSON.stringify(withBadTime(valid, bad))),
  fc.integer({ min: 1, max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 1, max: 3000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.integer({ min: 1, max: 3000 }).map((depth) => '{"System":'.repeat(depth)),
);

type Line = { kind: 'valid'; valid: ValidRow } | { kind: 'garbage'; text: string };

describe('readCapture properties', () => {
  it('JSON Lines: reports exactly the valid rows as events and exactly the garbage lines as problems', async () => {
    await fc.assert(
      fc.asyncProperty(
        validRow,
        fc.array(
          fc.oneof(
            validRow.map((valid): Line => ({ kind: 'valid', valid })),
            garbageLine.map((text): Line => ({ kind: 'garbage', text })),
          ),
          { maxLength: 30 },
        ),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 40 }),
        async (first, rest, isCrlf, chunkSizes) => {
          const lines: Line[] = [{ kind: 'valid', valid: first }, ...rest];
          const text = lines.map((line) => (line.kind === 'valid' ? JSON.stringify(line.valid.row) : line.text)).join(isCrlf ? '\r\n' : '\n');
          const { sink, events, problems, ignoredReasons } = recordingSink();
          const outcome = await readCapture(sourceFromChunks(encoder.encode(text), chunkSizes, 'prop.jsonl'), sink);
          const validLines = lines.flatMap((line) => (line.kind === 'valid' ? [line.valid.expected] : []));
          const garbageLineNumbers = lines.flatMap((line, index) => (line.kind === 'garbage' ? [index + 1] : []));
          expect(outcome.fatal).toBeNull();
          expect(events.map((event) => ({ eventId: event.eventId, processId: event.processId, timeMs: event.timeMs }))).toEqual(validLines);
          expect(problems.map((problem) => problem.line)).toEqual(garbageLineNumbers);
          expect(ignoredReasons).toEqual([]);
          expect(outcome.rows).toBe(lines.length);
        },
      ),
      { numRuns: 150, seed: 20250304 },
    );
  });

  it('JSON Lines read as UTF-8 bytes (byte templates) give what the same text read as UTF-16 (decoded lines) gives, however the bytes are cut', async () => {
    // Characters that are one to four bytes in UTF-8, JSON's specials, direction marks and a BOM.
    const unit = fc.constantFrom('a', 'Z', '0', ' ', '.', '\\', '"', '/', 'é', 'Ω', '\u200e', '\u2028', '\ufeff', '😀', '\t', '\u0001');
    const hostile = fc.oneof(fc.string({ unit, maxLength: 12 }), fc.constantFrom('', 'WS-01', '\\Device\\HarddiskVolume2\\Windows\\System32\\cmd.exe'));
    const pid = fc.oneof(fc.nat({ max: 70000 }).map(String), fc.constantFrom('0x1F4', '8,416', '', '-1', 'x'));
    const kernelRow = fc
      .record({
        eventId: fc.constantFrom(1, 1, 1, 2, 5, 6, 3),
        pid,
        image: hostile,
        host: hostile,
        ms: fc.integer({ min: TIME_MIN, max: TIME_MAX }),
        guid: fc.constantFrom('{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}', '{22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716}', '{00000000-0E7B-422B-A0C7-2FAD1FD0E716}'),
        escape: fc.boolean(),
      })
      .map(({ eventId, pid, image, host, ms, guid, escape }) => {
        const iso = new Date(ms).toISOString();
        const created = markedTime(iso.slice(0, 4), iso.slice(5, 7), `${iso.slice(8, -1)}123400Z`);
        const data = eventId === 2 ? processStopData(pid, '7', created, iso, image) : processStartData(pid, '9', '4', '1', created, image);
        const row = { ...v074Row(eventId, iso.replace('Z', '4567Z'), data), ProviderGUID: guid, Hostname: host, _ts: Math.floor(ms / 1000) };
        const text = JSON.stringify(row);
        // Some writers escape what they need not: a \u-escaped separator or mark.
        return escape ? text.replace('-', '\\u002d').replace('\u200e', '\\u200e') : text;
      });
    const otherLine = fc.oneof(
      fc.constantFrom('', '   ', '\ufeff', '\ufeff{"System":{"ID":1}}', '{"System":', 'not json', '{}', '[1,2]', '\u00a0'),
      fc.string({ unit, maxLength: 20 }),
    );
    const line = fc.oneof({ weight: 4, arbitrary: kernelRow }, { weight: 1, arbitrary: otherLine });
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const utf16le = (text: string): Uint8Array => {
      const bytes = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        bytes[2 * i] = code & 0xff;
        bytes[2 * i + 1] = code >> 8;
      }
      return bytes;
    };
    await fc.assert(
      fc.asyncProperty(
        kernelRow,
        fc.array(line, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('', '\ufeff', '\ufeff\ufeff'),
        fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(0xff, 0xe2, 0x80, 0xc3, 0x0a)), { maxLength: 2 }),
        async (first, rest, separator, bom, chunkSizes, corruptions) => {
          const bytes = encoder.encode(bom + [first, ...rest].join(separator) + (rest.length % 2 === 0 ? separator : ''));
          // Bytes that are no UTF-8 (or a cut character, or a stray line break) somewhere after the BOM.
          for (const [at, value] of corruptions) if (bytes.length > 6) bytes[6 + (at % (bytes.length - 6))] = value;
          const text = decoder.decode(bytes);
          // The same text as UTF-16 read as decoded text; the BOM the UTF-8 decoder drops is the UTF-16 decoder's.
          const asUtf16 = utf16le(text.startsWith('\ufeff') ? text : `\ufeff${text}`);
          const viaBytes = recordingSink();
          const viaText = recordingSink();
          const outcome = await readCapture(sourceFromChunks(bytes, chunkSizes, 'prop.jsonl'), viaBytes.sink);
          const textOutcome = await readCapture(sourceFromChunks(asUtf16, [], 'prop.jsonl'), viaText.sink);
          expect(outcome).toStrictEqual(textOutcome);
          expect(viaBytes.events).toStrictEqual(viaText.events);
          expect(viaBytes.problems).toStrictEqual(viaText.problems);
          expect(viaBytes.ignoredReasons).toStrictEqual(viaText.ignoredReasons);
        },
      ),
      { numRuns: 200, seed: 20251129 },
    );
  });

  it('JSON arrays: reports exactly the valid elements as events and the bad elements at their lines', async () => {
    type Element = { kind: 'valid'; valid: ValidRow } | { kind: 'badEtw' | 'badOther'; value: unknown };
    const element: fc.Arbitrary<Element> = fc.oneof(
      validRow.map((valid): Element => ({ kind: 'valid', valid })),
      fc.constantFrom<unknown>(42, 'text', null, [], { EventID: 4688 }).map((value): Element => ({ kind: 'badOther', value })),
      fc.tuple(validRow, badValue).map(([valid, bad]): Element => ({ kind: 'badEtw', value: withBadTime(valid, bad) })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(element, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 10 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 40 }),
        async (elements, perArray, isPretty, chunkSizes) => {
          let text = '';
          const startLines: number[] = [];
          for (let start = 0; start < elements.length; start += perArray) {
            const group = elements.slice(start, start + perArray);
            text += isPretty ? '[\n' : '[';
            group.forEach((entry, index) => {
              const value = entry.kind === 'valid' ? entry.valid.row : entry.value;
              const body = isPretty ? JSON.stringify(value, null, 2).replaceAll('\n', '\n  ') : JSON.stringify(value);
              if (index > 0) text += isPretty ? ',\n' : ',';
              if (isPretty) text += '  ';
              startLines.push(text.split('\n').length);
              text += body;
            });
            text += isPretty ? '\n]' : ']';
          }
          const { sink, events, problems } = recordingSink();
          const outcome = await readCapture(sourceFromChunks(encoder.encode(text), chunkSizes, 'prop.json'), sink);
          const isEtwCapture = elements.some((entry) => entry.kind !== 'badOther');
          expect(outcome.format).toBe('json-array');
          expect(outcome.rows).toBe(elements.length);
          expect(events.map((event) => ({ eventId: event.eventId, processId: event.processId, timeMs: event.timeMs }))).toEqual(
            elements.flatMap((entry) => (entry.kind === 'valid' ? [entry.valid.expected] : [])),
          );
          if (isEtwCapture) {
            expect(outcome.fatal).toBeNull();
            expect(problems.map((problem) => problem.line)).toEqual(elements.flatMap((entry, index) => (entry.kind === 'valid' ? [] : [startLines[index]])));
          } else {
            expect(outcome.fatal).toMatch(/^prop\.json holds no process events \(/);
            expect(problems).toEqual([]);
          }
        },
      ),
      { numRuns: 150, seed: 20250305 },
    );
  });

  it('never throws on random bytes, random gzip-looking bytes or random text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 3000 }),
          fc.uint8Array({ maxLength: 3000 }).map((bytes) => new Uint8Array([0x1f, 0x8b, 8, 0, ...bytes])),
          fc.string({ unit: 'binary', maxLength: 3000 }).map((text) => encoder.encode(text)),
          fc.string({ unit: 'binary', maxLength: 500 }).map((text) => encoder.encode(`{${text}\n[${text}`)),
        ),
        async (bytes) => {
          const { sink, events, problems } = recordingSink();
          const outcome = await readCapture(sourceFromBytes(new Uint8Array(bytes), 'random.bin'), sink);
          expect(outcome.fatal !== null || events.length + problems.length > 0).toBe(true);
          if (outcome.fatal !== null) expect(outcome.fatal.startsWith('random.bin')).toBe(true);
        },
      ),
      { numRuns: 300, seed: 20250306 },
    );
  });
});
