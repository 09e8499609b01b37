/**
 * Bytes of a capture → decoded text chunks, streamed: gzip detected by its magic bytes and
 * inflated with DecompressionStream, UTF-8 (BOM stripped) or UTF-16 LE/BE told by the BOM,
 * binary files recognised from their first KiB. Never holds more than one chunk of text, so
 * files beyond V8's string limit still load.
 */
import type { CaptureSource } from './types';
import { errorMessage } from '../lib/errorMessage';

/** Bytes looked at before deciding encoding and whether the file is text. */
const SNIFF_BYTES = 1024;
/** Progress is reported after at least this many more source bytes. */
export const PROGRESS_STEP_BYTES = 1024 * 1024;

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** A text capture being read: its head is decoded, the rest comes chunk by chunk. */
export interface TextCapture {
  readonly isGzip: boolean;
  readonly encoding: TextEncodingName;
  /** Decoded text of the first chunks (at least {@link SNIFF_BYTES} bytes unless the file is smaller). */
  readonly head: string;
  /** The next decoded chunk, '' possibly, or null at the end. Rejects when the bytes cannot be read or inflated. */
  nextChunk(): Promise<string | null>;
  /**
   * For UTF-8 text whose head alone was read ({@link nextChunk} never called): the head's bytes
   * without the BOMs the text lost, after which the rest is read by {@link nextBytes}
   * undecoded. Null otherwise: reading goes on as text.
   */
  takeBytes(): Uint8Array | null;
  /** The next chunk of bytes, after {@link takeBytes}, or null at the end. Rejects as {@link nextChunk}. */
  nextBytes(): Promise<Uint8Array | null>;
  /** Stops reading; later nextChunk calls return null. */
  cancel(): Promise<void>;
}

/** Bytes of the UTF-8 BOM at `offset`. */
function utf8BomAt(bytes: Uint8Array, offset: number): number {
  return bytes[offset] === 0xef && bytes[offset + 1] === 0xbb && bytes[offset + 2] === 0xbf ? 3 : 0;
}

/** Why a capture is not readable as text, or the capture. */
export type OpenedCapture =
  | { readonly kind: 'text'; readonly capture: TextCapture }
  | { readonly kind: 'empty'; readonly isGzip: boolean }
  | { readonly kind: 'binary'; readonly isGzip: boolean }
  | { readonly kind: 'unreadable'; readonly isGzip: boolean; readonly message: string };

export interface OpenOptions {
  /** Source bytes consumed so far (compressed bytes for gzip); at most every {@link PROGRESS_STEP_BYTES}, and once at the end. */
  readonly onProgress?: (bytesRead: number) => void;
}

/** True for the gzip magic bytes 1f 8b. */
export function isGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Encoding from the byte order mark; BOM-less UTF-16 (PowerShell pipes write it) from NUL
 * high bytes of ASCII text in the first two characters.
 */
export function detectEncoding(head: Uint8Array): TextEncodingName {
  const b0 = head[0];
  const b1 = head[1];
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  if (head.length >= 4 && b0 !== 0xef) {
    const b2 = head[2];
    const b3 = head[3];
    if (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return 'utf-16le';
    if (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return 'utf-16be';
  }
  return 'utf-8';
}

/**
 * True when decoded text looks binary: a NUL, or more than a tenth control characters or
 * U+FFFD replacements (bytes that were not valid in the encoding).
 */
export function looksBinary(text: string): boolean {
  const length = Math.min(text.length, SNIFF_BYTES);
  if (length === 0) return false;
  let suspicious = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return true;
    if ((code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || code === 127 || code === 0xfffd) {
      suspicious++;
    }
  }
  return suspicious * 10 > length;
}

/** DecompressionStream accepts only ArrayBuffer-backed views (not SharedArrayBuffer ones). */
function isArrayBufferBacked(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer;
}

function toArrayBufferBacked(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return isArrayBufferBacked(bytes) ? bytes : new Uint8Array(bytes);
}

/**
 * Wraps the source stream so the chunks already read come first and every source byte is
 * counted for progress as it is pulled (before any inflation).
 */
function countedStream(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  already: readonly Uint8Array[],
  countBytes: (count: number) => void,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  let replayIndex = 0;
  return new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      async pull(controller) {
        const replay = already[replayIndex];
        if (replay !== undefined) {
          replayIndex++;
          controller.enqueue(toArrayBufferBacked(replay));
          return;
        }
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        countBytes(value.byteLength);
        controller.enqueue(toArrayBufferBacked(value));
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    READ_AHEAD,
  );
}

/** Source chunks pulled ahead of the reader, so reading the next overlaps parsing this one. */
const READ_AHEAD: QueuingStrategy<Uint8Array<ArrayBuffer>> = { highWaterMark: 4 };

/** Bytes read at a time from a source read by ranges. */
const RANGE_READ_BYTES = 4 * 1024 * 1024;

/**
 * Range reads started ahead of the one awaited. Chromium's browser process feeds each read through
 * a data pipe of 2 MiB that the reading thread drains only when it is not busy (parsing): with one
 * read at a time, a busy worker found at most 2 MiB of its next 4 MiB range waiting and sat idle for
 * the rest (the data worker was idle ~30% of a 1M-event load). Several reads each fill their own pipe.
 */
const RANGES_IN_FLIGHT = 4;

/**
 * The source's bytes, read as ranges when it has `slice` (a File or Blob): a few large reads
 * instead of a stream of 64 KiB chunks. Chromium's data worker spent 1.0 s of a 1M-event load in
 * the stream's reads, ~0.25 s with 4 MiB ranges and ~0.85 s with 1 MiB ones (each read has a
 * fixed cost of about 1.5 ms); larger ranges would hold more memory in the read-ahead queue.
 */
function sourceStream(source: CaptureSource): ReadableStream<Uint8Array> {
  const slice = source.slice;
  if (slice === undefined) return source.stream();
  let offset = 0;
  const reads: Promise<ArrayBuffer>[] = [];
  const startReads = (): void => {
    while (reads.length < RANGES_IN_FLIGHT && offset < source.size) {
      const end = Math.min(source.size, offset + RANGE_READ_BYTES);
      const read = slice.call(source, offset, end).arrayBuffer();
      // Awaited in order by pull; this handler only keeps a read abandoned by cancel from being an unhandled rejection.
      read.catch(() => undefined);
      reads.push(read);
      offset = end;
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      startReads();
      const read = reads.shift();
      if (read === undefined) {
        controller.close();
        return;
      }
      const bytes = new Uint8Array(await read);
      startReads();
      controller.enqueue(bytes);
    },
    cancel() {
      reads.length = 0;
    },
  });
}

/** Reads chunks until at least `minBytes` are gathered or the stream ends. */
async function readAtLeast(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  minBytes: number,
): Promise<{ chunks: Uint8Array[]; byteCount: number; isDone: boolean }> {
  const chunks: Uint8Array[] = [];
  let byteCount = 0;
  while (byteCount < minBytes) {
    const { done, value } = await reader.read();
    if (done) return { chunks, byteCount, isDone: true };
    if (value.byteLength === 0) continue;
    chunks.push(value);
    byteCount += value.byteLength;
  }
  return { chunks, byteCount, isDone: false };
}

/** The chunks as one array (the only chunk itself, not a copy). */
export function concatBytes(chunks: readonly Uint8Array[], byteCount: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const joined = new Uint8Array(byteCount);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

function isAllWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9 && code !== 0xfeff) return false;
  }
  return true;
}

