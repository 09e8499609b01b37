import { emptyFrame, setTimeZone, type EventFrame } from '../frame/frame';
import { UTC_ZONE } from '../lib/timeZone';
import { aggregate, filterMask, keptRows, viewRow, type FrameFilter } from '../frame/query';
import { imageLoadFilter, summariseImageLoads } from '../pipeline/imageLoadsSummary';
import { loadSources } from './captureLoader';
import { summarise } from './loadSummary';
import type { LoadOutcome } from '../pipeline/captureSummary';
import { buildExampleTable, selectRows } from '../pipeline/examples';
import { captureCompleteness, rowsInHourRanges, type CompletenessReport } from '../enrich/completeness';
import {
  KnownBadState,
  balanceFrame,
  exportGenerated,
  generateIntoFrame,
  importIocList,
  knownBadSummary,
  removeGenerated,
  type KnownBadSummary,
} from '../pipeline/knownBadState';
import type { CaptureSummary, DataRequestMap, FromDataWorker, KnownBadResult } from './protocol';
import { captureParquetBlob } from './parquetExport';
import { ParseWorkers } from './partWorker';
import { frameToSnapshot, knownBadToSnapshot, snapshotToFrame, snapshotToKnownBad, type CaptureSnapshot } from '../formats/captureSnapshot';

/** User-timing marks of a load in the data worker: the request taken up, the files read (frame whole, parents resolved), the summary made. */
export const LOAD_MARKS = { start: 'etwlab:load:start', read: 'etwlab:load:read', summary: 'etwlab:load:summary' } as const;

type LoadRecord = Pick<LoadOutcome, 'files' | 'problems' | 'problemCount' | 'ignoredCount' | 'parents' | 'seconds' | 'truncated'>;

/**
 * Everything the data worker holds: the current frame and what the last load reported.
 * Kept apart from the message plumbing so it can be tested in Node.
 */
export class DataSession {
  private frame: EventFrame = emptyFrame(0);
  /** The zone chosen for hours and weekdays; a new capture is read into it too. */
  private timeZone = UTC_ZONE;
  private lastLoad: LoadRecord | null = null;
  private version = 0;
  /** The last filter's mask, null when it keeps every row (no byte per event held for an unfiltered view). */
  private cachedMask: { filter: string; version: number; mask: Uint8Array | null } | null = null;
  private readonly knownBad = new KnownBadState();
  /** Row numbers a mask keeps; null rows when it keeps every row (no 4 bytes per event for the unfiltered table). */
  private cachedMatches: { filter: string; version: number; rows: Uint32Array | null; count: number } | null = null;
  /** A run's score per frame row (NaN where unscored), valid while the data version is `version`. */
  private scores: { runId: number; version: number; values: Float32Array } | null = null;
  private cachedCompleteness: { version: number; report: CompletenessReport } | null = null;

  /** Where a large file's second half is read: a parse worker started ahead; none where there are no workers (Node). */
  private readonly parseWorkers = typeof Worker === 'function' ? new ParseWorkers() : null;

  constructor(private readonly post: (message: FromDataWorker) => void) {
    // Started with the session, so the first load's second half finds its worker ready.
    this.parseWorkers?.warm();
  }

