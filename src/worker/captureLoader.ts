import { DEFAULT_MAX_EVENTS } from '../pipeline/budget';
import { resolveParents } from '../enrich/parents';
import { Label, appendFrameRows, columnBytes, emptyFrame, refreshCasings, setCapacity, type EventFrame, type LabelCode } from '../frame/frame';
import { NO_FILTER, aggregate, filterMask } from '../frame/query';
import type { CaptureSource, LineProblem, ReadOutcome } from '../ingest/types';
import { assertNever } from '../lib/assertNever';
import {
  FrameSink,
  MAX_LISTED_PROBLEMS,
  SPLIT_MIN_BYTES,
  estimateRowsOfBytes,
  planSplit,
  readRange,
  type FromParseWorker,
  type PartProgress,
  type PartReader,
  type PartResult,
  type ToParseWorker,
} from './parallelLoad';
import type { CaptureSummary, LoadedFile, LoadLabel, LoadOutcome } from '../pipeline/captureSummary';

export type { LoadOutcome };

export { MAX_LISTED_PROBLEMS } from './parallelLoad';

export const labelCode = (label: LoadLabel): LabelCode =>
  label === 'known-good' ? Label.KnownGood : label === 'known-bad' ? Label.KnownBad : Label.Unlabelled;

export interface LoadProgressReport {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  events: number;
  problems: number;
}

export { DEFAULT_MAX_EVENTS };

export interface LoadOptions {
  label: LoadLabel;
  /** Memory budget in rows; reaching it ends the load early, keeping what was read. */
  maxEvents?: number;
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgressReport) => void;
  /** Rows appended before this load (append mode) are kept; a cancelled append truncates back. */
  into?: EventFrame;
  /** Time zone of hour and weekday for a new frame (minutes east of UTC). */
  utcOffsetMinutes?: number;
  /**
   * Reads the second half of a large JSON Lines file while this thread reads the first; null
   * reads every file whole here. Default: a parse worker where workers exist, else null.
   */
  partReader?: PartReader | null;
  /** Size from which a JSON Lines file is read as two halves at once (default {@link SPLIT_MIN_BYTES}). */
  splitMinBytes?: number;
}

