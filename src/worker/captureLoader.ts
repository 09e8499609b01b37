/**
 * Loading captures into a frame: every source in turn, a large file on two cores (JSON Lines,
 * CSV and JSON arrays as two halves read at once, gzip JSON Lines and CSV as two halves of
 * their inflated bytes, inflated once in the parse worker, other gzip inflated in a parse
 * worker while this thread parses), then
 * parents resolved. The shared state of one load is
 * in loadRun.ts, the parse worker's plumbing in partWorker.ts, the summary in loadSummary.ts.
 */
import { resolveParents } from '../enrich/parents';
import { appendFrameRows, capacityOf, emptyFrame, refreshCasings, setCapacity } from '../frame/frame';
import type { CaptureSource, ReadOutcome } from '../ingest/types';
import {
  FrameSink,
  estimateRowsOfBytes,
  planSplit,
  readRange,
  type Continuation,
  type PartProgress,
  type PartReader,
  type PartRequest,
  type PartResult,
  type SplitPlan,
} from './parallelLoad';
import { HEAD_CHUNKS_AHEAD, inflatedSide, inflatedSource, type Inflater } from './inflatePort';
import { isGzipMagic } from '../ingest/textCapture';
import type { LoadedFile, LoadOutcome } from '../pipeline/captureSummary';
import { LoadRun, rangeSource, type LoadOptions } from './loadRun';
import { isParquetSource, readCaptureParquet, type ParquetCaptureSource } from '../formats/parquetCaptureReader';

/** Tells readSource to read the file whole: its halves cannot stand for one pass over it. */
const READ_WHOLE = Symbol('read whole');

/**
 * Reads one source into the run's frame: a large text file on two cores (when a parse worker is
 * at hand), anything else whole. Resolves null when the memory budget stopped it.
 */
async function readSource(run: LoadRun, source: CaptureSource, file: LoadedFile, reasons: Map<string, number>): Promise<ReadOutcome | null> {
  const ranged = byteRanges(source);
  if (ranged !== null && (await isParquetSource(ranged))) return readParquetSource(run, ranged, file, reasons);
  const sourceCode = run.frame.sources.code(source.name);
  const outcome = await readOnTwoCores(run, source, { sourceCode, file, reasons });
  if (outcome !== READ_WHOLE) return outcome;
  const sink: FrameSink = run.sink(sourceCode, 0, (bytesRead) => run.report(source.name, bytesRead, 0, sink.problemCount));
  const whole = await readRange(source, sink, run.budget, run.signal === undefined ? {} : { signal: run.signal });
  run.tally(sink, file, reasons);
  return whole;
}

/** The source as a Parquet reader needs it (read by byte ranges), or null when it is a stream only. */
function byteRanges(source: CaptureSource): ParquetCaptureSource | null {
  const slice = source.slice?.bind(source);
  return slice === undefined ? null : { name: source.name, size: source.size, slice };
}

/**
 * Reads a capture Parquet file a row group at a time. Rows keep their `label` column (else they
 * get the load's label). Past the memory budget the rows beyond it are dropped and the load stops
 * there, as for text captures (the budget is checked after the file: a row group is the unit).
 */
async function readParquetSource(run: LoadRun, source: ParquetCaptureSource, file: LoadedFile, reasons: Map<string, number>): Promise<ReadOutcome | null> {
  const outcome = await readCaptureParquet(source, run.frame, {
    label: run.label,
    ...(run.signal === undefined ? {} : { signal: run.signal }),
    onProgress: (rowsRead, totalRows) => run.report(source.name, totalRows === 0 ? source.size : Math.round((source.size * rowsRead) / totalRows)),
  });
  file.events += outcome.events;
  file.ignored += outcome.ignored;
  run.ignoredCount += outcome.ignored;
  if (outcome.ignored > 0) reasons.set('event ids other than 1, 2, 5 and 6', outcome.ignored);
  if (run.frame.length > run.maxEvents) {
    file.events -= run.frame.length - run.maxEvents;
    run.frame.length = run.maxEvents;
    return null;
  }
  return { format: 'parquet', isGzip: false, rows: outcome.rows, fatal: outcome.fatal };
}

/** Where a source's rows go. */
interface Target {
  sourceCode: number;
  file: LoadedFile;
  reasons: Map<string, number>;
}