  async load(requestId: number, params: DataRequestMap['load']['params'], signal: AbortSignal): Promise<CaptureSummary> {
    const started = performance.now();
    // Phase marks, for a trace of a load (DevTools, the load bench's timeline): cheap, and kept by nothing.
    performance.mark(LOAD_MARKS.start);
    let lastPost = 0;
    const isAppend = params.mode === 'append' && this.lastLoad !== null;
    const parseWorkers = this.parseWorkers;
    // The next spare starts once this load has answered (a task after the reply), not while it parses.
    const warmAfter = (): void => void setTimeout(() => parseWorkers?.warm(), 0);
    const outcome = await loadSources(params.files, {
      label: params.label,
      signal,
      ...(parseWorkers === null ? {} : { partReader: parseWorkers.readPart, inflater: parseWorkers.inflate }),
      ...(params.maxEvents !== undefined ? { maxEvents: params.maxEvents } : {}),
      ...(isAppend ? { into: this.frame } : { utcOffsetMinutes: this.frame.utcOffsetMinutes }),
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastPost < 100 && progress.bytesRead < progress.bytesTotal) return;
        lastPost = now;
        this.post({ kind: 'event', type: 'loadProgress', requestId, ...progress, elapsedSeconds: (now - started) / 1000 });
      },
    }).finally(warmAfter);
    performance.mark(LOAD_MARKS.read);
    this.frame = outcome.frame;
    // A new frame is read in UTC (or the offset it was handed): move it to the chosen zone.
    if (this.frame.timeZone !== this.timeZone) setTimeZone(this.frame, this.timeZone);
    if (isAppend && this.lastLoad) {
      const previous = this.lastLoad;
      this.lastLoad = {
        files: [...previous.files, ...outcome.files],
        problems: [...previous.problems, ...outcome.problems].slice(0, 100),
        problemCount: previous.problemCount + outcome.problemCount,
        ignoredCount: previous.ignoredCount + outcome.ignoredCount,
        parents: outcome.parents,
        seconds: outcome.seconds,
        truncated: outcome.truncated,
      };
    } else {
      this.lastLoad = outcome;
      this.knownBad.generated = [];
      this.knownBad.counts = null;
      this.knownBad.iocs = null;
    }
    this.changed();
    const summary = this.requireSummary();
    performance.mark(LOAD_MARKS.summary);
    return summary;
  }

  private changed(): void {
    this.version++;
    // Scores belong to one data version; drop them rather than hold a stale copy of a column.
    this.scores = null;
    this.knownBad.invalidate();
  }

  private requireSummary(): CaptureSummary {
    const summary = this.summary();
    if (!summary) throw new Error('No capture is loaded: open a capture first.');
    return summary;
  }

  private knownBadResult(): KnownBadResult {
    return { knownBad: this.knownBadSummary(), capture: this.requireSummary() };
  }

  knownBadSummary(): KnownBadSummary {
    return knownBadSummary(this.frame, this.knownBad);
  }

  async importKnownBad(requestId: number, files: File[], signal: AbortSignal): Promise<KnownBadResult> {
    this.requireSummary();
    await this.load(requestId, { files, mode: 'append', label: 'known-bad' }, signal);
    return this.knownBadResult();
  }

  async importIocs(file: File, markCapture: boolean): Promise<KnownBadResult> {
    this.requireSummary();
    importIocList(this.frame, this.knownBad, file.name, await file.text(), markCapture);
    this.changed();
    return this.knownBadResult();
  }

  generateKnownBad(params: DataRequestMap['generateKnownBad']['params']): KnownBadResult {
    this.requireSummary();
    const { useIocs, ...settings } = params.settings;
    generateIntoFrame(this.frame, this.knownBad, { ...settings, iocs: useIocs ? (this.knownBad.iocs?.entries ?? []) : [] });
    this.changed();
    return this.knownBadResult();
  }

  clearGenerated(): KnownBadResult {
    removeGenerated(this.frame);
    this.knownBad.generated = [];
    this.knownBad.counts = null;
    this.changed();
    return this.knownBadResult();
  }

  balance(params: DataRequestMap['balance']['params']): KnownBadResult {
    this.requireSummary();
    balanceFrame(this.frame, this.knownBad, params.ratioBad, params.strategy, params.seed);
    return this.knownBadResult();
  }

  exportGenerated(): DataRequestMap['exportGenerated']['result'] {
    return { jsonl: exportGenerated(this.knownBad), events: this.knownBad.generated.length };
  }

  examples(params: DataRequestMap['examples']['params']): DataRequestMap['examples']['result'] {
    const frameRows =
      params.rows === 'labelled'
        ? selectRows(this.frame, {
            kind: 'labelled',
            eventIds: params.eventIds,
            balancedRows: params.useBalance ? (this.knownBad.balanced?.rows ?? null) : null,
          })
        : selectRows(this.frame, { kind: 'all', eventIds: params.eventIds });
    const { rows: kept, excluded } = params.excludeDamagedHours === true ? this.withoutDamagedHours(frameRows) : { rows: frameRows, excluded: 0 };
    const hostNames = this.frame.hosts.values.slice(0, this.frame.hosts.size);
    return { table: buildExampleTable(this.frame, kept, params.columns), frameRows: kept.slice(), version: this.version, hostNames, excluded };
  }

  /** `rows` without those in the damaged hours of the completeness report (a balanced selection may repeat rows: each is judged). */
  private withoutDamagedHours(rows: Uint32Array): { rows: Uint32Array; excluded: number } {
    const { mask } = rowsInHourRanges(this.frame, this.completenessReport().damaged);
    const kept = rows.filter((row) => mask[row] !== 1);
    return { rows: kept, excluded: rows.length - kept.length };
  }

  /** The completeness report of the current frame, computed once per data version. */
  private completenessReport(): CompletenessReport {
    if (this.cachedCompleteness?.version !== this.version) this.cachedCompleteness = { version: this.version, report: captureCompleteness(this.frame) };
    return this.cachedCompleteness.report;
  }

  /** The completeness report to post: the grid's arrays are copies, so transferring them leaves the cached report whole. */
  completeness(): CompletenessReport {
    this.requireSummary();
    const report = this.completenessReport();
    const { grid } = report;
    return { ...report, grid: { ...grid, events: grid.events.slice(), seenStarts: grid.seenStarts.slice(), missingStarts: grid.missingStarts.slice() } };
  }

  imageLoads(params: DataRequestMap['imageLoads']['params']): DataRequestMap['imageLoads']['result'] {
    const filter = imageLoadFilter(params.filter);
    return summariseImageLoads(this.frame, filterMask(this.frame, filter), params.topN);
  }

  rowsByIndex(rows: readonly number[]): DataRequestMap['rowsByIndex']['result'] {
    return rows.filter((row) => row >= 0 && row < this.frame.length).map((row) => viewRow(this.frame, row));
  }

  summary(): CaptureSummary | null {
    return this.lastLoad ? summarise(this.frame, this.lastLoad, this.version) : null;
  }

  /** The mask of `filter`, null when it keeps every row. */
  private mask(filter: FrameFilter): Uint8Array | null {
    const key = JSON.stringify(filter);
    if (this.cachedMask && this.cachedMask.filter === key && this.cachedMask.version === this.version) return this.cachedMask.mask;
    const mask = keptRows(this.frame, filter);
    this.cachedMask = { filter: key, version: this.version, mask };
    return mask;
  }

  explore(params: DataRequestMap['explore']['params']): DataRequestMap['explore']['result'] {
    return aggregate(this.frame, this.mask(params.filter), params.topN);
  }

  rows(params: DataRequestMap['rows']['params']): DataRequestMap['rows']['result'] {
    const { rows: matched, count } = this.matchedRows(params.filter);
    const start = Math.min(Math.max(0, params.offset), count);
    const end = Math.min(count, params.offset + Math.min(params.limit, 1000));
    const page: number[] = [];
    for (let index = start; index < end; index++) page.push(matched === null ? index : (matched[index] ?? 0));
    return { rows: page.map((row) => viewRow(this.frame, row)), matched: count };
  }

  /**
   * Row numbers kept by a filter, so a page deep in a million rows is a slice, not a scan; null
   * rows when the filter keeps every row (row numbers are then the indices).
   */
  private matchedRows(filter: FrameFilter): { rows: Uint32Array | null; count: number } {
    const key = JSON.stringify(filter);
    if (this.cachedMatches?.filter === key && this.cachedMatches.version === this.version) return this.cachedMatches;
    const mask = this.mask(filter);
    let count = this.frame.length;
    let rows: Uint32Array | null = null;
    if (mask !== null) {
      count = 0;
      for (let row = 0; row < this.frame.length; row++) count += mask[row] ?? 0;
      rows = new Uint32Array(count);
      let next = 0;
      for (let row = 0; row < this.frame.length; row++) if (mask[row] === 1) rows[next++] = row;
    }
    this.cachedMatches = { filter: key, version: this.version, rows, count };
    return this.cachedMatches;
  }

  /** The capture as plain data (autosave, notebook files); null when none is loaded. */
  snapshot(): CaptureSnapshot | null {
    if (!this.lastLoad) return null;
    return {
      format: 'etwlab-capture',
      version: 1,
      dataVersion: this.version,
      load: this.lastLoad,
      frame: frameToSnapshot(this.frame),
      knownBad: knownBadToSnapshot(this.knownBad),
    };
  }

  /**
   * What an autosave writes, with the frame itself rather than a copy of its columns: the store
   * copies one slice at a time, so a save never holds a second whole capture.
   */
  storageParts(): { rest: Omit<CaptureSnapshot, 'frame'>; frame: EventFrame } | null {
    if (!this.lastLoad) return null;
    return {
      rest: { format: 'etwlab-capture', version: 1, dataVersion: this.version, load: this.lastLoad, knownBad: knownBadToSnapshot(this.knownBad) },
      frame: this.frame,
    };
  }

  /**
   * Holds a snapshot's capture in place of the current one. The data version becomes the saved
   * one when that is newer than anything this session handed out (a restore at startup), so
   * runs trained on it are not stale; otherwise it moves on, and the caller maps the versions.
   */
  restoreSnapshot(snapshot: CaptureSnapshot): CaptureSummary {
    const frame = snapshotToFrame(snapshot.frame);
    const knownBad = snapshotToKnownBad(snapshot.knownBad, frame.length);
    this.frame = frame;
    this.timeZone = frame.timeZone;
    this.lastLoad = snapshot.load;
    this.knownBad.generated = knownBad.generated;
    this.knownBad.sessions = knownBad.sessions;
    this.knownBad.counts = knownBad.counts;
    this.knownBad.iocs = knownBad.iocs;
    this.knownBad.balanced = knownBad.balanced;
    this.cachedMask = null;
    this.cachedMatches = null;
    this.scores = null;
    this.cachedCompleteness = null;
    this.version = Math.max(this.version + 1, snapshot.dataVersion);
    return this.requireSummary();
  }

  /**
   * Numbers later data versions above `version`: a worker started again after a crash must not
   * reuse the versions the crashed one handed out, or a run trained on that worker's data would
   * look current on this one's.
   */
  continueVersionsAbove(version: number): void {
    this.version = Math.max(this.version, version);
  }

  /** Keeps a run's scores of the rows of an examples table, for the Parquet export. */
  setScores(params: DataRequestMap['setScores']['params']): DataRequestMap['setScores']['result'] {
    if (params.version !== this.version) throw new Error('The capture changed while it was being scored: score it again.');
    if (params.frameRows.length !== params.scores.length) throw new Error(`${params.scores.length} scores were sent for ${params.frameRows.length} rows.`);
    const values = new Float32Array(this.frame.length).fill(Number.NaN);
    params.frameRows.forEach((row, i) => {
      if (row < values.length) values[row] = params.scores[i] ?? Number.NaN;
    });
    this.scores = { runId: params.runId, version: params.version, values };
    return { scored: params.frameRows.length };
  }

  /** The capture as Parquet, with the scores of the last scoring when the data has not changed since. */
  exportCaptureParquet(): DataRequestMap['exportCaptureParquet']['result'] {
    this.requireSummary();
    const scores = this.scores?.version === this.version && this.scores.values.length === this.frame.length ? this.scores : null;
    return { blob: captureParquetBlob(this.frame, scores?.values ?? null), events: this.frame.length, scoredBy: scores?.runId ?? null };
  }

  /** The rows run `runId` trained and tested on, rebuilt as it built them; refused when they would differ. */
  async exportTrainingSetParquet(params: DataRequestMap['exportTrainingSetParquet']['params']): Promise<DataRequestMap['exportTrainingSetParquet']['result']> {
    this.requireSummary();
    const changed = `The labelled data changed since run ${params.runId} was trained, so its training set cannot be rebuilt: train it again, then export.`;
    if (params.version !== this.version) throw new Error(changed);
    // Imported here, not at the top: it brings tfjs, which the worker's start (and so the first load) must not wait for.
    const { trainingSetParquetBlob } = await import('./trainingSetExport');
    // Checked again after the import: the capture may have changed while it loaded.
    if (params.version !== this.version) throw new Error(changed);
    const { table } = this.examples({ rows: 'labelled', ...params.selection });
    if (table.size !== params.examples) throw new Error(changed);
    const { blob, counts } = trainingSetParquetBlob(table, params.config);
    return { blob, ...counts };
  }

  /**
   * Chooses the zone of hours and weekdays (throws for a zone `Intl` does not know): recomputes
   * the current capture's, if any, and reads later captures in it. Null when no capture is held.
   */
  setTimeZone(zone: string): CaptureSummary | null {
    // Already in it (a restored capture read in the page's zone): the data, and so its version, stay.
    if (this.lastLoad !== null && zone === this.frame.timeZone && zone === this.timeZone) return this.requireSummary();
    setTimeZone(this.frame, zone);
    this.timeZone = zone;
    if (this.lastLoad === null) return null;
    this.changed();
    return this.requireSummary();
  }
}
