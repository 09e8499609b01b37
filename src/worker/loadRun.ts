/**
 * What one load shares between its sources and their byte ranges: the frame it writes, the
 * budget, the problems and counts, and progress reports.
 */
import { DEFAULT_MAX_EVENTS } from '../pipeline/budget';
import { Label, type EventFrame, type LabelCode } from '../frame/frame';
import type { CaptureSource, LineProblem } from '../ingest/types';
import { FrameSink, MAX_LISTED_PROBLEMS, SPLIT_MIN_BYTES, type PartReader, type PartResult } from './parallelLoad';
import type { LoadedFile, LoadLabel } from '../pipeline/captureSummary';
import type { Inflater } from './inflatePort';

const labelCode = (label: LoadLabel): LabelCode => (label === 'known-good' ? Label.KnownGood : label === 'known-bad' ? Label.KnownBad : Label.Unlabelled);

export interface LoadProgressReport {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  events: number;
  problems: number;
}

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
   * Reads the second half of a large JSON Lines, CSV or JSON array file while this thread reads
   * the first; null (the default) reads every file whole here. DataSession gives its ParseWorkers' reader.
   */
  partReader?: PartReader | null;
  /**
   * Inflates a large gzip file while this thread parses what it inflated; null (the default)
   * inflates here. DataSession gives its ParseWorkers' inflater.
   */
  inflater?: Inflater | null;
  /** Size from which a text file is read on two cores (default {@link SPLIT_MIN_BYTES}, an eighth of it for gzip). */
  splitMinBytes?: number;
}

/** What one loadSources call shares between its sources and their ranges. */
export class LoadRun {
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
    return this.options.partReader ?? null;
  }

  get inflater(): Inflater | null {
    return this.options.inflater ?? null;
  }

  get splitMinBytes(): number {
    return this.options.splitMinBytes ?? SPLIT_MIN_BYTES;
  }
}

/** A blob as a capture source readable by ranges. */
export function rangeSource(name: string, blob: Blob): CaptureSource {
  return { name, size: blob.size, stream: () => blob.stream(), slice: (start, end) => blob.slice(start, end) };
}
