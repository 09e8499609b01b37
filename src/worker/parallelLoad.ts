/**
 * Reading one large capture on two cores: how (plain JSON Lines, CSV and JSON arrays as two byte
 * ranges cut at a row start near the middle; gzip JSON Lines and CSV as two ranges of the
 * inflated bytes, the parse worker inflating the file once and sending the first range to the
 * data worker; other gzip inflated on one core and parsed on the other, see inflatePort.ts), the sink that writes a range into a frame, and the reading of the second
 * range into a frame of its own (done in a parse worker, see parse.worker.ts).
 * No Worker is created here, so the parse worker can import this module.
 */
import { appendEvent, emptyFrame, frameRows, type AppendContext, type EventFrame, type FrameRows, type LabelCode } from '../frame/frame';
import { CsvRecordSplitter, parseCsvRecord } from '../ingest/csvRecords';
import { detectLayout, type TextLayout } from '../ingest/detectLayout';
import { readCapture } from '../ingest/readCapture';
import { concatBytes, detectEncoding, isGzipMagic, looksBinary } from '../ingest/textCapture';
import { inflateHeadToPort, inflatedSide, statedInflatedSize } from './inflatePort';
import type { CaptureSource, IngestSink, LineProblem, NormalizedEvent, ReadOutcome } from '../ingest/types';
import { isZipMagic } from '../ingest/zipArchive';

/** Problems kept for display; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 100;

/** Files from this size are read as two ranges at once; below it a second thread costs more than it saves. */
export const SPLIT_MIN_BYTES = 32 * 1024 * 1024;

/** Gzip inflates ~8× (JSON captures more), so a gzip file of this share of {@link SPLIT_MIN_BYTES} is worth two cores. */
const GZIP_SPLIT_DIVISOR = 8;

/**
 * Share of a gzip file's inflated bytes the data worker reads itself: the parse worker inflates
 * the whole file (sending this share to the data worker) besides parsing the rest, so it gets
 * less. Inflating costs about a third of parsing the same bytes.
 */
export const GZIP_FIRST_PART_SHARE = 0.8;

/**
 * Share of the file the data worker reads itself. Half: its parse worker is started ahead
 * (ParseWorkers), so both begin within ~0.05 s and read at the same rate (a trace of a 1M-event
 * load: ~17.4% of the file a second each). It was 0.52 while a new worker took 0.1–0.2 s to start.
 */
export const FIRST_PART_SHARE = 0.5;

/** Bytes of the head looked at to decide that a file is plain UTF-8 JSON Lines. */
const HEAD_BYTES = 16 * 1024;
/** Bytes read at a time while looking for the line start nearest the middle. */
const WINDOW_BYTES = 64 * 1024;
/** A middle line longer than this is not worth finding the end of: the file is read whole. */
const MAX_SEARCH_BYTES = 16 * 1024 * 1024;

/** Rough rows for a first allocation: ~700 bytes per JSON row. */
export function estimateRowsOfBytes(bytes: number): number {
  return Math.min(Math.max(1024, Math.ceil(bytes / 700)), 4_000_000);
}

/** A source that can be read by byte ranges. */
export interface RangeReadable {
  readonly size: number;
  slice(start: number, end: number): Blob;
}

/**
 * Offset just past the first `\n` at or after `from` (where the next line starts), or null when
 * there is none before the end of the file or within `maxSearchBytes`. A `\n` byte is always a
 * line end in UTF-8 (it never occurs inside a multi-byte character).
 */
export async function lineStartAfter(
  source: RangeReadable,
  from: number,
  windowBytes = WINDOW_BYTES,
  maxSearchBytes = MAX_SEARCH_BYTES,
): Promise<number | null> {
  for await (const { start, bytes } of searchWindows(source, from, windowBytes, maxSearchBytes)) {
    const newline = bytes.indexOf(10);
    if (newline >= 0) return start + newline + 1;
  }
  return null;
}

/** The bytes from `from` on, a window at a time, up to the end of the file or `maxSearchBytes`. */
async function* searchWindows(
  source: RangeReadable,
  from: number,
  windowBytes: number,
  maxSearchBytes: number,
): AsyncGenerator<{ start: number; bytes: Uint8Array }> {
  const last = Math.min(source.size, from + maxSearchBytes);
  for (let start = from; start < last; start += windowBytes) {
    yield { start, bytes: new Uint8Array(await source.slice(start, Math.min(last, start + windowBytes)).arrayBuffer()) };
  }
}

/** How to read a byte range cut from the middle of a text capture whose head was read. */
export interface Continuation {
  layout: TextLayout;
  /** The file's CSV header, for a CSV range. */
  csvHeader?: readonly string[];
}

