/**
 * A gzip capture on two cores. JSON Lines and CSV: the parse worker inflates the file once,
 * sends the head of the inflated bytes (up to a line start) over a MessagePort to the data worker
 * and parses the rest itself ({@link inflateHeadToPort}). Anything else: one side inflates the
 * whole file into a MessagePort ({@link inflateToPort}); the other wraps what arrives as a
 * CaptureSource that readCapture reads unchanged ({@link inflatedSource}). Chunks are transferred,
 * never copied, and the receiver asks for each, so the inflating side stays a bounded number of
 * chunks ahead and a fast inflater never buffers the whole file.
 * No Worker is created here, so the parse worker can import this module.
 */
import { assertNever } from '../lib/assertNever';
import { errorMessage } from '../lib/errorMessage';
import type { CaptureSource } from '../ingest/types';

/**
 * Inflated bytes gathered into one message: far fewer messages than DecompressionStream's 64 KiB
 * chunks. The chunks are sent as they came, not joined: joining them into fresh 1 MiB buffers took
 * a third of the inflating thread's script time.
 */
const CHUNK_BYTES = 1024 * 1024;
/** Messages (of about {@link CHUNK_BYTES}) the inflating side may send before the reader asks for more. */
const CHUNKS_AHEAD = 4;

/**
 * Messages (of about {@link CHUNK_BYTES}) the parse worker may send ahead of the data worker's
 * head reader: the head is inflated about twice as fast as it is parsed, and the parse worker can
 * start on its own part only once it has sent the whole head. Bounds the bytes in flight
 * (256 MiB); past it the inflater waits.
 */
export const HEAD_CHUNKS_AHEAD = 256;

/** Inflating side → reading side. `compressedBytes`: bytes of the gzip file consumed so far. */
export type InflatedMessage =
  | { kind: 'chunk'; chunks: Uint8Array<ArrayBuffer>[]; compressedBytes: number }
  | { kind: 'end'; compressedBytes: number }
  | { kind: 'failed'; message: string };

/** Reading side → inflating side: this many more messages, or stop. */
export type InflateControl = { kind: 'more'; chunks: number } | { kind: 'stop' };

/** What the parse worker is asked to inflate, and where to send it. */
export interface InflateRequest {
  file: Blob;
  port: MessagePort;
}

/** Inflates somewhere (a parse worker in the browser, this thread in tests); resolves once the file is sent or the reader stopped. */
export type Inflater = (request: InflateRequest, signal: AbortSignal) => Promise<void>;

/** The bytes in a buffer of their own (themselves when they are one), which can be transferred without taking other bytes along. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const buffer = bytes.buffer;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? new Uint8Array(buffer) : bytes.slice();
}

/** The sending side of a port's flow control: credits from the reader's `more`, and whether it said `stop`. */
class PortCredits {
  private credits = 0;
  private wake: (() => void) | null = null;
  isStopped = false;

  constructor(port: MessagePort, signal?: AbortSignal) {
    port.onmessage = (message: MessageEvent<InflateControl>) => {
      if (message.data.kind === 'more') this.credits += message.data.chunks;
      else this.isStopped = true;
      this.wakeUp();
    };
    signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Stops sending, waking a sender that waits for credit. */
  stop(): void {
    this.isStopped = true;
    this.wakeUp();
  }

  /** Resolves true once a chunk may be sent (taking a credit), false once the reader stopped. */
  async take(): Promise<boolean> {
    while (this.credits === 0 && !this.isStopped) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.isStopped) return false;
    this.credits--;
    return true;
  }

  private wakeUp(): void {
    this.wake?.();
    this.wake = null;
  }
}

/** A gzip file's inflated bytes, and how many of its own bytes were consumed so far. */
function inflating(file: Blob): { reader: ReadableStreamDefaultReader<Uint8Array>; compressedBytes: () => number } {
  let compressedBytes = 0;
  const counting = new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      compressedBytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { reader: file.stream().pipeThrough(counting).pipeThrough(new DecompressionStream('gzip')).getReader(), compressedBytes: () => compressedBytes };
}

