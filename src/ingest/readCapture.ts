/**
 * Entry point of capture reading: streams a File/Blob (never as one string: files reach GBs and
 * `File.text()` returns "" past V8's string limit), un-gzips, decodes, detects the layout from
 * the content and feeds normalised events to the sink.
 */
import { assertNever } from '../lib/assertNever';
import { detectLayout } from './detectLayout';
import type { DetectedLayout, TextLayout } from './detectLayout';
import { CsvByteReader } from './csvByteReader';
import { CsvReader, JsonLinesByteReader, JsonLinesReader, JsonValuesReader } from './formatReaders';
import type { RowReaderState, TextRowReader } from './formatReaders';
import { hostFromFileName } from './hostFromFileName';
import { RowCollector } from './rowCollector';
import { normalizeContext } from './fieldParsers';
import { openTextCapture } from './textCapture';
import type { TextCapture } from './textCapture';
import type { CaptureSource, IngestSink, ReadOutcome } from './types';
import { isZipMagic } from './zipArchive';
import { readZipCapture } from './zipCapture';
import { errorMessage } from '../lib/errorMessage';

/** Options of {@link readCapture}. */
export interface ReadCaptureOptions {
  /** Aborting rejects the read with the signal's reason (an AbortError by default); no events follow. */
  readonly signal?: AbortSignal;
  /** Host for rows without Hostname/Computer/ClientId/Fqdn; default: a client id in the file name, else "unknown". */
  readonly hostFallback?: string;
  /**
   * Layout to read with instead of detecting it from the first characters: for a byte range
   * cut from the middle of a file whose head was already detected.
   */
  readonly layout?: TextLayout;
  /**
   * Adds {@link ReadOutcome.lines} and {@link ReadOutcome.endsBetweenRows} to the outcome (to
   * number the lines of a following byte range, and to know that the cut before it was safe).
   */
  readonly countLines?: boolean;
  /**
   * Header cells of a CSV byte range cut from the middle of a file (its first record is a row):
   * read from the file's head. Only with `layout: 'csv'`.
   */
  readonly csvHeader?: readonly string[];
}

/**
 * Longest stretch of reading without giving the event loop a turn. Reads of in-memory data
 * resolve as microtasks, which would keep the worker from receiving a cancel message.
 */
const YIELD_INTERVAL_MS = 200;

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function createReader(layout: TextLayout, collector: RowCollector, csvHeader: readonly string[] | null): TextRowReader {
  switch (layout) {
    case 'json-lines':
      return new JsonLinesReader(collector);
    case 'json-values':
      return new JsonValuesReader(collector);
    case 'csv':
      return new CsvReader(collector, csvHeader);
    default:
      return assertNever(layout, 'layout');
  }
}

/** What a layout chosen by the caller reports as format, as detectLayout would. */
function layoutOf(layout: TextLayout): DetectedLayout {
  switch (layout) {
    case 'json-lines':
      return { layout, format: 'jsonl' };
    case 'json-values':
      return { layout, format: 'json-array' };
    case 'csv':
      return { layout, format: 'csv' };
    default:
      return assertNever(layout, 'layout');
  }
}

/** Chunks of one kind from the capture, and the reader they go to. */
interface ChunkFeed<T> {
  next(): Promise<T | null>;
  push(chunk: T): void;
}

/**
 * The reader of a capture and what feeds it: UTF-8 JSON Lines and CSV as bytes (rows made
 * events without decoding them, see JsonLinesByteReader and CsvByteReader), everything else as
 * decoded text, from the text already read for detection on.
 */
function readerOf(
  capture: TextCapture,
  layout: TextLayout,
  collector: RowCollector,
  csvHeader: readonly string[] | null,
  firstText: string,
  signal: AbortSignal | undefined,
): { reader: RowReaderState; readRest: () => Promise<unknown> } {
  const headBytes = layout === 'json-lines' || layout === 'csv' ? capture.takeBytes() : null;
  if (headBytes !== null) {
    const reader = layout === 'csv' ? new CsvByteReader(collector, csvHeader) : new JsonLinesByteReader(collector);
    reader.push(headBytes);
    const feed: ChunkFeed<Uint8Array> = { next: () => capture.nextBytes(), push: (bytes) => reader.push(bytes) };
    return { reader, readRest: () => drain(capture, feed, collector, signal) };
  }
  const reader = createReader(layout, collector, csvHeader);
  reader.push(firstText);
  const feed: ChunkFeed<string> = { next: () => capture.nextChunk(), push: (text) => reader.push(text) };
  return { reader, readRest: () => drain(capture, feed, collector, signal) };
}

/** Feeds chunks until the end, the collector gives up, or reading fails (the error, else null); rejects when aborted. */
async function drain<T>(capture: TextCapture, feed: ChunkFeed<T>, collector: RowCollector, signal: AbortSignal | undefined): Promise<unknown> {
  let lastYield = performance.now();
  while (!collector.hasGivenUp) {
    if (performance.now() - lastYield > YIELD_INTERVAL_MS) {
      await nextTask();
      lastYield = performance.now();
    }
    let chunk: T | null;
    try {
      chunk = await feed.next();
    } catch (error) {
      await stopIfAborted(capture, signal);
      return error;
    }
    await stopIfAborted(capture, signal);
    if (chunk === null) return null;
    feed.push(chunk);
  }
  return null;
}