/**
 * How a capture is read on two cores: as two byte ranges (the second from `cut`, read as
 * `continuation` says); a gzip file of JSON Lines or CSV as two ranges of its inflated bytes
 * (the second from the line start after `inflatedCut`: the parse worker inflates the file,
 * sends the first range to the data worker and parses the second, see inflateHeadToPort);
 * or any other gzip file inflated on one core while the other parses what it inflated.
 */
export type SplitPlan =
  | { kind: 'ranges'; cut: number; continuation: Continuation }
  | { kind: 'gzip-ranges'; inflatedCut: number; inflatedBytes: number; continuation: Continuation }
  | { kind: 'inflate' };

/**
 * How to read a capture on two cores, or null to read it whole: unless it is at least
 * `minBytes` (a gzip file an eighth of that), readable by ranges, and plain UTF-8 text with a
 * complete first line, or gzip. Zip and UTF-16 are read whole. The cut of a text file is where a
 * row starts near {@link FIRST_PART_SHARE} of its bytes: the start of the next line for JSON
 * Lines and CSV, the next `[` at column 0 after a `]` for JSON arrays. A CSV cut inside a quoted
 * cell (an odd count of `"` before it) or a cut inside a JSON value is found out when the first
 * range ends inside a row ({@link ReadOutcome.endsBetweenRows}), and the file is then read
 * whole. Null too when the file cannot be read.
 */
export async function planSplit(source: CaptureSource, minBytes = SPLIT_MIN_BYTES): Promise<SplitPlan | null> {
  const slice = source.slice;
  if (source.size < minBytes / GZIP_SPLIT_DIVISOR || source.size === 0 || slice === undefined) return null;
  const ranges: RangeReadable = { size: source.size, slice: (start, end) => slice.call(source, start, end) };
  // A file that cannot be read is read whole, and that read says why in the file's own terms.
  return findPlan(ranges, minBytes).catch(() => null);
}

async function findPlan(ranges: RangeReadable, minBytes: number): Promise<SplitPlan | null> {
  const head = new Uint8Array(await ranges.slice(0, HEAD_BYTES).arrayBuffer());
  if (isGzipMagic(head)) return gzipPlan(ranges);
  if (ranges.size < minBytes) return null;
  const text = headText(head);
  if (text === null) return null;
  const layout = detectLayout(text)?.layout;
  const from = Math.floor(ranges.size * FIRST_PART_SHARE);
  let continuation: Continuation;
  let cut: number | null;
  switch (layout) {
    case 'json-lines':
      continuation = { layout };
      cut = await lineStartAfter(ranges, from);
      break;
    case 'csv': {
      const csvHeader = csvHeaderOf(text);
      if (csvHeader === null) return null;
      continuation = { layout, csvHeader };
      cut = await lineStartAfter(ranges, from);
      break;
    }
    case 'json-values':
      continuation = { layout };
      cut = await arrayStartAfter(ranges, from);
      break;
    case undefined:
      return null;
  }
  return cut === null || cut >= ranges.size ? null : { kind: 'ranges', cut, continuation };
}

/** The head of a plain UTF-8 text capture as text, or null for zip, UTF-16, binary or a head without a whole first line. */
function headText(head: Uint8Array): string | null {
  if (isZipMagic(head) || isGzipMagic(head) || detectEncoding(head) !== 'utf-8') return null;
  const text = new TextDecoder('utf-8').decode(head);
  if (looksBinary(text)) return null;
  // With a whole first line in hand, detectLayout decides as it will when the file is read.
  const firstRow = text.search(/\S/);
  return firstRow < 0 || text.indexOf('\n', firstRow) < 0 ? null : text;
}

/**
 * A gzip file of JSON Lines or CSV is read as two ranges of its inflated bytes, cut near
 * {@link GZIP_FIRST_PART_SHARE} of the size it states; anything else (JSON arrays, a size it
 * does not state, a head that does not inflate to plain text) is inflated on one core and parsed on the other.
 */
async function gzipPlan(ranges: RangeReadable): Promise<SplitPlan> {
  const inflate: SplitPlan = { kind: 'inflate' };
  const inflatedBytes = await statedInflatedSize(ranges.slice(0, ranges.size));
  if (inflatedBytes === null) return inflate;
  const side = inflatedSide(ranges.slice(0, ranges.size), HEAD_BYTES, 'head');
  // A first line longer than this (one long JSON array) is not worth inflating further here.
  const text = headText(await readHead(side.stream, 4 * HEAD_BYTES).catch(() => new Uint8Array()));
  if (text === null) return inflate;
  const layout = detectLayout(text)?.layout;
  let continuation: Continuation;
  if (layout === 'json-lines') {
    continuation = { layout };
  } else if (layout === 'csv') {
    const csvHeader = csvHeaderOf(text);
    if (csvHeader === null) return inflate;
    continuation = { layout, csvHeader };
  } else {
    return inflate;
  }
  return { kind: 'gzip-ranges', inflatedCut: Math.floor(inflatedBytes * GZIP_FIRST_PART_SHARE), inflatedBytes, continuation };
}

