import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvTemplateOf, matchCsvTemplate } from './csvTemplates';
import { readCapture, type ReadCaptureOptions } from './readCapture';
import { hasSharedData } from '../test-support/sharedData';
import { recordingSink } from '../test-support/testSink';
import { sourceFromChunks } from '../test-support/testSources';
import { artifactRow, markedTime, processStartData, processStopData, rawHeaderRow, sigmaRow, v074Row } from '../test-support/testRows';

const encoder = new TextEncoder();
const TIME_MIN = Date.UTC(2019, 0, 1);
const TIME_MAX = Date.UTC(2030, 0, 1);

/** A cell as Velociraptor's GUI writes it: a TAB before = + @ TAB CR LF, objects as JSON, quoted when Go's encoding/csv would (or always). */
function csvCell(value: unknown, isAlwaysQuoted = false): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = /^[=+@\t\r\n]/.test(value) ? `\t${value}` : value;
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return isAlwaysQuoted || /[",\r\n]/.test(text) || /^[ \t]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRecord(header: readonly string[], row: Record<string, unknown>, isAlwaysQuoted = false): string {
  return header.map((key) => csvCell(row[key], isAlwaysQuoted)).join(',');
}

/** The same text as UTF-16 LE with a BOM: readCapture then reads it as decoded text (CsvReader), never as bytes. */
function utf16le(text: string): Uint8Array {
  const withBom = text.startsWith('\ufeff') ? text : `\ufeff${text}`;
  const bytes = new Uint8Array(withBom.length * 2);
  for (let i = 0; i < withBom.length; i++) {
    const code = withBom.charCodeAt(i);
    bytes[2 * i] = code & 0xff;
    bytes[2 * i + 1] = code >> 8;
  }
  return bytes;
}

/** The chunk sizes, repeated until they cover `length` bytes (none: one chunk), so records are cut all through the file. */
function cutsThroughout(chunkSizes: readonly number[], length: number): number[] {
  const cuts: number[] = [];
  for (let covered = 0, i = 0; chunkSizes.length > 0 && covered < length; i++) {
    const size = chunkSizes[i % chunkSizes.length] ?? length;
    cuts.push(size);
    covered += size;
  }
  return cuts;
}

/** Reads `bytes` (UTF-8, cut into chunks) through the byte path and their text through the text path, and expects the same of both. */
async function expectBothPathsAgree(bytes: Uint8Array, chunkSizes: readonly number[], options: ReadCaptureOptions = {}): Promise<number> {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const viaBytes = recordingSink();
  const viaText = recordingSink();
  const outcome = await readCapture(sourceFromChunks(bytes, cutsThroughout(chunkSizes, bytes.length), 'prop.csv'), viaBytes.sink, {
    ...options,
    countLines: true,
  });
  const textOutcome = await readCapture(sourceFromChunks(utf16le(text), [], 'prop.csv'), viaText.sink, { ...options, countLines: true });
  expect(outcome).toStrictEqual(textOutcome);
  expect(viaBytes.events).toStrictEqual(viaText.events);
  expect(viaBytes.problems).toStrictEqual(viaText.problems);
  expect(viaBytes.ignoredReasons).toStrictEqual(viaText.ignoredReasons);
  return viaBytes.events.length;
}

const HEADER = ['System', 'ProviderGUID', 'EventData', 'Backtrace', 'Hostname', '_ts'];