/** Reads a part in a nested parse worker, terminated once it answers or when `signal` aborts. */
export const readPartInWorker: PartReader = (request, onProgress, signal) =>
  new Promise<PartResult>((resolve, reject) => {
    signal.throwIfAborted();
    const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
    const finish = (): void => {
      worker.terminate();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (message: MessageEvent<FromParseWorker>) => {
      const data = message.data;
      switch (data.type) {
        case 'progress':
          onProgress(data.progress);
          return;
        case 'done':
          finish();
          resolve(data.result);
          return;
        case 'failed':
          finish();
          reject(new Error(data.message));
          return;
        default:
          assertNever(data, 'parse worker message');
      }
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      finish();
      reject(new Error(event.message || 'the parse worker could not start'));
    };
    worker.postMessage({ type: 'read', request } satisfies ToParseWorker);
  });

/** Tells readSource to read the file whole: its halves cannot stand for one pass over it. */
const READ_WHOLE = Symbol('read whole');

/** What one loadSources call shares between its sources and their ranges. */
class LoadRun {
  readonly problems: LineProblem[] = [];
  problemCount = 0;
  ignoredCount = 0;
  bytesBefore = 0;
  readonly budget = new AbortController();
  readonly label: LabelCode;
  readonly maxEvents: number;
  readonly bytesTotal: number;
  readonly signal: AbortSignal | undefined;

  constructor(
    readonly frame: EventFrame,
    readonly firstNewRow: number,
    sources: readonly CaptureSource[],
    private readonly options: LoadOptions,
  ) {
    this.label = labelCode(options.label);
    this.maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    this.bytesTotal = sources.reduce((sum, s) => sum + s.size, 0);
    this.signal = options.signal;
  }

  /** Reports progress: `bytesRead` of the current file, plus what a parse worker has read but not yet handed over. */
  report(file: string, bytesRead: number, pendingEvents = 0, pendingProblems = 0): void {
    this.options.onProgress?.({
      file,
      bytesRead: this.bytesBefore + bytesRead,
      bytesTotal: this.bytesTotal,
      events: this.frame.length - this.firstNewRow + pendingEvents,
      problems: this.problemCount + pendingProblems,
    });
  }

  sink(sourceCode: number, lineOffset: number, onBytes: (bytesRead: number) => void): FrameSink {
    return new FrameSink(this.frame, {
      sourceCode,
      label: this.label,
      maxEvents: this.maxEvents,
      budget: this.budget,
      problems: this.problems,
      lineOffset,
      onBytes,
    });
  }

  /** Adds what a finished range counted to the load and its file. */
  tally(sink: FrameSink, file: LoadedFile, reasons: Map<string, number>): void {
    this.problemCount += sink.problemCount;
    this.ignoredCount += sink.ignoredCount;
    file.events += sink.events;
    file.problems += sink.problemCount;
    file.ignored += sink.ignoredCount;
    for (const [reason, count] of sink.ignoredReasons) reasons.set(reason, (reasons.get(reason) ?? 0) + count);
  }

  /** Adds a part read elsewhere, whose rows were appended, its lines numbered after `lineOffset`. */
  tallyPart(part: PartResult, lineOffset: number, file: LoadedFile, reasons: Map<string, number>): void {
    for (const problem of part.problems) {
      if (this.problems.length >= MAX_LISTED_PROBLEMS) break;
      this.problems.push({ ...problem, line: problem.line + lineOffset });
    }
    this.problemCount += part.problemCount;
    this.ignoredCount += part.ignoredCount;
    file.events += part.rows.length;
    file.problems += part.problemCount;
    file.ignored += part.ignoredCount;
    for (const [reason, count] of part.ignoredReasons) reasons.set(reason, (reasons.get(reason) ?? 0) + count);
  }

  /** Where the load stands, to go back to. */
  mark(): { rows: number; listed: number; problemCount: number; ignoredCount: number } {
    return { rows: this.frame.length, listed: this.problems.length, problemCount: this.problemCount, ignoredCount: this.ignoredCount };
  }

  /** Forgets what was read of `file` since `mark` (its dictionary entries stay, unused). */
  rewind(mark: ReturnType<LoadRun['mark']>, file: LoadedFile, reasons: Map<string, number>): void {
    this.frame.length = mark.rows;
    this.problems.length = mark.listed;
    this.problemCount = mark.problemCount;
    this.ignoredCount = mark.ignoredCount;
    file.events = 0;
    file.problems = 0;
    file.ignored = 0;
    reasons.clear();
  }

  get partReader(): PartReader | null {
    if (this.options.partReader !== undefined) return this.options.partReader;
    return typeof Worker === 'function' ? readPartInWorker : null;
  }

  get splitMinBytes(): number {
    return this.options.splitMinBytes ?? SPLIT_MIN_BYTES;
  }
}

function rangeSource(name: string, blob: Blob): CaptureSource {
  return { name, size: blob.size, stream: () => blob.stream(), slice: (start, end) => blob.slice(start, end) };
}

/**
 * Reads one source into the run's frame: a large JSON Lines file as two halves at once (when a
 * part reader is at hand), anything else whole. Resolves null when the memory budget stopped it.
 */
async function readSource(run: LoadRun, source: CaptureSource, file: LoadedFile, reasons: Map<string, number>): Promise<ReadOutcome | null> {
  const sourceCode = run.frame.sources.code(source.name);
  const partReader = run.partReader;
  const cut = partReader === null ? null : await planSplit(source, run.splitMinBytes);
  if (partReader !== null && cut !== null && source.slice !== undefined) {
    const mark = run.mark();
    const first = rangeSource(source.name, source.slice(0, cut));
    const second = source.slice(cut, source.size);
    const outcome = await readHalves(run, { first, second, sourceCode, file, reasons }, partReader);
    if (outcome !== READ_WHOLE) return outcome;
    run.rewind(mark, file, reasons);
  }
  const sink: FrameSink = run.sink(sourceCode, 0, (bytesRead) => run.report(source.name, bytesRead, 0, sink.problemCount));
  const outcome = await readRange(source, sink, run.budget, run.signal === undefined ? {} : { signal: run.signal });
  run.tally(sink, file, reasons);
  return outcome;
}

interface Halves {
  /** From the file's start to a line start. */
  first: CaptureSource;
  /** From that line start to the end. */
  second: Blob;
  sourceCode: number;
  file: LoadedFile;
  reasons: Map<string, number>;
}

/**
 * Reads the first half here while `partReader` reads the second, then appends the second's rows
 * (problem lines shifted by the first half's lines). The result equals one pass over the file;
 * where it would not (a half without ETW rows), it says READ_WHOLE. A part that failed, or that
 * does not fit the memory budget, is read here after the first half, as one pass would go on.
 */
async function readHalves(run: LoadRun, halves: Halves, partReader: PartReader): Promise<ReadOutcome | null | typeof READ_WHOLE> {
  const { first, second, sourceCode, file, reasons } = halves;
  const signal = run.signal;
  const stopPart = new AbortController();
  let firstBytes = 0;
  let part: PartProgress = { bytesRead: 0, events: 0, problems: 0 };
  let isHeadTallied = false;
  const report = (): void => run.report(file.name, firstBytes + part.bytesRead, part.events, (isHeadTallied ? 0 : head.problemCount) + part.problems);
  const head: FrameSink = run.sink(sourceCode, 0, (bytesRead) => {
    firstBytes = bytesRead;
    report();
  });
  const pending = partReader(
    { part: second, name: file.name, label: run.label, utcOffsetMinutes: run.frame.utcOffsetMinutes, maxEvents: run.maxEvents - run.frame.length },
    (progress) => {
      part = progress;
      report();
    },
    signal === undefined ? stopPart.signal : AbortSignal.any([signal, stopPart.signal]),
  );
  // Awaited only after the first half, so a rejection must not count as unhandled meanwhile. A
  // part reader that failed (no worker could start) leaves its half to this thread.
  const settled = pending.then(
    (result): PartResult | null => result,
    (): PartResult | null => null,
  );
  try {
    const outcome = await readRange(first, head, run.budget, signal === undefined ? {} : { signal });
    run.tally(head, file, reasons);
    isHeadTallied = true;
    if (outcome === null) return null;
    if (outcome.fatal !== null || outcome.lines === undefined) return READ_WHOLE;
    const lines = outcome.lines;
    const result = await settled;
    signal?.throwIfAborted();
    if (result !== null && result.outcome !== null && run.frame.length + result.rows.length <= run.maxEvents) {
      if (result.outcome.fatal !== null) return READ_WHOLE;
      appendFrameRows(run.frame, result.rows);
      run.tallyPart(result, lines, file, reasons);
      return outcome;
    }
    stopPart.abort();
    const tail: FrameSink = run.sink(sourceCode, lines, (bytesRead) => run.report(file.name, first.size + bytesRead, 0, tail.problemCount));
    const rest = await readRange(rangeSource(file.name, second), tail, run.budget, { isContinuation: true, ...(signal === undefined ? {} : { signal }) });
    run.tally(tail, file, reasons);
    if (rest === null) return null;
    return rest.fatal === null ? outcome : READ_WHOLE;
  } finally {
    stopPart.abort();
  }
}

/**
 * Streams every source into one frame (a new one, or `into`), then resolves parents. Throws the
 * signal's reason when cancelled, after undoing any rows it appended to `into`.
 */
export async function loadSources(sources: readonly CaptureSource[], options: LoadOptions): Promise<LoadOutcome> {
  const started = performance.now();
  const frame = options.into ?? emptyFrame(estimateRows(sources));
  if (!options.into) frame.utcOffsetMinutes = options.utcOffsetMinutes ?? 0;
  const firstNewRow = frame.length;
  const run = new LoadRun(frame, firstNewRow, sources, options);
  const files: LoadedFile[] = [];
  let truncated: string | null = null;
  try {
    for (const source of sources) {
      const file: LoadedFile = { name: source.name, bytes: source.size, format: null, isGzip: false, events: 0, problems: 0, ignored: 0, fatal: null };
      files.push(file);
      const reasons = new Map<string, number>();
      const outcome = await readSource(run, source, file, reasons);
      if (outcome === null) {
        truncated =
          `Stopped at ${run.maxEvents.toLocaleString('en-US')} events, the memory budget of this tab, while reading ${source.name}: ` +
          'the events read so far are kept. To analyse the rest, load fewer days or hosts at a time, or filter the capture to process starts (event 1) first.';
        break;
      }
      file.format = outcome.format;
      file.isGzip = outcome.isGzip;
      file.fatal = outcome.fatal;
      if (outcome.note !== undefined) file.note = outcome.note;
      if (reasons.size > 0) file.ignoredReasons = topReasons(reasons);
      run.bytesBefore += source.size;
      run.report(source.name, 0);
    }
  } catch (error) {
    frame.length = firstNewRow;
    throw error;
  }
  setCapacity(frame, frame.length);
  const parents = resolveParents(frame, firstNewRow);
  refreshCasings(frame);
  return {
    frame,
    files,
    problems: run.problems,
    problemCount: run.problemCount,
    ignoredCount: run.ignoredCount,
    parents,
    seconds: (performance.now() - started) / 1000,
    truncated,
  };
}

/** The most frequent ignored reasons of a file, ties by text. */
function topReasons(counts: ReadonlyMap<string, number>): { reason: string; count: number }[] {
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .slice(0, 10);
}

/** Rough rows for the first allocation: ~700 bytes per JSON row. */
function estimateRows(sources: readonly CaptureSource[]): number {
  return estimateRowsOfBytes(sources.reduce((sum, s) => sum + s.size, 0));
}

/** The Load section's summary of a frame. */
export function summarise(
  frame: EventFrame,
  load: Pick<LoadOutcome, 'files' | 'problems' | 'problemCount' | 'ignoredCount' | 'parents' | 'seconds' | 'truncated'>,
  version: number,
): CaptureSummary {
  const all = aggregate(frame, filterMask(frame, NO_FILTER), 0);
  let syntheticCount = 0;
  for (let row = 0; row < frame.length; row++) syntheticCount += frame.synthetic[row] ?? 0;
  return {
    events: frame.length,
    eventIdCounts: all.eventIdCounts,
    files: load.files,
    problems: load.problems,
    problemCount: load.problemCount,
    ignoredCount: load.ignoredCount,
    timeRange: all.timeRange,
    hosts: all.hosts.map((h) => h.value),
    uniqueNames: all.uniqueNames,
    uniqueFolders: all.uniqueFolders,
    parents: load.parents,
    labelCounts: all.byLabel,
    syntheticCount,
    columnBytes: columnBytes(frame),
    seconds: load.seconds,
    truncated: load.truncated,
    version,
  };
}
