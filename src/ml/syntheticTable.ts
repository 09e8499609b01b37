import { seededRandom, type Random } from '../lib/random';
import { allocateSeededColumns, dayMs, firstSunday, hourMs, numbered, seededTable } from './seededTableColumns';
import type { ExampleTable } from './types';

/** How the known-bad rows of a synthetic table differ from the known-good ones. */
export interface SyntheticTableOptions {
  readonly size: number;
  /** Share of rows that are known bad. */
  readonly badShare: number;
  readonly seed: number;
  /**
   * 'night-weekend': known-good only on weekday working hours and known-bad only at night or on
   * weekends, the leak of the blog post. 'none': both classes share the same clock.
   */
  readonly clock: 'night-weekend' | 'none';
  /** Share of known-bad rows marked synthetic. */
  readonly syntheticShare?: number;
}

const nameCount = 30;
const folderCount = 8;
const hostCount = 6;

function zipfPick(random: Random, count: number, offset: number): number {
  // Squaring a uniform draw favours low codes, like real process names.
  return (Math.floor(random.next() ** 2 * count) + offset) % count;
}

/**
 * A seeded table of process starts for tests and demos. Names and folders are only weakly tied to
 * the label (the bad rows prefer a shifted part of the same name list), so without the clock a model
 * scores well below perfect.
 */
export function makeSyntheticTable(options: SyntheticTableOptions): ExampleTable {
  const { size, badShare, seed, clock } = options;
  const syntheticShare = options.syntheticShare ?? 0.5;
  const random = seededRandom(seed);
  const columns = allocateSeededColumns(size);
  const { label, timeMs, hour, weekday, name, folder, host, synthetic } = columns;
  for (let row = 0; row < size; row++) {
    const isBad = random.next() < badShare;
    label[row] = isBad ? 1 : 0;
    let day: number;
    let hourOfDay: number;
    if (clock === 'none') {
      day = random.int(28);
      hourOfDay = random.int(24);
    } else if (isBad) {
      // Nights of any day, or any hour of a weekend day.
      if (random.next() < 0.5) {
        day = 7 * random.int(4) + (random.next() < 0.5 ? 0 : 6);
        hourOfDay = random.int(24);
      } else {
        day = random.int(28);
        hourOfDay = (22 + random.int(8)) % 24;
      }
    } else {
      day = 7 * random.int(4) + 1 + random.int(5);
      hourOfDay = 8 + random.int(10);
    }
    timeMs[row] = firstSunday + day * dayMs + hourOfDay * hourMs + random.int(hourMs);
    hour[row] = hourOfDay;
    weekday[row] = day % 7;
    name[row] = zipfPick(random, nameCount, isBad ? 7 : 0);
    folder[row] = zipfPick(random, folderCount, isBad ? 2 : 0);
    host[row] = random.int(hostCount);
    synthetic[row] = isBad && random.next() < syntheticShare ? 1 : 0;
  }
  return seededTable(columns, { name: numbered('proc', nameCount, '.exe'), folder: numbered('c:\\folder', folderCount) });
}
