import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter, csvCellValue, csvRow, parseCsvRecord } from './csvRecords';

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
});
