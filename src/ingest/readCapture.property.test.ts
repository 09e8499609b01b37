import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCapture } from './readCapture';
import { sourceFromBytes, sourceFromChunks } from '../test-support/testSources';
import { recordingSink } from '../test-support/testSink';
import { artifactRow, imageLoadData, processStartData, processStopData, rawHeaderRow, sigmaRow, v074Row } from '../test-support/testRows';

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
