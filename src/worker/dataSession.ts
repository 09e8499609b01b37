import { emptyFrame, setUtcOffset, type EventFrame } from '../frame/frame';
import { aggregate, filterMask, rowsPage, type FrameFilter } from '../frame/query';
import { loadSources, summarise, type LoadOutcome } from './captureLoader';
import type { CaptureSummary, DataRequestMap, FromDataWorker } from './protocol';

type LoadRecord = Pick<LoadOutcome, 'files' | 'problems' | 'problemCount' | 'ignoredCount' | 'parents' | 'seconds'>;

/**
 * Everything the data worker holds: the current frame and what the last load reported.
 * Kept apart from the message plumbing so it can be tested in Node.
 */
export class DataSession {
  private frame: EventFrame = emptyFrame(0);
  private lastLoad: LoadRecord | null = null;
  private version = 0;
  private cachedMask: { filter: string; version: number; mask: Uint8Array } | null = null;

  constructor(private readonly post: (message: FromDataWorker) => void) {}

  async load(requestId: number, params: DataRequestMap['load']['params'], signal: AbortSignal): Promise<CaptureSummary> {
    const started = performance.now();
    let lastPost = 0;
    const outcome = await loadSources(params.files, {
      label: params.label,
      signal,
      ...(params.mode === 'append' && this.lastLoad ? { into: this.frame } : {}),
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastPost < 100 && progress.bytesRead < progress.bytesTotal) return;
        lastPost = now;
        this.post({ kind: 'event', type: 'loadProgress', requestId, ...progress, elapsedSeconds: (now - started) / 1000 });
      },
    });
    this.frame = outcome.frame;
    this.lastLoad = outcome;
    this.version++;
    return this.summary() ?? summarise(this.frame, outcome, this.version);
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
    return rowsPage(this.frame, this.mask(params.filter), params.offset, Math.min(params.limit, 1000));
  }

  setUtcOffset(minutes: number): CaptureSummary {
    setUtcOffset(this.frame, minutes);
    this.version++;
    const summary = this.summary();
    if (!summary) throw new Error('No capture is loaded');
    return summary;
  }

  /** The frame, for other worker modules (known bad, examples for training). */
  get current(): EventFrame {
    return this.frame;
  }

  /** Marks the frame changed by another module. */
  touch(): void {
    this.version++;
  }
}