/** Reads a source on two cores as {@link planSplit} says, or says READ_WHOLE (having undone anything it read). */
async function readOnTwoCores(run: LoadRun, source: CaptureSource, target: Target): Promise<ReadOutcome | null | typeof READ_WHOLE> {
  const partReader = run.partReader;
  const inflater = run.inflater;
  if ((partReader === null && inflater === null) || source.slice === undefined) return READ_WHOLE;
  const plan = await planSplit(source, run.splitMinBytes);
  if (plan === null) return READ_WHOLE;
  const mark = run.mark();
  let outcome: ReadOutcome | null | typeof READ_WHOLE = READ_WHOLE;
  if (plan.kind === 'inflate' && inflater !== null) {
    outcome = await readInflated(run, source.slice(0, source.size), target, inflater);
  } else if (plan.kind === 'ranges' && partReader !== null) {
    const first = rangeSource(source.name, source.slice(0, plan.cut));
    const second = source.slice(plan.cut, source.size);
    outcome = await readHalves(
      run,
      { first, part: { part: second }, rest: () => rangeSource(source.name, second), continuation: plan.continuation, ...target },
      partReader,
    );
  } else if (plan.kind === 'gzip-ranges' && partReader !== null) {
    outcome = await readGzipHalves(run, source.slice(0, source.size), plan, target, partReader);
  } else if (plan.kind === 'gzip-ranges' && inflater !== null) {
    outcome = await readInflated(run, source.slice(0, source.size), target, inflater);
  }
  if (outcome === READ_WHOLE) run.rewind(mark, target.file, target.reasons);
  return outcome;
}

/**
 * Parses a gzip file here while `inflater` inflates it elsewhere. Progress counts compressed
 * bytes. Where the result could differ from one pass (inflating failed, so one pass would word
 * the error its own way; gzip inside gzip, which one pass takes for binary), says READ_WHOLE.
 */
async function readInflated(run: LoadRun, gzip: Blob, target: Target, inflater: Inflater): Promise<ReadOutcome | null | typeof READ_WHOLE> {
  const { sourceCode, file, reasons } = target;
  const signal = run.signal;
  const stop = new AbortController();
  const channel = new MessageChannel();
  const inflated = inflatedSource(file.name, gzip.size, channel.port1);
  const sink: FrameSink = run.sink(sourceCode, 0, () => run.report(file.name, inflated.compressedBytes, 0, sink.problemCount));
  inflater({ file: gzip, port: channel.port2 }, signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal])).catch((error: unknown) =>
    inflated.fail(error instanceof Error ? error.message : String(error)),
  );
  try {
    // One pass takes inflated gzip magic for binary; asked before anything is read, so nothing is undone.
    if (isGzipMagic((await inflated.peek()) ?? new Uint8Array())) return READ_WHOLE;
    const outcome = await readRange(inflated.source, sink, run.budget, signal === undefined ? {} : { signal });
    run.tally(sink, file, reasons);
    if (outcome === null) return null;
    if (inflated.failure !== null) return READ_WHOLE;
    run.report(file.name, gzip.size, 0, 0);
    return { ...outcome, isGzip: true };
  } finally {
    stop.abort();
    channel.port1.close();
  }
}

interface Halves extends Target {
  /** From the file's start to a row start. */
  first: CaptureSource;
  /** What the part reader is sent: from that row start to the end (or how to find it in a gzip file). */
  part: Pick<PartRequest, 'part' | 'inflated'>;
  /** The same rows as a source to read here, when the part reader could not. */
  rest: () => CaptureSource;
  /** How to read the second. */
  continuation: Continuation;
  /** Source bytes (of the file) per byte the halves read: below 1 for the inflated bytes of a gzip file. */
  bytesScale?: number;
}

/**
 * Reads a gzip file of JSON Lines or CSV as two ranges of its inflated bytes: `partReader`
 * inflates the file once, sending the head here and parsing the tail itself (see
 * inflateHeadToPort), while this thread parses the head as it arrives. Where the result could
 * differ from one pass (inflating failed, which one pass words its own way), says READ_WHOLE.
 */
