import { NumberMap } from './numberMap';

/** A table's keys go in a direct array when their span is at most this many cells per key, plus SLACK. */
const CELLS_PER_KEY = 4;
const SLACK = 4096;

/**
 * A map from non-negative integer keys to values below 2^31 for keys known to lie mostly in
 * [low, high]: a direct array over that range when it is narrow for the keys expected (process
 * sequence numbers count up by one, PIDs are small multiples of 4), else a {@link NumberMap}.
 * A direct array keeps lookups in key order close in memory, where a hash over a million keys
 * misses the cache on nearly every lookup. Keys outside the range still work (in a hash map).
 */
export class KeyTable {
  private readonly cells: Int32Array;
  private hashed: NumberMap | null = null;

  /** A table for about `count` keys, most from `low` to `high` (an empty range when `high < low`). */
  constructor(
    private readonly low: number,
    high: number,
    count: number,
  ) {
    const span = high >= low ? high - low + 1 : 0;
    const isDense = span <= count * CELLS_PER_KEY + SLACK;
    this.cells = new Int32Array(isDense ? span : 0).fill(-1);
    if (!isDense) this.hashed = new NumberMap(count);
  }

  /** The value of `key`, or -1 when absent. */
  get(key: number): number {
    const cell = key - this.low;
    if (cell >= 0 && cell < this.cells.length) return this.cells[cell] ?? -1;
    return this.hashed === null ? -1 : this.hashed.get(key);
  }

  set(key: number, value: number): void {
    const cell = key - this.low;
    if (cell >= 0 && cell < this.cells.length) this.cells[cell] = value;
    else (this.hashed ??= new NumberMap()).set(key, value);
  }
}
