import { MISSING, type EventFrame } from '../frame/frame';
import { NumberMap } from '../lib/numberMap';

const HOST_FACTOR = 4_294_967_296; // 2^32: host code above a 32-bit pid or sequence stays exact.
/** A host's keys go in a direct table when their span is at most this many cells per start, plus SLACK. */
const CELLS_PER_START = 4;
const SLACK = 4096;

/**
 * Rows of process starts by host and a 32-bit key (a PID or a sequence number): the same answers
 * as a {@link NumberMap} keyed by `host · 2^32 + key`, but where a host's keys fill a narrow
 * range (sequence numbers count up by one per process, PIDs are small multiples of 4) they index
 * a typed array directly. That keeps lookups of a capture in time order close in memory: a hash
 * over a million starts missed the cache on nearly every lookup (~0.5 s of resolveParents at 1M).
 * Hosts whose keys are spread out use the hash map.
 */
export class StartIndex {
  /** Per host: the smallest key of its starts, and where its cells start in `cells` (-1: hashed). */
  private readonly lowest: Float64Array;
  private readonly span: Float64Array;
  private readonly offset: Float64Array;
  /** Row + 1 per cell, 0 for none. */
  private readonly cells: Uint32Array;
  private readonly hashed: NumberMap | null;

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
    this.lowest = lowest;
    this.span = new Float64Array(hostCount);
    this.offset = new Float64Array(hostCount).fill(-1);
    let cellCount = 0;
    let hashedStarts = 0;
    for (let host = 0; host < hostCount; host++) {
      const count = starts[host] ?? 0;
      if (count === 0) continue;
      const span = (highest[host] ?? 0) - (lowest[host] ?? 0) + 1;
      if (span <= count * CELLS_PER_START + SLACK) {
        this.span[host] = span;
        this.offset[host] = cellCount;
        cellCount += span;
      } else {
        hashedStarts += count;
      }
    }
    this.cells = new Uint32Array(cellCount);
    this.hashed = hashedStarts > 0 ? new NumberMap(hashedStarts) : null;
  }

  /** Records `row` as the start of `key` on `host` (a later call for the same key replaces it). */
  set(host: number, key: number, row: number): void {
    const offset = this.offset[host] ?? -1;
    if (offset >= 0) {
      const cell = key - (this.lowest[host] ?? 0);
      // Only keys of starts are set, and the ranges were taken from them: a cell is always in range.
      if (cell >= 0 && cell < (this.span[host] ?? 0)) this.cells[offset + cell] = row + 1;
      return;
    }
    this.hashed?.set(host * HOST_FACTOR + key, row);
  }

  /** The row recorded for `key` on `host`, or -1. */
  get(host: number, key: number): number {
    const offset = this.offset[host] ?? -1;
    if (offset >= 0) {
      const cell = key - (this.lowest[host] ?? 0);
      if (cell < 0 || cell >= (this.span[host] ?? 0)) return -1;
      return (this.cells[offset + cell] ?? 0) - 1;
    }
    return this.hashed === null ? -1 : this.hashed.get(host * HOST_FACTOR + key);
  }
}