async function readGzipHalves(
  run: LoadRun,
  gzip: Blob,
  plan: Extract<SplitPlan, { kind: 'gzip-ranges' }>,
  target: Target,
  partReader: PartReader,
): Promise<ReadOutcome | null | typeof READ_WHOLE> {
  const name = target.file.name;
  const channel = new MessageChannel();
  const head = inflatedSource(name, gzip.size, channel.port1, HEAD_CHUNKS_AHEAD);
  const sides: { readonly failure: string | null }[] = [head];
  // The tail read here only when the part reader could not: inflating the file again.
  const rest = (): CaptureSource => {
    const tail = inflatedSide(gzip, plan.inflatedCut, 'tail');
    sides.push(tail);
    return { name, size: gzip.size, stream: () => tail.stream };
  };
  const halves: Halves = {
    first: head.source,
    part: { part: gzip, inflated: { cut: plan.inflatedCut, bytes: plan.inflatedBytes, port: channel.port2 } },
    rest,
    continuation: plan.continuation,
    bytesScale: gzip.size / plan.inflatedBytes,
    ...target,
  };
  // A part reader that failed before sending the whole head (no worker, inflating stopped) must not leave the head waiting.
  const sending: PartReader = (request, onProgress, signal) => {
    const pending = partReader(request, onProgress, signal);
    pending.catch((error: unknown) => head.fail(error instanceof Error ? error.message : String(error)));
    return pending;
  };
  try {
    const outcome = await readHalves(run, halves, sending);
    if (outcome === null || outcome === READ_WHOLE) return outcome;
    return sides.every((side) => side.failure === null) ? { ...outcome, isGzip: true } : READ_WHOLE;
  } catch (error) {
    // A stream that failed to inflate where one pass would have said so its own way; a cancel is passed on.
    run.signal?.throwIfAborted();
    if (run.budget.signal.aborted) throw error;
    return READ_WHOLE;
  } finally {
    channel.port1.close();
  }
}

/**
 * Reads the first half here while `partReader` reads the second, then appends the second's rows
 * (problem lines shifted by the first half's lines). The result equals one pass over the file;
 * where it would not (a half without ETW rows), it says READ_WHOLE. A part that failed, or that
 * does not fit the memory budget, is read here after the first half, as one pass would go on.
 */
async function readHalves(run: LoadRun, halves: Halves, partReader: PartReader): Promise<ReadOutcome | null | typeof READ_WHOLE> {
  const { first, continuation, sourceCode, file, reasons } = halves;
  const signal = run.signal;
  const stopPart = new AbortController();
  const scale = halves.bytesScale ?? 1;
  let firstBytes = 0;
  let part: PartProgress = { bytesRead: 0, events: 0, problems: 0 };
  let isHeadTallied = false;
  const report = (): void =>
    run.report(file.name, Math.round((firstBytes + part.bytesRead) * scale), part.events, (isHeadTallied ? 0 : head.problemCount) + part.problems);
  const head: FrameSink = run.sink(sourceCode, 0, (bytesRead) => {
    firstBytes = bytesRead;
    report();
  });
  const pending = partReader(
    {
      ...halves.part,
      continuation,
      name: file.name,
      label: run.label,
      utcOffsetMinutes: run.frame.utcOffsetMinutes,
      maxEvents: run.maxEvents - run.frame.length,
    },
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
    // A cut inside a row (a quoted CSV cell, a JSON value) shows as a first half that ends in one.
    if (outcome.fatal !== null || outcome.lines === undefined || outcome.endsBetweenRows !== true) return READ_WHOLE;
    const lines = outcome.lines;
    const result = await settled;
    signal?.throwIfAborted();
    if (result !== null && result.outcome !== null && run.frame.length + result.rows.length <= run.maxEvents) {
      if (result.outcome.fatal !== null) return READ_WHOLE;
      // Sized to the final rows before the append: this copies the first half's columns, not the whole frame's after it.
      if (run.frame.length + result.rows.length < capacityOf(run.frame)) setCapacity(run.frame, run.frame.length + result.rows.length);
      appendFrameRows(run.frame, result.rows);
      run.tallyPart(result, lines, file, reasons);
      return outcome;
    }
    stopPart.abort();
    const tail: FrameSink = run.sink(sourceCode, lines, (bytesRead) =>
      run.report(file.name, Math.round((firstBytes + bytesRead) * scale), 0, tail.problemCount),
    );
    const rest = await readRange(halves.rest(), tail, run.budget, { continuation, ...(signal === undefined ? {} : { signal }) });
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
  // Trimmed to its rows, unless it already holds exactly them (a file read on two cores).
  if (capacityOf(frame) !== frame.length) setCapacity(frame, frame.length);
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
