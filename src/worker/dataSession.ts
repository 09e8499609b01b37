import { emptyFrame, setUtcOffset, type EventFrame } from '../frame/frame';
import { aggregate, filterMask, viewRow, type FrameFilter } from '../frame/query';
import { imageLoadFilter, summariseImageLoads } from '../pipeline/imageLoadsSummary';
import { loadSources } from './captureLoader';
import { summarise } from './loadSummary';
import type { LoadOutcome } from '../pipeline/captureSummary';
import { buildExampleTable, selectRows } from '../pipeline/examples';
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
import { frameToSnapshot, knownBadToSnapshot, snapshotToFrame, snapshotToKnownBad, type CaptureSnapshot } from '../formats/captureSnapshot';

type LoadRecord = Pick<LoadOutcome, 'files' | 'problems' | 'problemCount' | 'ignoredCount' | 'parents' | 'seconds' | 'truncated'>;

/**
 * Everything the data worker holds: the current frame and what the last load reported.
 * Kept apart from the message plumbing so it can be tested in Node.
 */
export class DataSession {
  private frame: EventFrame = emptyFrame(0);
  private lastLoad: LoadRecord | null = null;
  private version = 0;
  private cachedMask: { filter: string; version: number; mask: Uint8Array } | null = null;
  private readonly knownBad = new KnownBadState();
  private cachedMatches: { mask: Uint8Array; rows: Uint32Array } | null = null;

  constructor(private readonly post: (message: FromDataWorker) => void) {}

  async load(requestId: number, params: DataRequestMap['load']['params'], signal: AbortSignal): Promise<CaptureSummary> {
    const started = performance.now();
    let lastPost = 0;
    const isAppend = params.mode === 'append' && this.lastLoad !== null;
    const outcome = await loadSources(params.files, {
      label: params.label,
      signal,
      ...(params.maxEvents !== undefined ? { maxEvents: params.maxEvents } : {}),
      ...(isAppend ? { into: this.frame } : { utcOffsetMinutes: this.frame.utcOffsetMinutes }),
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastPost < 100 && progress.bytesRead < progress.bytesTotal) return;
        lastPost = now;
        this.post({ kind: 'event', type: 'loadProgress', requestId, ...progress, elapsedSeconds: (now - started) / 1000 });
      },
    });
    this.frame = outcome.frame;
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
    return this.requireSummary();
  }

  private changed(): void {
    this.version++;
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
    return { table: buildExampleTable(this.frame, frameRows, params.columns), frameRows: frameRows.slice(), version: this.version };
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

  private mask(filter: FrameFilter): Uint8Array {
    const key = JSON.stringify(filter);
    if (this.cachedMask && this.cachedMask.filter === key && this.cachedMask.version === this.version) return this.cachedMask.mask;
    const mask = filterMask(this.frame, filter);
    this.cachedMask = { filter: key, version: this.version, mask };
    return mask;
  }

  explore(params: DataRequestMap['explore']['params']): DataRequestMap['explore']['result'] {
    return aggregate(this.frame, this.mask(params.filter), params.topN);
  }

  rows(params: DataRequestMap['rows']['params']): DataRequestMap['rows']['result'] {
    const matched = this.matchedRows(params.filter);
    const page = matched.subarray(params.offset, params.offset + Math.min(params.limit, 1000));
    return { rows: Array.from(page, (row) => viewRow(this.frame, row)), matched: matched.length };
  }

  /** Row numbers kept by a filter, so a page deep in a million rows is a slice, not a scan. */
  private matchedRows(filter: FrameFilter): Uint32Array {
    const mask = this.mask(filter);
    if (this.cachedMatches?.mask === mask) return this.cachedMatches.rows;
    let count = 0;
    for (let row = 0; row < this.frame.length; row++) count += mask[row] ?? 0;
    const rows = new Uint32Array(count);
    let next = 0;
    for (let row = 0; row < this.frame.length; row++) if (mask[row] === 1) rows[next++] = row;
    this.cachedMatches = { mask, rows };
    return rows;
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
    this.lastLoad = snapshot.load;
    this.knownBad.generated = knownBad.generated;
    this.knownBad.sessions = knownBad.sessions;
    this.knownBad.counts = knownBad.counts;
    this.knownBad.iocs = knownBad.iocs;
    this.knownBad.balanced = knownBad.balanced;
    this.cachedMask = null;
    this.cachedMatches = null;
    this.version = Math.max(this.version + 1, snapshot.dataVersion);
    return this.requireSummary();
  }

  setUtcOffset(minutes: number): CaptureSummary {
    setUtcOffset(this.frame, minutes);
    this.changed();
    return this.requireSummary();
  }
}
