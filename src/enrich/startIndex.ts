import { MISSING, type EventFrame } from '../frame/frame';
import { KeyTable } from '../lib/keyTable';

/**
 * Rows of process starts by host and a 32-bit key (a PID or a sequence number), a
 * {@link KeyTable} per host over the range of that host's keys: direct arrays where the keys are
 * dense, so resolving a million starts in time order does not miss the cache on every lookup
 * (a hash keyed by `host · 2^32 + key` took ~0.5 s of resolveParents at 1M starts).
 */
export class StartIndex {
  private readonly tables: KeyTable[] = [];

  /** An empty index sized for the starts of `frame` whose `keys` cell is not MISSING. */
  constructor(frame: EventFrame, keys: Uint32Array) {
    const hostCount = Math.max(1, frame.hosts.size);
    const lowest = new Float64Array(hostCount).fill(Infinity);
    const highest = new Float64Array(hostCount).fill(-Infinity);
    const starts = new Float64Array(hostCount);
    for (let row = 0; row < frame.length; row++) {
      const key = keys[row] ?? MISSING;
      if (frame.eventId[row] !== 1 || key === MISSING) continue;
      const host = frame.host[row] ?? 0;
      if (key < (lowest[host] ?? Infinity)) lowest[host] = key;
      if (key > (highest[host] ?? -Infinity)) highest[host] = key;
      starts[host] = (starts[host] ?? 0) + 1;
    }
    for (let host = 0; host < hostCount; host++) this.tables.push(new KeyTable(lowest[host] ?? 0, highest[host] ?? -1, starts[host] ?? 0));
  }

  /** Records `row` as the start of `key` on `host` (a later call for the same key replaces it). */
  set(host: number, key: number, row: number): void {
    (this.tables[host] ??= new KeyTable(0, -1, 0)).set(key, row);
  }

  /** The row recorded for `key` on `host`, or -1. */
  get(host: number, key: number): number {
    return this.tables[host]?.get(key) ?? -1;
  }
}
