import { describe, expect, it } from 'vitest';
import { detectEncoding, looksBinary, openTextCapture, PROGRESS_STEP_BYTES } from './textCapture';
import type { OpenedCapture, TextCapture } from './textCapture';
import type { CaptureSource } from './types';
import { gzipBytes, sourceFromBytes, sourceFromChunks, sourceFromText } from '../test-support/testSources';

const encoder = new TextEncoder();

function utf16(text: string, littleEndian: boolean, withBom: boolean): Uint8Array<ArrayBuffer> {
  const codes = (withBom ? '\ufeff' : '') + text;
  const bytes = new Uint8Array(codes.length * 2);
  for (let i = 0; i < codes.length; i++) {
    const code = codes.charCodeAt(i);
    bytes[2 * i + (littleEndian ? 0 : 1)] = code & 0xff;
    bytes[2 * i + (littleEndian ? 1 : 0)] = code >> 8;
  }
  return bytes;
}

function textCaptureOf(opened: OpenedCapture): TextCapture {
  if (opened.kind !== 'text') throw new Error(`expected text, got ${JSON.stringify(opened)}`);
  return opened.capture;
}

async function readAll(capture: TextCapture): Promise<string> {
  let text = capture.head;
  for (let chunk = await capture.nextChunk(); chunk !== null; chunk = await capture.nextChunk()) text += chunk;
  return text;
}

/** PNG signature and IHDR chunk start, as a renamed screenshot begins. */
const PNG_HEAD = [
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x02, 0x80, 0, 0, 0x01, 0xe0, 0x08, 0x06, 0, 0, 0,
];

function pngLike(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(4096);
  bytes.set(PNG_HEAD);
  for (let i = PNG_HEAD.length; i < bytes.length; i++) bytes[i] = (i * 131 + 7) % 256;
  return bytes;
}

