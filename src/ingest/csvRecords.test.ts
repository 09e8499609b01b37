import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvObjectCells, CsvRecordSplitter, csvCellValue, csvRow, parseCsvRecord, splitCsvRecord } from './csvRecords';
import { normalizeRow } from './normalizeRow';
import { FieldParsers, normalizeContext } from './fieldParsers';
import { processStartData, v074Row } from '../test-support/testRows';

function records(chunks: readonly string[]): [number, string][] {
  const output: [number, string][] = [];
  const splitter = new CsvRecordSplitter({ record: (text, line) => output.push([line, text]) });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.finish();
  return output;
}

describe('CsvRecordSplitter', () => {
  it('splits at newlines outside quotes and keeps quoted newlines, numbering start lines', () => {
    expect(records(['a,b\r\n"x\r\ny",2\r\n"q ""z""",3\r\n\r\nlast,4'])).toEqual([
      [1, 'a,b'],
      [2, '"x\r\ny",2'],
      [4, '"q ""z""",3'],
      [6, 'last,4'],
    ]);
  });

  it('carries quote state across chunks wherever they are cut', () => {
    const text = 'h1,h2\n"multi\nline ""cell""",1\nplain,"2\n"\n';
    const expected = records([text]);
    expect(expected).toEqual([
      [1, 'h1,h2'],
      [2, '"multi\nline ""cell""",1'],
      [4, 'plain,"2\n"'],
    ]);
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2++) {
        expect(records([text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)])).toEqual(expected);
      }
    }
  });
});

describe('parseCsvRecord', () => {
  it('unquotes cells with papaparse', () => {
    expect(parseCsvRecord('"a,b","say ""hi""",,"x\ny"')).toEqual({ cells: ['a,b', 'say "hi"', '', 'x\ny'] });
  });

  it('reports a malformed record', () => {
    const parsed = parseCsvRecord('"open,b');
    expect('error' in parsed && parsed.error.startsWith('malformed CSV record (')).toBe(true);
  });

  it('splits well-formed records by hand into the cells papaparse gives, and leaves the rest to papaparse', () => {
    const cellText = fc.string({ unit: fc.constantFrom('"', ',', '\n', '\r', '\t', ' ', 'a', '{', '\ufeff', '\u200e') });
    const written = cellText.chain((text) => fc.constantFrom(text, `"${text.replaceAll('"', '""')}"`, `"${text}"`, ` "${text}"`, `"${text}"x`, `"${text}`));
    fc.assert(
      fc.property(fc.array(written, { minLength: 1, maxLength: 6 }), (cells) => {
        const text = cells.join(',');
        const split = splitCsvRecord(text);
        if (split === null) return;
        const papa = Papa.parse<unknown>(text, { delimiter: ',', newline: '\n', header: false });
        expect(papa.errors).toEqual([]);
        expect(papa.data.flat()).toEqual(split);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('csvCellValue', () => {
  it('removes the TAB guard before = + @ TAB CR LF only', () => {
    expect(csvCellValue('\t=cmd')).toBe('=cmd');
    expect(csvCellValue('\t+1')).toBe('+1');
    expect(csvCellValue('\t@x')).toBe('@x');
    expect(csvCellValue('\t\tindented')).toBe('\tindented');
    expect(csvCellValue('\t\r\n')).toBe('\r\n');
    expect(csvCellValue('\tplain')).toBe('\tplain');
  });

  it('reads an empty cell as null and JSON cells as values', () => {
    expect(csvCellValue('')).toBeNull();
    expect(csvCellValue('{"ID":1,"TimeStamp":"2025-03-04T10:00:00Z"}')).toEqual({ ID: 1, TimeStamp: '2025-03-04T10:00:00Z' });
    expect(csvCellValue('[]')).toEqual([]);
    expect(csvCellValue('{not json')).toBe('{not json');
    expect(csvCellValue('10756')).toBe('10756');
  });
});

describe('csvRow', () => {
  it('keys cells by the header and leaves empty cells out', () => {
    expect(csvRow(['EID', 'Note', '_ts', '__proto__'], ['1', '', '1741083330', '{"polluted":true}'])).toEqual({ EID: '1', _ts: '1741083330' });
    expect(Object.getPrototypeOf(csvRow(['__proto__'], ['{"a":1}']))).toBe(Object.prototype);
  });

  it('normalises the same with object cells read by field readers, row after row (templates, a repeated non-JSON {GUID})', () => {
    const header = ['System', 'ProviderGUID', 'EventData', 'Backtrace', 'Hostname'];
    const objectCells = new CsvObjectCells(new FieldParsers());
    const context = normalizeContext(null);
    const odd = ['{"ID":"x"}', '{not json', '[1]', '{"ID":1,"ID":2}', '{}', '{"System":{"ID":1}}'];
    for (let pid = 0; pid < 60; pid++) {
      const row = v074Row(
        1,
        `2025-01-01T00:00:${String(pid % 60).padStart(2, '0')}.1234567Z`,
        processStartData(String(pid), '7', '4', '1', '', `\\Device\\p${pid}.exe`),
      );
      const cells = [
        pid % 7 === 3 ? (odd[pid % odd.length] ?? '') : JSON.stringify(row.System),
        pid % 11 === 5 ? '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E717}' : String(row.ProviderGUID),
        pid % 13 === 4 ? (odd[pid % odd.length] ?? '') : JSON.stringify(row.EventData),
        '[]',
        'WS-01',
      ];
      expect(normalizeRow(csvRow(header, cells, objectCells), context)).toStrictEqual(normalizeRow(csvRow(header, cells), context));
    }
  });
});