/**
 * Opens a capture for streaming text. The outcome says whether it is empty (no bytes, or only
 * whitespace), binary, unreadable (e.g. corrupt gzip header) or text.
 */
export async function openTextCapture(source: CaptureSource, options: OpenOptions = {}): Promise<OpenedCapture> {
  const onProgress = options.onProgress;
  let bytesRead = 0;
  let reportedBytes = 0;
  const countBytes = (count: number): void => {
    bytesRead += count;
    if (onProgress !== undefined && bytesRead - reportedBytes >= PROGRESS_STEP_BYTES) {
      reportedBytes = bytesRead;
      onProgress(bytesRead);
    }
  };
  const reportEnd = (): void => {
    if (onProgress !== undefined && bytesRead !== reportedBytes) {
      reportedBytes = bytesRead;
      onProgress(bytesRead);
    }
  };

  let sourceReader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let isGzip = false;
  let byteReader: ReadableStreamDefaultReader<Uint8Array>;
  let decoder: TextDecoder;
  let encoding: TextEncodingName;
  let headText: string;
  let headBytes: Uint8Array;
  let isByteStreamDone: boolean;
  try {
    sourceReader = sourceStream(source).getReader();
    const first = await readAtLeast(sourceReader, 2);
    for (const chunk of first.chunks) countBytes(chunk.byteLength);
    if (first.byteCount === 0) {
      reportEnd();
      return { kind: 'empty', isGzip: false };
    }
    isGzip = isGzipMagic(concatBytes(first.chunks, first.byteCount));
    const counted = countedStream(sourceReader, first.chunks, countBytes);
    const bytes = isGzip ? counted.pipeThrough(new DecompressionStream('gzip')) : counted;
    byteReader = bytes.getReader();

    const head = await readAtLeast(byteReader, SNIFF_BYTES);
    isByteStreamDone = head.isDone;
    headBytes = concatBytes(head.chunks, head.byteCount);
    encoding = detectEncoding(headBytes);
    decoder = new TextDecoder(encoding);
    headText = decoder.decode(headBytes, { stream: !isByteStreamDone });
  } catch (error) {
    await sourceReader?.cancel().catch(() => undefined);
    reportEnd();
    return { kind: 'unreadable', isGzip, message: errorMessage(error, 120) };
  }

  if (looksBinary(headText)) {
    await byteReader.cancel().catch(() => undefined);
    reportEnd();
    return { kind: 'binary', isGzip };
  }
  // A leading BOM of another encoding than the detected one survives decoding.
  if (headText.charCodeAt(0) === 0xfeff) headText = headText.slice(1);
  if (isByteStreamDone && isAllWhitespace(headText)) {
    reportEnd();
    return { kind: 'empty', isGzip };
  }

  let isFinished = isByteStreamDone;
  if (isFinished) reportEnd();
  let isHeadOnly = true;
  const capture: TextCapture = {
    isGzip,
    encoding,
    head: headText,
    takeBytes() {
      if (encoding !== 'utf-8' || !isHeadOnly) return null;
      isHeadOnly = false;
      // The decoder dropped a leading BOM, and the head text one more (see above).
      const first = utf8BomAt(headBytes, 0);
      const skipped = first + (first > 0 ? utf8BomAt(headBytes, first) : 0);
      return headBytes.subarray(skipped);
    },
    async nextBytes() {
      if (isFinished) return null;
      const { done, value } = await byteReader.read();
      if (done) {
        isFinished = true;
        reportEnd();
        return null;
      }
      return value;
    },
    async nextChunk() {
      isHeadOnly = false;
      if (isFinished) return null;
      const { done, value } = await byteReader.read();
      if (done) {
        isFinished = true;
        reportEnd();
        const rest = decoder.decode();
        return rest.length > 0 ? rest : null;
      }
      return decoder.decode(value, { stream: true });
    },
    async cancel() {
      if (isFinished) return;
      isFinished = true;
      await byteReader.cancel().catch(() => undefined);
    },
  };
  return { kind: 'text', capture };
}