describe('openTextCapture', () => {
  const text = '{"a":"é€"}\r\n{"b":2}\n';

  it('decodes UTF-8 and strips its BOM', async () => {
    const capture = textCaptureOf(await openTextCapture(sourceFromBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode(text)]))));
    expect(capture.encoding).toBe('utf-8');
    expect(capture.isGzip).toBe(false);
    expect(await readAll(capture)).toBe(text);
  });

  it('decodes UTF-16 LE and BE by their BOM, and BOM-less UTF-16 LE', async () => {
    const le = textCaptureOf(await openTextCapture(sourceFromBytes(utf16(text, true, true))));
    expect(le.encoding).toBe('utf-16le');
    expect(await readAll(le)).toBe(text);
    const be = textCaptureOf(await openTextCapture(sourceFromBytes(utf16(text, false, true))));
    expect(be.encoding).toBe('utf-16be');
    expect(await readAll(be)).toBe(text);
    const bomless = textCaptureOf(await openTextCapture(sourceFromBytes(utf16(text, true, false))));
    expect(bomless.encoding).toBe('utf-16le');
    expect(await readAll(bomless)).toBe(text);
  });

  it('decodes characters split between one-byte chunks', async () => {
    const bytes = encoder.encode(text.repeat(200));
    const capture = textCaptureOf(
      await openTextCapture(
        sourceFromChunks(
          bytes,
          Array.from({ length: bytes.length }, () => 1),
        ),
      ),
    );
    expect(await readAll(capture)).toBe(text.repeat(200));
  });

  it('inflates gzip told by magic bytes, whatever the name, and reports compressed bytes', async () => {
    const plain = text.repeat(5000);
    const compressed = await gzipBytes(encoder.encode(plain));
    const progress: number[] = [];
    const capture = textCaptureOf(
      await openTextCapture(
        sourceFromChunks(
          compressed,
          Array.from({ length: 400 }, () => 7),
          'capture.json',
        ),
        {
          onProgress: (bytes) => progress.push(bytes),
        },
      ),
    );
    expect(capture.isGzip).toBe(true);
    expect(await readAll(capture)).toBe(plain);
    expect(progress.at(-1)).toBe(compressed.byteLength);
  });

  it('reports progress at most every MiB and the total at the end', async () => {
    const plain = 'x'.repeat(3 * PROGRESS_STEP_BYTES + 12345);
    const progress: number[] = [];
    const bytes = encoder.encode(plain);
    const chunkSizes = Array.from({ length: Math.ceil(bytes.length / 65536) }, () => 65536);
    const capture = textCaptureOf(await openTextCapture(sourceFromChunks(bytes, chunkSizes), { onProgress: (count) => progress.push(count) }));
    await readAll(capture);
    expect(progress.at(-1)).toBe(plain.length);
    for (let i = 1; i < progress.length - 1; i++) {
      expect((progress[i] ?? 0) - (progress[i - 1] ?? 0)).toBeGreaterThanOrEqual(PROGRESS_STEP_BYTES);
    }
    // 64 KiB chunks: a report after each full MiB (3) and one at the end.
    expect(progress).toEqual([PROGRESS_STEP_BYTES, 2 * PROGRESS_STEP_BYTES, 3 * PROGRESS_STEP_BYTES, plain.length]);
  });

  it('tells empty files: no bytes, only whitespace, or gzip of nothing', async () => {
    expect(await openTextCapture(sourceFromBytes(new Uint8Array(0)))).toEqual({ kind: 'empty', isGzip: false });
    expect(await openTextCapture(sourceFromText(' \r\n\n\t'))).toEqual({ kind: 'empty', isGzip: false });
    expect(await openTextCapture(sourceFromBytes(await gzipBytes(new Uint8Array(0))))).toEqual({ kind: 'empty', isGzip: true });
  });

  it('tells binary files, also inside gzip', async () => {
    expect(await openTextCapture(sourceFromBytes(pngLike(), 'screenshot.json'))).toEqual({ kind: 'binary', isGzip: false });
    expect(await openTextCapture(sourceFromBytes(await gzipBytes(pngLike())))).toEqual({ kind: 'binary', isGzip: true });
  });

  it('tells a source that cannot be read as unreadable', async () => {
    const source = {
      name: 'gone.json',
      size: 10,
      stream: (): ReadableStream<Uint8Array> => {
        throw new Error('NotReadableError: the file was changed');
      },
    };
    expect(await openTextCapture(source)).toEqual({ kind: 'unreadable', isGzip: false, message: 'NotReadableError: the file was changed' });
  });

  it('reads a file by ranges read several at a time, in order whatever order the reads finish in, and fails on a failed one', async () => {
    // Lines over several 4 MiB ranges.
    const lines: string[] = [];
    for (let i = 0; lines.length * 40 < 18 * 1024 * 1024; i++) lines.push(`{"line":${i},"pad":"${'x'.repeat(20)}"}`);
    const text = `${lines.join('\n')}\n`;
    const blob = new Blob([text]);
    const ranges: number[] = [];
    /** Later ranges answer sooner; the range starting at `failAt` fails. */
    const slowSource = (failAt: number): CaptureSource => ({
      name: 'ranges.jsonl',
      size: blob.size,
      stream: () => blob.stream(),
      slice: (start, end) => {
        ranges.push(start);
        const part = blob.slice(start, end);
        const delayMs = Math.max(0, 40 - 10 * ranges.length);
        const bytes = async (): Promise<ArrayBuffer> => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (start === failAt) throw new Error('NotReadableError: the file was changed');
          return blob.slice(start, end).arrayBuffer();
        };
        return Object.assign(part, { arrayBuffer: bytes });
      },
    });
    expect(await readAll(textCaptureOf(await openTextCapture(slowSource(-1))))).toBe(text);
    expect(new Set(ranges).size).toBeGreaterThan(4);

    ranges.length = 0;
    const failing = textCaptureOf(await openTextCapture(slowSource(8 * 1024 * 1024)));
    await expect(readAll(failing)).rejects.toThrow('NotReadableError');
    // A capture cancelled with reads still under way leaves no unhandled rejection (vitest fails the run on one).
    const cancelled = textCaptureOf(await openTextCapture(slowSource(4 * 1024 * 1024)));
    await cancelled.cancel();
    await new Promise((resolve) => setTimeout(resolve, 60));
  });

  it('tells a corrupt gzip header as unreadable', async () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 0x99, 0x99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const opened = await openTextCapture(sourceFromBytes(bytes));
    expect(opened.kind).toBe('unreadable');
    expect(opened.kind === 'unreadable' && opened.isGzip).toBe(true);
  });
});

describe('detectEncoding and looksBinary', () => {
  it('prefers a BOM and defaults to UTF-8', () => {
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x7b, 0]))).toBe('utf-16le');
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x7b]))).toBe('utf-16be');
    expect(detectEncoding(new Uint8Array([0, 0x7b, 0, 0x22]))).toBe('utf-16be');
    expect(detectEncoding(encoder.encode('{"a":1}'))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array([0x7b]))).toBe('utf-8');
  });

  it('flags NULs and a high share of control or replacement characters only', () => {
    expect(looksBinary('{"a":1}\r\n\t')).toBe(false);
    expect(looksBinary('abc\u0000def')).toBe(true);
    expect(looksBinary('\ufffd\u0001'.repeat(10) + 'x'.repeat(100))).toBe(true);
    expect(looksBinary('caf\ufffd ' + 'x'.repeat(100))).toBe(false);
    expect(looksBinary('')).toBe(false);
  });
});