/** The first bytes of a stream, at least `maxBytes` of them unless it ends first (then cancelled). */
async function readHead(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let byteCount = 0;
  const reader = stream.getReader();
  while (byteCount < maxBytes) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(chunks, byteCount);
    chunks.push(value);
    byteCount += value.byteLength;
  }
  await reader.cancel();
  return concatBytes(chunks, byteCount);
}

/** The cells of the first CSV record of `text` as CsvReader reads them, or null when it is not complete or malformed. */
function csvHeaderOf(text: string): string[] | null {
  let first: string | null = null;
  const splitter = new CsvRecordSplitter({ record: (record) => (first ??= record) });
  // Only complete records are emitted before finish(), so a header cut by the head's end is not taken.
  splitter.push(text);
  if (first === null) return null;
  const parsed = parseCsvRecord(first);
  return 'cells' in parsed ? parsed.cells : null;
}

const NEWLINE = 10;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/**
 * Offset of the first `[` at or after `from` that follows a `]` with only whitespace between,
 * where a line starts at the `]` or between the two: the next of back-to-back JSON arrays
 * (`]\n[`, or `][` as `velociraptor query --format json` writes). A raw newline cannot occur
 * inside a JSON string, so both brackets are structure, and arrays inside a value are separated
 * by commas: in a well-formed file this is between top-level values. Null when there is none
 * within the search limit.
 */
export async function arrayStartAfter(
  source: RangeReadable,
  from: number,
  windowBytes = WINDOW_BYTES,
  maxSearchBytes = MAX_SEARCH_BYTES,
): Promise<number | null> {
  /** The last byte other than whitespace, whether it was the first on its line, and whether a newline followed it. */
  let previous = 0;
  let isPreviousFirstOnLine = false;
  let isAfterNewline = false;
  let isLineEmpty = false;
  for await (const { start, bytes } of searchWindows(source, from, windowBytes, maxSearchBytes)) {
    for (let i = 0; i < bytes.length; i++) {
      const code = bytes[i] ?? 0;
      if (code === NEWLINE) {
        isAfterNewline = true;
        isLineEmpty = true;
        continue;
      }
      if (code === 32 || code === 9 || code === 13) continue;
      if (code === OPEN_BRACKET && previous === CLOSE_BRACKET && (isAfterNewline || isPreviousFirstOnLine)) return start + i;
      previous = code;
      isPreviousFirstOnLine = isLineEmpty;
      isLineEmpty = false;
      isAfterNewline = false;
    }
  }
  return null;
}

/** How a {@link FrameSink} writes and where it reports. */
export interface FrameSinkSettings {
  sourceCode: number;
  label: LabelCode;
  /** Rows the frame may hold: one more event aborts `budget` instead of being appended. */
  maxEvents: number;
  budget: AbortController;
  /** Listed problems (shared by every range of a load), capped at {@link MAX_LISTED_PROBLEMS}. */
  problems: LineProblem[];
  /** Lines of the file before the range read, added to its problem line numbers. */
  lineOffset: number;
  /** Source bytes of the range read so far. */
  onBytes(bytesRead: number): void;
}

/** Appends a range's events to a frame and counts its problems and ignored rows. */
export class FrameSink implements IngestSink {
  events = 0;
  problemCount = 0;
  ignoredCount = 0;
  readonly ignoredReasons = new Map<string, number>();
  private lastHost: string | null = null;
  private lastHostCode = 0;
  private readonly context: AppendContext;

  constructor(
    private readonly frame: EventFrame,
    private readonly settings: FrameSinkSettings,
  ) {
    this.context = { hostCode: 0, sourceCode: settings.sourceCode, label: settings.label, isSynthetic: false };
  }

  event(event: NormalizedEvent): void {
    const host = event.host ?? 'unknown';
    if (host !== this.lastHost) {
      this.lastHost = host;
      this.lastHostCode = this.frame.hosts.code(host);
    }
    this.context.hostCode = this.lastHostCode;
    if (this.frame.length >= this.settings.maxEvents) {
      const budget = this.settings.budget;
      if (!budget.signal.aborted) budget.abort(new DOMException('memory budget reached', 'QuotaExceededError'));
      return;
    }
    appendEvent(this.frame, event, this.context);
    this.events++;
  }

  problem(problem: LineProblem): void {
    this.problemCount++;
    const { problems, lineOffset } = this.settings;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(lineOffset === 0 ? problem : { ...problem, line: problem.line + lineOffset });
  }

