import { resolveParents, type ParentResolution } from '../enrich/parents';
import { Label, appendEvent, columnBytes, emptyFrame, refreshCasings, setCapacity, type EventFrame, type LabelCode } from '../frame/frame';
import { NO_FILTER, aggregate, filterMask } from '../frame/query';
import { readCapture } from '../ingest/readCapture';
import type { CaptureSource, LineProblem, NormalizedEvent } from '../ingest/types';
import type { CaptureSummary, LoadedFile, LoadLabel } from './protocol';

/** Problems kept for display; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 100;

export const labelCode = (label: LoadLabel): LabelCode =>
  label === 'known-good' ? Label.KnownGood : label === 'known-bad' ? Label.KnownBad : Label.Unlabelled;

export interface LoadProgressReport {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  events: number;
  problems: number;
}

/**
 * Rows a frame may hold before a load stops with a message instead of exhausting the tab: ~45
 * bytes a row in columns plus growth headroom keeps this near 1.5 GB, under a worker's heap.
 */
export const DEFAULT_MAX_EVENTS = 25_000_000;

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
}

export interface LoadOutcome {
  frame: EventFrame;
  files: LoadedFile[];
  problems: LineProblem[];
  problemCount: number;
  ignoredCount: number;
  parents: ParentResolution;
  seconds: number;
  /** Set when the memory budget ended the load early: what was kept and how to continue. */
  truncated: string | null;
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
  const label = labelCode(options.label);
  const problems: LineProblem[] = [];
  const files: LoadedFile[] = [];
  let problemCount = 0;
  let ignoredCount = 0;
  const bytesTotal = sources.reduce((sum, s) => sum + s.size, 0);
  let bytesBefore = 0;
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const budget = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, budget.signal]) : budget.signal;
  let truncated: string | null = null;
  try {
    for (const source of sources) {
      const sourceCode = frame.sources.code(source.name);
      const file: LoadedFile = { name: source.name, bytes: source.size, format: null, isGzip: false, events: 0, problems: 0, ignored: 0, fatal: null };
      files.push(file);
      const ignoredReasons = new Map<string, number>();
      let lastHost: string | null = null;
      let lastHostCode = 0;
      const context = { hostCode: 0, sourceCode, label, isSynthetic: false };
      const report = (bytesRead: number): void =>
        options.onProgress?.({ file: source.name, bytesRead: bytesBefore + bytesRead, bytesTotal, events: frame.length - firstNewRow, problems: problemCount });
      const outcome = await readCapture(
        source,
        {
          event(event: NormalizedEvent): void {
            const host = event.host ?? 'unknown';
            if (host !== lastHost) {
              lastHost = host;
              lastHostCode = frame.hosts.code(host);
            }
            context.hostCode = lastHostCode;
            if (frame.length >= maxEvents) {
              if (!budget.signal.aborted) budget.abort(new DOMException('memory budget reached', 'QuotaExceededError'));
              return;
            }
            appendEvent(frame, event, context);
            file.events++;
          },
          problem(problem: LineProblem): void {
            problemCount++;
            file.problems++;
            if (problems.length < MAX_LISTED_PROBLEMS) problems.push(problem);
          },
          ignored(reason: string): void {
            ignoredCount++;
            file.ignored++;
            ignoredReasons.set(reason, (ignoredReasons.get(reason) ?? 0) + 1);
          },
          progress: report,
        },
        { signal },
      ).catch((error: unknown) => {
        if (!budget.signal.aborted || options.signal?.aborted) throw error;
        return null;
      });
      if (outcome === null) {
        truncated =
          `Stopped at ${maxEvents.toLocaleString('en-US')} events, the memory budget of this tab, while reading ${source.name}: ` +
          'the events read so far are kept. To analyse the rest, load fewer days or hosts at a time, or filter the capture to process starts (event 1) first.';
        break;
      }
      file.format = outcome.format;
      file.isGzip = outcome.isGzip;
      file.fatal = outcome.fatal;
      if (outcome.note !== undefined) file.note = outcome.note;
      if (ignoredReasons.size > 0) file.ignoredReasons = topReasons(ignoredReasons);
      bytesBefore += source.size;
      report(0);
    }
  } catch (error) {
    frame.length = firstNewRow;
    throw error;
  }
  setCapacity(frame, frame.length);
  const parents = resolveParents(frame, firstNewRow);
  refreshCasings(frame);
  return { frame, files, problems, problemCount, ignoredCount, parents, seconds: (performance.now() - started) / 1000, truncated };
}

/** The most frequent ignored reasons of a file, ties by text. */
function topReasons(counts: ReadonlyMap<string, number>): { reason: string; count: number }[] {
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .slice(0, 10);
}

/** Rough rows for the first allocation: ~700 bytes per JSON row; gzip ~10x. */
function estimateRows(sources: readonly CaptureSource[]): number {
  const bytes = sources.reduce((sum, s) => sum + s.size, 0);
  return Math.min(Math.max(1024, Math.ceil(bytes / 700)), 4_000_000);
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