async function stopIfAborted(capture: TextCapture, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted !== true) return;
  await capture.cancel();
  signal.throwIfAborted();
}

/** A source that can be read by byte ranges and starts with the zip magic. */
async function asZip(source: CaptureSource): Promise<(CaptureSource & { slice(start: number, end: number): Blob }) | null> {
  const slice = source.slice;
  if (slice === undefined || source.size < 4) return null;
  const head = new Uint8Array(await slice.call(source, 0, 4).arrayBuffer());
  if (!isZipMagic(head)) return null;
  return { name: source.name, size: source.size, stream: () => source.stream(), slice: (start, end) => slice.call(source, start, end) };
}

/**
 * Reads one capture into the sink: JSON Lines, JSON arrays (also `[...][...]` back to back) or
 * Velociraptor CSV; plain or gzip (by magic bytes); UTF-8 or UTF-16 (by BOM); a Velociraptor
 * collector or export zip (by magic bytes, when the source has `slice`), whose
 * `results/*.json|csv` entries are read in turn (see zipCapture.ts). Rows become
 * `sink.event`, `sink.ignored` (other events/providers) or `sink.problem` (with file and line);
 * `sink.progress` gets source bytes at most every MiB. Resolves with a fatal sentence naming the
 * file when the file as a whole is unusable (empty, binary, unreadable, no ETW rows).
 */
export async function readCapture(source: CaptureSource, sink: IngestSink, options: ReadCaptureOptions = {}): Promise<ReadOutcome> {
  const signal = options.signal;
  signal?.throwIfAborted();
  const file = source.name;
  const zip = await asZip(source);
  if (zip !== null) {
    return readZipCapture(zip, sink, options, (entry, entrySink, hostFallback, entrySignal) =>
      readCapture(entry, entrySink, {
        ...(hostFallback === undefined ? {} : { hostFallback }),
        ...(entrySignal === undefined ? {} : { signal: entrySignal }),
      }),
    );
  }
  const opened = await openTextCapture(source, {
    onProgress: (bytesRead) => {
      if (signal?.aborted !== true) sink.progress(bytesRead);
    },
  });
  switch (opened.kind) {
    case 'text':
      break;
    case 'empty':
      signal?.throwIfAborted();
      return { format: null, isGzip: opened.isGzip, rows: 0, fatal: `${file} is empty` };
    case 'binary':
      signal?.throwIfAborted();
      return { format: null, isGzip: opened.isGzip, rows: 0, fatal: `${file} is not a text capture (looks binary)` };
    case 'unreadable':
      signal?.throwIfAborted();
      return {
        format: null,
        isGzip: opened.isGzip,
        rows: 0,
        fatal: opened.isGzip ? `${file} is not valid gzip data (${opened.message})` : `${file} could not be read (${opened.message})`,
      };
    default:
      return assertNever(opened, 'opened capture');
  }

  const capture = opened.capture;
  try {
    await stopIfAborted(capture, signal);
    let firstText = capture.head;
    let detected = options.layout === undefined ? detectLayout(firstText) : layoutOf(options.layout);
    while (detected === null) {
      const chunk = await capture.nextChunk();
      await stopIfAborted(capture, signal);
      if (chunk === null) return { format: null, isGzip: capture.isGzip, rows: 0, fatal: `${file} is empty` };
      firstText += chunk;
      detected = detectLayout(firstText);
    }

    const collector = new RowCollector(file, sink, normalizeContext(options.hostFallback ?? hostFromFileName(file)), signal ?? null);
    const csvHeader = options.layout === 'csv' ? (options.csvHeader ?? null) : null;
    const { reader, readRest } = readerOf(capture, detected.layout, collector, csvHeader, firstText, signal);
    const readError = await readRest();
    // Asked before finish(), which closes the open row.
    const endsBetweenRows = !collector.hasGivenUp && readError === null && reader.isBetweenRows;
    if (collector.hasGivenUp) {
      await capture.cancel();
    } else {
      reader.finish();
    }

    let fatal = collector.finish();
    if (readError !== null) {
      const what = capture.isGzip ? 'gzip data is truncated or corrupt' : 'the file could not be read to the end';
      if (fatal === null) {
        sink.problem({ file, line: reader.currentLine, reason: `${what} (${errorMessage(readError, 120)})` });
      } else {
        fatal = `${file}: ${what} (${errorMessage(readError, 120)})`;
      }
    }
    const outcome: ReadOutcome = { format: detected.format, isGzip: capture.isGzip, rows: collector.rows, fatal };
    if (options.countLines === true) {
      outcome.lines = reader.currentLine - 1;
      outcome.endsBetweenRows = endsBetweenRows;
    }
    return outcome;
  } catch (error) {
    await capture.cancel();
    throw error;
  }
}
