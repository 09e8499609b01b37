/**
 * A gzip capture on two cores. JSON Lines and CSV: each side inflates the file and parses its
 * own range of the inflated bytes ({@link inflatedSide}). Anything else: one side inflates the file and sends the inflated bytes over a
 * MessagePort (transferred, never copied); the other wraps them as a CaptureSource that
 * readCapture reads unchanged. The receiver asks for each chunk, so the inflating side stays at
 * most {@link CHUNKS_AHEAD} chunks ahead and a fast inflater never buffers the whole file.
 * No Worker is created here, so the parse worker can import this module.
 */
import { assertNever } from '../lib/assertNever';
import { errorMessage } from '../lib/errorMessage';
import { concatBytes } from '../ingest/textCapture';
import type { CaptureSource } from '../ingest/types';

/** Inflated bytes gathered into one message: fewer, larger messages than DecompressionStream's chunks. */
const CHUNK_BYTES = 1024 * 1024;
/** Chunks the inflating side may send before the reader asks for more. */
const CHUNKS_AHEAD = 4;

/** Inflating side → reading side. `compressedBytes`: bytes of the gzip file consumed so far. */
export type InflatedMessage =
  { kind: 'chunk'; bytes: Uint8Array<ArrayBuffer>; compressedBytes: number } | { kind: 'end'; compressedBytes: number } | { kind: 'failed'; message: string };

/** Reading side → inflating side: one more chunk, or stop. */
export type InflateControl = { kind: 'more' } | { kind: 'stop' };

/** What the parse worker is asked to inflate, and where to send it. */
export interface InflateRequest {
  file: Blob;
  port: MessagePort;
}

/** Inflates somewhere (a parse worker in the browser, this thread in tests); resolves once the file is sent or the reader stopped. */
export type Inflater = (request: InflateRequest, signal: AbortSignal) => Promise<void>;

/** One buffer of exactly these bytes, which can be transferred without taking other bytes along. */
function ownBuffer(chunks: readonly Uint8Array[], byteCount: number): Uint8Array<ArrayBuffer> {
  const joined = concatBytes(chunks, byteCount);
  const buffer = joined.buffer;
  return buffer instanceof ArrayBuffer && joined.byteOffset === 0 && joined.byteLength === buffer.byteLength ? new Uint8Array(buffer) : joined.slice();
}

/**
 * Inflates a gzip file into `port`, a chunk whenever the reader has asked for one. Errors (not
 * gzip, truncated) go to the reader as a `failed` message; the port is closed at the end.
 */
export async function inflateToPort(file: Blob, port: MessagePort, signal?: AbortSignal): Promise<void> {
  let compressedBytes = 0;
  const counting = new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      compressedBytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  let credits = 0;
  let isStopped = false;
  let wake: (() => void) | null = null;
  port.onmessage = (message: MessageEvent<InflateControl>) => {
    if (message.data.kind === 'more') credits++;
    else isStopped = true;
    wake?.();
    wake = null;
  };
  const onAbort = (): void => {
    isStopped = true;
    wake?.();
    wake = null;
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const reader = file.stream().pipeThrough(counting).pipeThrough(new DecompressionStream('gzip')).getReader();
  try {
    let batch: Uint8Array[] = [];
    let batchBytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (value !== undefined && value.byteLength > 0) {
        batch.push(value);
        batchBytes += value.byteLength;
      }
      if (batchBytes >= CHUNK_BYTES || (done && batchBytes > 0)) {
        while (credits === 0 && !isStopped) await new Promise<void>((resolve) => (wake = resolve));
        if (isStopped) break;
        credits--;
        const bytes = ownBuffer(batch, batchBytes);
        batch = [];
        batchBytes = 0;
        port.postMessage({ kind: 'chunk', bytes, compressedBytes } satisfies InflatedMessage, [bytes.buffer]);
      }
      if (done) {
        port.postMessage({ kind: 'end', compressedBytes } satisfies InflatedMessage);
        break;
      }
    }
  } catch (error) {
    if (!isStopped) port.postMessage({ kind: 'failed', message: errorMessage(error, 120) } satisfies InflatedMessage);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (isStopped) await reader.cancel().catch(() => undefined);
    port.close();
  }
}

/** The reading side of {@link inflateToPort}. */
export interface InflatedSource {
  /** The inflated bytes as a capture (read once; no `slice`, so it is never taken for a zip). */
  source: CaptureSource;
  /** Bytes of the gzip file the inflating side has consumed, as of the last chunk received. */
  readonly compressedBytes: number;
  /** Why inflating failed (from the inflating side, or {@link fail}), or null. */
  readonly failure: string | null;
  /** Ends the stream with an error: the inflating side will send nothing (it could not start). */
  fail(reason: string): void;
  /** The first inflated chunk (null when there is none), without taking it from the stream. */
  peek(): Promise<Uint8Array | null>;
}

