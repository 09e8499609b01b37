import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lineSplitter';
import type { LineHandler } from './lineSplitter';

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