  ignored(reason: string): void {
    this.ignoredCount++;
    this.ignoredReasons.set(reason, (this.ignoredReasons.get(reason) ?? 0) + 1);
  }

  progress(bytesRead: number): void {
    this.settings.onBytes(bytesRead);
  }
}

/** Options of {@link readRange} passed on to readCapture. */
export interface RangeReadOptions {
  signal?: AbortSignal;
  /** Set for a range cut from the middle of a file. */
  continuation?: Continuation;
}

/**
 * Reads a source (or a range of one) into a sink; resolves null when the sink's memory budget
 * stopped it (what was read is kept), rejects with the signal's reason when cancelled.
 */
export async function readRange(source: CaptureSource, sink: FrameSink, budget: AbortController, options: RangeReadOptions = {}): Promise<ReadOutcome | null> {
  const cancel = options.signal;
  const signal = cancel ? AbortSignal.any([cancel, budget.signal]) : budget.signal;
  try {
    const continuation = options.continuation;
    const layout =
      continuation === undefined ? {} : { layout: continuation.layout, ...(continuation.csvHeader === undefined ? {} : { csvHeader: continuation.csvHeader }) };
    return await readCapture(source, sink, { signal, countLines: true, ...layout });
  } catch (error) {
    if (!budget.signal.aborted || cancel?.aborted === true) throw error;
    return null;
  }
}

/** The second range of a capture to read in a parse worker. */
export interface PartRequest {
  /** Bytes from a row start to the end of the file, or a whole gzip file when `inflated` is set. */
  part: Blob;
  /**
   * Set for a gzip file: its inflated bytes from the line start after `cut` are the part
   * (`bytes`: its stated inflated size); those before it are sent to `port` (see inflateHeadToPort).
   */
  inflated?: { cut: number; bytes: number; port: MessagePort };
  /** How to read them. */
  continuation: Continuation;
  /** The file's name: problems name it, and a host may be taken from it. */
  name: string;
  label: LabelCode;
  utcOffsetMinutes: number;
  /** Events the load can still take; the part stops after one more. */
  maxEvents: number;
}

/** How far the parse worker has read its part. */
export interface PartProgress {
  bytesRead: number;
  events: number;
  problems: number;
}

/** A part read into a frame of its own, ready to be appended to the load's frame. */
export interface PartResult {
  /** Null when the part held more events than the request's `maxEvents` (it stopped there). */
  outcome: ReadOutcome | null;
  rows: FrameRows;
  /** The first {@link MAX_LISTED_PROBLEMS} problems, numbered from the part's first line. */
  problems: LineProblem[];
  problemCount: number;
  ignoredCount: number;
  ignoredReasons: [string, number][];
}

/** Reads the second range of a capture into a new frame. */
export async function readPart(request: PartRequest, onProgress: (progress: PartProgress) => void, signal?: AbortSignal): Promise<PartResult> {
  const { part, inflated } = request;
  const frame = emptyFrame(estimateRowsOfBytes(inflated === undefined ? part.size : inflated.bytes - inflated.cut));
  frame.utcOffsetMinutes = request.utcOffsetMinutes;
  const budget = new AbortController();
  const problems: LineProblem[] = [];
  const sink: FrameSink = new FrameSink(frame, {
    sourceCode: frame.sources.code(request.name),
    label: request.label,
    maxEvents: request.maxEvents,
    budget,
    problems,
    lineOffset: 0,
    onBytes: (bytesRead) => onProgress({ bytesRead, events: sink.events, problems: sink.problemCount }),
  });
  const tail = inflated === undefined ? null : inflateHeadToPort(part, inflated.cut, inflated.port);
  const source: CaptureSource =
    tail === null
      ? { name: request.name, size: part.size, stream: () => part.stream(), slice: (start, end) => part.slice(start, end) }
      : { name: request.name, size: part.size, stream: () => tail.stream };
  const outcome = await readRange(source, sink, budget, { continuation: request.continuation, ...(signal === undefined ? {} : { signal }) });
  // One pass words a gzip error its own way: the caller reads the file again rather than keep this part.
  if (tail !== null && tail.failure !== null) throw new Error(`${request.name}: inflating failed (${tail.failure})`);
  return {
    outcome,
    rows: frameRows(frame),
    problems,
    problemCount: sink.problemCount,
    ignoredCount: sink.ignoredCount,
    ignoredReasons: [...sink.ignoredReasons],
  };
}

/** Reads a part somewhere (a parse worker in the browser, this thread in tests). */
export type PartReader = (request: PartRequest, onProgress: (progress: PartProgress) => void, signal: AbortSignal) => Promise<PartResult>;