/** Wraps the inflated chunks arriving on `port` as a capture source named `name`. */
export function inflatedSource(name: string, size: number, port: MessagePort): InflatedSource {
  const arrived: InflatedMessage[] = [];
  let waiting: ((message: InflatedMessage) => void) | null = null;
  let compressedBytes = 0;
  let failure: string | null = null;
  const deliver = (message: InflatedMessage): void => {
    if (message.kind === 'failed') failure ??= message.message;
    const resolve = waiting;
    waiting = null;
    if (resolve === null) arrived.push(message);
    else resolve(message);
  };
  port.onmessage = (message: MessageEvent<InflatedMessage>) => deliver(message.data);
  const next = (): Promise<InflatedMessage> => {
    const first = arrived.shift();
    return first === undefined ? new Promise((resolve) => (waiting = resolve)) : Promise.resolve(first);
  };
  // The inflating side may start at once: the first chunks are wanted whoever reads them.
  for (let i = 0; i < CHUNKS_AHEAD; i++) port.postMessage({ kind: 'more' } satisfies InflateControl);
  let isStarted = false;
  const stream = (): ReadableStream<Uint8Array> =>
    new ReadableStream<Uint8Array>(
      {
        start() {
          if (isStarted) throw new Error(`${name}: the inflated bytes can be read only once`);
          isStarted = true;
        },
        async pull(controller) {
          const message = await next();
          switch (message.kind) {
            case 'chunk':
              compressedBytes = message.compressedBytes;
              port.postMessage({ kind: 'more' } satisfies InflateControl);
              controller.enqueue(message.bytes);
              return;
            case 'end':
              compressedBytes = message.compressedBytes;
              port.close();
              controller.close();
              return;
            case 'failed':
              port.close();
              controller.error(new Error(message.message));
              return;
            default:
              assertNever(message, 'inflated message');
          }
        },
        cancel() {
          port.postMessage({ kind: 'stop' } satisfies InflateControl);
          port.close();
        },
      },
      { highWaterMark: 0 },
    );
  return {
    source: { name, size, stream },
    get compressedBytes() {
      return compressedBytes;
    },
    get failure() {
      return failure;
    },
    fail: (reason) => deliver({ kind: 'failed', message: reason }),
    async peek() {
      const first = await next();
      arrived.unshift(first);
      return first.kind === 'chunk' ? first.bytes : null;
    },
  };
}

/**
 * One side of a gzip file's inflated bytes, cut at a line start: the first line start at or
 * after `cutTarget` inflated bytes (just past a `\n`, which never occurs inside a UTF-8
 * character). The head (`side: 'head'`) is the bytes before it and stops inflating there; the
 * tail inflates the head too, dropping it, then gives the rest. With no line start after the
 * target the head is the whole file and the tail is empty. So two threads can each inflate and
 * parse a part of one gzip file, both finding the same cut. `failure` is set when inflating fails
 * (corrupt or truncated data): the stream then errors too.
 */
export interface InflatedSide {
  stream: ReadableStream<Uint8Array>;
  readonly failure: string | null;
}

const NEWLINE = 10;

/** The head or tail of `gzip`'s inflated bytes around the line start nearest after `cutTarget`. */
export function inflatedSide(gzip: Blob, cutTarget: number, side: 'head' | 'tail'): InflatedSide {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let failure: string | null = null;
  /** Inflated bytes read so far, and the inflated offset of the cut once found (-1 before). */
  let offset = 0;
  let cut = -1;
  const stream = new ReadableStream<Uint8Array>(
    {
      start() {
        reader = gzip.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
      },
      async pull(controller) {
        if (reader === null) return;
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await reader.read();
          } catch (error) {
            failure = errorMessage(error, 120);
            throw error;
          }
          if (chunk.done) {
            controller.close();
            return;
          }
          const bytes = chunk.value;
          const start = offset;
          offset += bytes.byteLength;
          if (cut < 0 && offset > cutTarget) {
            const newline = bytes.indexOf(NEWLINE, Math.max(0, cutTarget - start));
            if (newline >= 0) cut = start + newline + 1;
          }
          if (side === 'head') {
            if (cut < 0) {
              controller.enqueue(bytes);
              return;
            }
            if (cut > start) controller.enqueue(bytes.subarray(0, cut - start));
            controller.close();
            await reader.cancel();
            return;
          }
          if (cut < 0 || cut - start >= bytes.byteLength) continue;
          controller.enqueue(cut <= start ? bytes : bytes.subarray(cut - start));
          return;
        }
      },
      async cancel(reason) {
        await reader?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    get failure() {
      return failure;
    },
  };
}

/**
 * The inflated size a gzip file states in its last 4 bytes (ISIZE: the size modulo 2^32 of its
 * last member), or null when that cannot be the size of the whole file: below the compressed
 * size (more than 4 GiB inflated, wrapped) or too short to be gzip.
 */
export async function statedInflatedSize(gzip: Blob): Promise<number | null> {
  if (gzip.size < 18) return null;
  const tail = new DataView(await gzip.slice(gzip.size - 4).arrayBuffer());
  const size = tail.getUint32(0, true);
  return size >= gzip.size ? size : null;
}