describe('csvTemplateOf / matchCsvTemplate', () => {
  const row = (pid: string, image: string): Record<string, unknown> => ({
    ...v074Row(1, '2025-01-01T00:00:00.1234567Z', processStartData(pid, '9', '4', '1', markedTime('2025', '01', '01T00:00:00.123400000Z'), image)),
    Hostname: 'WS-01',
    _ts: 1735689600,
  });

  it('makes a template of a Kernel-Process record that matches the next record of its layout up to its line break', () => {
    const template = csvTemplateOf(csvRecord(HEADER, row('100', '\\Device\\a.exe')), HEADER);
    expect(template).not.toBeNull();
    if (template === null) return;
    const next = encoder.encode(`${csvRecord(HEADER, row('70000', 'C:\\Program Files\\é b.exe'))}\r\n`);
    const spans = new Int32Array(2 * template.groupCount);
    expect(matchCsvTemplate(template, next, new DataView(next.buffer), 0, next.length, spans)).toBe(next.length - 2);
  });

  it('makes none of records it cannot read as the text path does, and matches no such record', () => {
    const record = csvRecord(HEADER, row('100', 'a.exe'));
    expect(csvTemplateOf(record, HEADER.slice(1))).toBeNull(); // more cells than header
    expect(csvTemplateOf(`${record}\r`, HEADER)).toBeNull();
    expect(csvTemplateOf(csvRecord(HEADER, { ...row('1', 'a.exe'), Hostname: '\t=x' }), HEADER)).toBeNull(); // TAB guard
    expect(csvTemplateOf(csvRecord(HEADER, { ...row('1', 'a.exe'), Hostname: 'a,b' }), HEADER)).toBeNull(); // quoted text
    expect(csvTemplateOf(csvRecord(HEADER, sigmaRow(1, '2025-01-01T00:00:00Z', 'PC', processStartData('1', '2', '3', '4', '', 'a.exe'))), HEADER)).toBeNull();
    const template = csvTemplateOf(record, HEADER);
    if (template === null) throw new Error('no template');
    const spans = new Int32Array(2 * template.groupCount);
    for (const other of [
      { ...row('1', 'a"b.exe') }, // an escaped quote in a JSON string
      { ...row('1', 'a.exe'), Hostname: '{"a":1}' },
      { ...row('1', 'a.exe'), Hostname: '' },
      { ...row('1', 'a.exe'), Hostname: '\\x' }, // text the template would not unescape: a backslash, also as the first byte
      { ...row('1', 'a.exe'), Backtrace: 'multi\nline' },
    ]) {
      const bytes = encoder.encode(`${csvRecord(HEADER, other)}\n`);
      expect(matchCsvTemplate(template, bytes, new DataView(bytes.buffer), 0, bytes.length, spans)).toBe(-1);
    }
  });
});