/** Inflated chunks gathered into messages of about {@link CHUNK_BYTES}, each sent once the reader gave credit. */
class ChunkBatch {
  private chunks: Uint8Array[] = [];
  private byteCount = 0;

  constructor(
    private readonly port: MessagePort,
    private readonly credits: PortCredits,
  ) {}

  get isFull(): boolean {
    return this.byteCount >= CHUNK_BYTES;
  }

  add(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.chunks.push(bytes);
    this.byteCount += bytes.byteLength;
  }

  /** Sends what was gathered (if anything) once there is credit; false when the reader stopped. */
  async send(compressedBytes: number): Promise<boolean> {
    if (this.byteCount === 0) return true;
    if (!(await this.credits.take())) return false;
    const chunks = this.chunks.map(ownBuffer);
    this.chunks = [];
    this.byteCount = 0;
    this.port.postMessage(
      { kind: 'chunk', chunks, compressedBytes } satisfies InflatedMessage,
      chunks.map((chunk) => chunk.buffer),
    );
    return true;
  }
}

/**
 * Inflates a gzip file into `port`, a chunk whenever the reader has asked for one. Errors (not
 * gzip, truncated) go to the reader as a `failed` message; the port is closed at the end.
 */
export async function inflateToPort(file: Blob, port: MessagePort, signal?: AbortSignal): Promise<void> {
  const credits = new PortCredits(port, signal);
  const batch = new ChunkBatch(port, credits);
  const { reader, compressedBytes } = inflating(file);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value !== undefined) batch.add(value);
      if ((batch.isFull || done) && !(await batch.send(compressedBytes()))) break;
      if (done) {
        port.postMessage({ kind: 'end', compressedBytes: compressedBytes() } satisfies InflatedMessage);
        break;
      }
    }
  } catch (error) {
    if (!credits.isStopped) port.postMessage({ kind: 'failed', message: errorMessage(error, 120) } satisfies InflatedMessage);
  } finally {
    if (credits.isStopped) await reader.cancel().catch(() => undefined);
    port.close();
  }
}

/**
 * Inflates `gzip` once: the inflated bytes up to the first line start at or after `cutTarget`
 * (just past a `\n`, which never occurs inside a UTF-8 character) go to `port` for the data
 * worker to read with {@link inflatedSource}, and the rest are the returned stream, for this
 * thread to parse. The whole head is sent during the stream's first pull, as fast as the reader's
 * credit allows, so both threads parse at once from then on. With no line start after the target
 * the head is the whole file and the stream is empty. Inflating errors go to both sides (a
 * `failed` message, the stream's error and `failure`); a reader that stopped (its load is over)
 * ends the stream with an AbortError.
 */
