import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteLineSplitter, LineSplitter } from './lineSplitter';
import type { ByteLineHandler, LineHandler } from './lineSplitter';

function splitChunks(chunks: readonly string[], maxLineChars?: number): [number, string | null][] {
  const lines: [number, string | null][] = [];
  const handler: LineHandler = {
    line: (text, lineNumber) => lines.push([lineNumber, text]),
    overlongLine: (lineNumber) => lines.push([lineNumber, null]),
  };
  const splitter = new LineSplitter(handler, maxLineChars);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.finish();
  return lines;
}

describe('LineSplitter', () => {
  it('splits on LF and CRLF and numbers lines from 1', () => {
    expect(splitChunks(['a\r\nb\n\nc\r\n'])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, ''],
      [4, 'c'],
    ]);
  });

  it('carries a partial line across chunks, also a CR/LF pair split between chunks', () => {
    expect(splitChunks(['{"a"', ':1}\r', '\n{"b":2}\n', 'tail'])).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":2}'],
      [3, 'tail'],
    ]);
  });

  it('gives the same lines for every way of cutting the text', () => {
    const text = 'first\r\nsecond\n\nthird line\r\nlast';
    const expected = splitChunks([text]);
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        expect(splitChunks([text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)])).toEqual(expected);
      }
    }
  });

  it('does not emit an empty line after a final newline', () => {
    expect(splitChunks(['x\n'])).toEqual([[1, 'x']]);
    expect(splitChunks([''])).toEqual([]);
  });

  it('reports lines over the limit, within a chunk and across chunks, and goes on', () => {
    expect(splitChunks(['ok\n0123456789\nfine\n'], 5)).toEqual([
      [1, 'ok'],
      [2, null],
      [3, 'fine'],
    ]);
    expect(splitChunks(['ok\n012', '345', '6789\nfine', '\nend'], 5)).toEqual([
      [1, 'ok'],
      [2, null],
      [3, 'fine'],
      [4, 'end'],
    ]);
  });

  it('keeps a long line built from many chunks whole', () => {
    const piece = 'x'.repeat(1000);
    const chunks = Array.from({ length: 200 }, () => piece);
    const lines = splitChunks([...chunks, '\nnext']);
    expect(lines[0]?.[1]?.length).toBe(200_000);
    expect(lines[1]).toEqual([2, 'next']);
  });
});

/**
 * Lines of UTF-8 byte chunks, decoded, as {@link splitChunks} gives them. With `isReadingRows`,
 * the handler reads lines that start with 'a' where they start, finding their end itself, as
 * JsonLinesByteReader does with the rows a byte template matches.
 */
function splitByteChunks(chunks: readonly Uint8Array[], maxLineChars?: number, isReadingRows = false): [number, string | null][] {
  const lines: [number, string | null][] = [];
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const handler: ByteLineHandler = {
    rowAt: (bytes, start, end, lineNumber) => {
      const newline = bytes.indexOf(10, start);
      if (!isReadingRows || bytes[start] !== 97 || newline < 0 || newline >= end || bytes[newline - 1] === 13) return -1;
      lines.push([lineNumber, decoder.decode(bytes.subarray(start, newline))]);
      return newline;
    },
    byteLine: (bytes, start, end, lineNumber) => lines.push([lineNumber, decoder.decode(bytes.subarray(start, end))]),
    overlongLine: (lineNumber) => lines.push([lineNumber, null]),
  };
  const splitter = new ByteLineSplitter(handler, maxLineChars);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.finish();
  return lines;
}

describe('ByteLineSplitter', () => {
  it('gives the lines LineSplitter gives for the decoded text, however the bytes are cut, overlong lines included', () => {
    const unit = fc.constantFrom('a', ' ', '\n', '\r', 'é', '€', '😀', '\ufeff', '\u2028');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 8 }),
        fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(0xff, 0x80, 0xe2)), { maxLength: 2 }),
        (text, cuts, maxLineChars, corruptions) => {
          const bytes = new TextEncoder().encode(text);
          for (const [at, value] of corruptions) if (bytes.length > 0) bytes[at % bytes.length] = value;
          const decoded = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
          const offsets = [...new Set(cuts.map((cut) => Math.min(cut, bytes.length)))].sort((a, b) => a - b);
          const chunks = [0, ...offsets].map((from, index) => bytes.slice(from, offsets[index] ?? bytes.length));
          const expected = splitChunks([decoded], maxLineChars);
          expect(splitByteChunks(chunks, maxLineChars)).toEqual(expected);
          expect(splitByteChunks(chunks, maxLineChars, true)).toEqual(expected);
        },
      ),
      { numRuns: 500, seed: 20251129 },
    );
  });

  it('keeps a line whose bytes pass the limit but whose UTF-16 length does not', () => {
    const line = 'éééé'; // 8 bytes, 4 code units
    expect(splitByteChunks([new TextEncoder().encode(`${line}\nabcdefghij\n`)], 4)).toEqual([
      [1, line],
      [2, null],
    ]);
  });
});