describe('CSV read as bytes', () => {
  // Characters of one to four UTF-8 bytes, CSV's and JSON's specials, direction marks, a BOM, guarded starts.
  const unit = fc.constantFrom('a', 'Z', '0', ' ', ',', '\\', '"', '/', 'é', 'Ω', '\u200e', '\ufeff', '😀', '\t', '\n', '\r', '=', '@', '{', '[', '}');
  const hostile = fc.oneof(fc.string({ unit, maxLength: 10 }), fc.constantFrom('', 'WS-01', '\\Device\\HarddiskVolume2\\Windows\\System32\\cmd.exe'));
  const pid = fc.oneof(fc.nat({ max: 70000 }).map(String), fc.constantFrom('0x1F4', '8,416', '', '-1', 'x'));
  // Mostly one layout with typical values (so templates are made and matched, also across chunk cuts), with hostile ones among them.
  const usually = <T>(typical: fc.Arbitrary<T>, other: fc.Arbitrary<T>): fc.Arbitrary<T> =>
    fc.oneof({ weight: 4, arbitrary: typical }, { weight: 1, arbitrary: other });
  const kernelRow = fc
    .record({
      eventId: usually(fc.constant(1), fc.constantFrom(2, 5, 6, 3)),
      shape: usually(fc.constant('v074'), fc.constantFrom('raw', 'artifact', 'sigma')),
      pid: usually(fc.nat({ max: 70000 }).map(String), pid),
      image: usually(fc.constantFrom('\\Device\\HarddiskVolume2\\Windows\\System32\\cmd.exe', 'C:\\é\\😀.exe', 'a.exe'), hostile),
      host: usually(fc.constantFrom('WS-01', 'SRV-FILE-01'), hostile),
      ms: fc.integer({ min: TIME_MIN, max: TIME_MAX }),
      ts: usually(fc.constant(null), fc.oneof(fc.constantFrom('', 'x', '1735689600.5'), fc.integer({ min: 0, max: 2 ** 31 }))),
      guid: usually(
        fc.constant('{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}'),
        fc.constantFrom('{22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716}', '{00000000-0E7B-422B-A0C7-2FAD1FD0E716}', ''),
      ),
    })
    .map(({ eventId, shape, pid, image, host, ms, ts, guid }) => {
      const iso = new Date(ms).toISOString();
      const created = markedTime(iso.slice(0, 4), iso.slice(5, 7), `${iso.slice(8, -1)}123400Z`);
      const data = eventId === 2 ? processStopData(pid, '7', created, iso, image) : processStartData(pid, '9', '4', '1', created, image);
      const base =
        shape === 'raw'
          ? rawHeaderRow(eventId, iso, data, true)
          : shape === 'artifact'
            ? artifactRow(eventId, Math.floor(ms / 1000), data)
            : shape === 'sigma'
              ? sigmaRow(eventId, iso, host, data)
              : v074Row(eventId, iso.replace('Z', '4567Z'), data);
      return { ...base, ProviderGUID: guid, Hostname: host, _ts: ts ?? Math.floor(ms / 1000) };
    });
  const header = fc.oneof(
    { weight: 3, arbitrary: fc.constant(HEADER) },
    fc.shuffledSubarray([...HEADER, 'EID', 'Fqdn', 'Extra'], { minLength: 1 }),
    fc.constant([...HEADER, 'Hostname']),
    fc.constant([...HEADER, '__proto__']),
  );
  const otherRecord = fc.oneof(
    fc.constantFrom('', ' ', '\ufeff', '"', '"a""b",c', 'a"b,c', '"open', '{"System":1}', ',,,,,', '\r'),
    fc.string({ unit, maxLength: 20 }),
  );

  it('gives what the same text read by CsvReader gives, however the bytes are cut (quotes, newlines in cells, CRLF, BOM, cut characters)', async () => {
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.array(fc.oneof({ weight: 5, arbitrary: kernelRow.map((row) => ({ row })) }, { weight: 1, arbitrary: otherRecord.map((text) => ({ text })) }), {
          maxLength: 40,
        }),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('', '\ufeff', '\ufeff\ufeff'),
        fc.array(fc.integer({ min: 1, max: 1500 }), { maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(0xff, 0xe2, 0x80, 0xc3, 0x0a, 0x22, 0x2c)), { maxLength: 2 }),
        fc.boolean(),
        async (columns, records, isAlwaysQuoted, separator, bom, chunkSizes, corruptions, hasFinalBreak) => {
          const lines = [columns.join(','), ...records.map((record) => ('row' in record ? csvRecord(columns, record.row, isAlwaysQuoted) : record.text))];
          const bytes = encoder.encode(bom + lines.join(separator) + (hasFinalBreak ? separator : ''));
          // Bytes that are no UTF-8, a cut character, a stray line break, quote or comma, after the header.
          const after = encoder.encode(bom + columns.join(',')).length;
          for (const [at, value] of corruptions) if (bytes.length > after) bytes[after + (at % (bytes.length - after))] = value;
          await expectBothPathsAgree(bytes, chunkSizes);
        },
      ),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('reads a range cut after the header (the parse worker’s half) as the text path reads it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(kernelRow, { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 1500 }), { maxLength: 8 }),
        async (rows, chunkSizes) => {
          const bytes = encoder.encode(rows.map((row) => `${csvRecord(HEADER, row)}\n`).join(''));
          await expectBothPathsAgree(bytes, chunkSizes, { layout: 'csv', csvHeader: HEADER });
        },
      ),
      { numRuns: 100, seed: 20261130 },
    );
  });

  it('reads a long run of one layout through its template, and rows after a change of layout', async () => {
    const rows: string[] = [HEADER.join(',')];
    for (let i = 0; i < 300; i++) {
      const data =
        i % 7 === 3
          ? processStopData(String(i), '7', '', '2025-01-01T00:00:01Z', 'a.exe')
          : processStartData(String(i), '9', '4', '1', '', `\\x\\p${i % 5}.exe`);
      rows.push(
        csvRecord(HEADER, { ...v074Row(i % 7 === 3 ? 2 : 1, `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, data), Hostname: `H${i % 3}`, _ts: 1 }),
      );
    }
    const bytes = encoder.encode(`${rows.join('\r\n')}\r\n`);
    expect(await expectBothPathsAgree(bytes, [65536])).toBe(300);
    expect(await expectBothPathsAgree(bytes, [777, 1000, 3, 5000])).toBe(300);
  });

  const realFiles = import.meta.glob<string>(['../../../shared/data/velociraptor/*.json*', '../../../shared/data/otrf/*.json*'], {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  const realRows = Object.values(realFiles).flatMap((text) =>
    text
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line): unknown => JSON.parse(line)),
  );
  it.skipIf(!hasSharedData(realRows.length > 0, 'velociraptor and otrf'))(
    'reads every real row of ../shared/data written as GUI CSV as the text path does',
    async () => {
      const objects = realRows.filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row));
      for (const rows of [objects, objects.filter((row) => 'System' in row)]) {
        const first = rows[0];
        if (first === undefined) continue;
        const columns = Object.keys(first);
        const text = [columns.join(','), ...rows.map((row) => csvRecord(columns, row))].join('\n');
        await expectBothPathsAgree(encoder.encode(text), [4096, 100_000]);
      }
    },
  );
});