export function inflateHeadToPort(gzip: Blob, cutTarget: number, port: MessagePort): InflatedSide {
  const credits = new PortCredits(port);
  const batch = new ChunkBatch(port, credits);
  let source: ReturnType<typeof inflating> | null = null;
  let failure: string | null = null;
  /** Inflated bytes read so far, and whether the head was all sent. */
  let offset = 0;
  let isHeadSent = false;
  /** Ends the head with `last` (the reader gets it unless it has gone, then the port just closes). */
  const endHead = (last: InflatedMessage): void => {
    if (!credits.isStopped) port.postMessage(last);
    port.close();
    isHeadSent = true;
  };
  /** Sends the batch; a reader that has stopped (its load is over) ends this stream too. */
  const sendBatch = async (): Promise<void> => {
    if (await batch.send(source?.compressedBytes() ?? 0)) return;
    endHead({ kind: 'failed', message: 'the head reader stopped' });
    throw new DOMException('the head reader stopped', 'AbortError');
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start() {
        source = inflating(gzip);
      },
      async pull(controller) {
        if (source === null) return;
        for (;;) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          try {
            chunk = await source.reader.read();
          } catch (error) {
            failure = errorMessage(error, 120);
            if (!isHeadSent) endHead({ kind: 'failed', message: failure });
            throw error;
          }
          if (chunk.done) {
            if (!isHeadSent) {
              await sendBatch();
              endHead({ kind: 'end', compressedBytes: source.compressedBytes() });
            }
            controller.close();
            return;
          }
          const bytes = chunk.value;
          const start = offset;
          offset += bytes.byteLength;
          if (isHeadSent) {
            controller.enqueue(bytes);
            return;
          }
          const newline = offset > cutTarget ? bytes.indexOf(NEWLINE, Math.max(0, cutTarget - start)) : -1;
          if (newline < 0) {
            batch.add(bytes);
            if (batch.isFull) await sendBatch();
            continue;
          }
          batch.add(bytes.subarray(0, newline + 1));
          await sendBatch();
          endHead({ kind: 'end', compressedBytes: source.compressedBytes() });
          if (newline + 1 < bytes.byteLength) {
            controller.enqueue(bytes.subarray(newline + 1));
            return;
          }
        }
      },
      async cancel(reason) {
        // The head's reader must not wait for bytes that will not come.
        if (!isHeadSent) endHead({ kind: 'failed', message: 'inflating stopped' });
        credits.stop();
        await source?.reader.cancel(reason);
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

/** The reading side of {@link inflateToPort}. */
export interface InflatedSource {
  /** The inflated bytes as a capture (read once; no `slice`, so it is never taken for a zip). */
  source: CaptureSource;
  /** Bytes of the gzip file the inflating side has consumed, as of the last chunk received. */
  readonly compressedBytes: number;
  /** Why inflating failed (from the inflating side, or {@link fail}), or null. */
  readonly failure: string | null;
  /** Ends the stream with an error unless it has ended: the inflating side will send nothing more (it failed). */
  fail(reason: string): void;
  /** The first inflated chunk (null when there is none), without taking it from the stream. */
  peek(): Promise<Uint8Array | null>;
}

/**
 * Wraps the inflated chunks arriving on `port` as a capture source named `name`, letting the
 * inflating side send up to `chunksAhead` chunks before they are read.
 */
export function inflatedSource(name: string, size: number, port: MessagePort, chunksAhead = CHUNKS_AHEAD): InflatedSource {
  const arrived: InflatedMessage[] = [];
  let waiting: ((message: InflatedMessage) => void) | null = null;
  let compressedBytes = 0;
  let failure: string | null = null;
  let isEnded = false;
  const deliver = (message: InflatedMessage): void => {
    // A failure after the end (the sender's later work failed) does not touch the bytes read.
    if (isEnded) return;
    if (message.kind === 'end') isEnded = true;
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
  port.postMessage({ kind: 'more', chunks: chunksAhead } satisfies InflateControl);
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
              port.postMessage({ kind: 'more', chunks: 1 } satisfies InflateControl);
              for (const chunk of message.chunks) controller.enqueue(chunk);
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
      return first.kind === 'chunk' ? (first.chunks[0] ?? null) : null;
    },
  };
}

/**
 * One side of a gzip file's inflated bytes, cut at a line start: the first line start at or
 * after `cutTarget` inflated bytes (just past a `\n`, which never occurs inside a UTF-8
 * character). The head (`side: 'head'`) is the bytes before it and stops inflating there; the
 * tail inflates the head too, dropping it, then gives the rest. With no line start after the
 * target the head is the whole file and the tail is empty: the same cut as
 * {@link inflateHeadToPort}'s. The split plan sniffs a head this way, and the data worker reads a
 * tail this way when the parse worker failed after sending the head. `failure` is set when
 * inflating fails (corrupt or truncated data): the stream then errors too.
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
