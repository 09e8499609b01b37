import { seededRandom } from '../lib/random';
import { allocateSeededColumns, dayMs, firstSunday, hourMs, numbered, seededTable } from './seededTableColumns';
import type { ExampleTable } from './types';

/** Shape of a rare-known-bad table: how many rows, how rare known bad is, and the seed. */
export interface RareBadTableOptions {
  readonly goodCount: number;
  readonly badCount: number;
  readonly seed: number;
}

const goodNameCount = 400;
const goodFolderCount = 25;
const attackNameCount = 60;
const attackFolderCount = 12;
/** Names attackers share with everyday activity (cmd.exe, powershell.exe, …): the first few good names. */
const sharedNameCount = 6;

/**
 * A seeded table shaped like a real capture with a small real known-bad import (about 1:100):
 * known-good names and folders follow a long-tailed (Zipf-like) distribution, most known-bad rows
 * run tools never seen in known good from user-writable folders, and a third of them run
 * everyday binaries (shells) from the usual folders. Both classes share the same clock, so only
 * names and folders carry signal, and rarity is a strong but not perfect detector.
 */
export function makeRareBadTable(options: RareBadTableOptions): ExampleTable {
  const { goodCount, badCount, seed } = options;
  const size = goodCount + badCount;
  const random = seededRandom(seed);
  const columns = allocateSeededColumns(size);
  const { label, timeMs, hour, weekday, name, folder, host } = columns;
  // Zipf-like: rank ∝ 1/u² concentrates mass on the first codes with a long tail.
  const zipf = (count: number): number => Math.min(count - 1, Math.floor(1 / (random.next() * 0.97 + 0.03) ** 1.3) - 1);
  const badPositions = new Set<number>();
  while (badPositions.size < badCount) badPositions.add(random.int(size));
  for (let row = 0; row < size; row++) {
    const isBad = badPositions.has(row);
    label[row] = isBad ? 1 : 0;
    const day = random.int(28);
    const hourOfDay = random.int(24);
    timeMs[row] = firstSunday + day * dayMs + hourOfDay * hourMs + random.int(hourMs);
    hour[row] = hourOfDay;
    weekday[row] = day % 7;
    host[row] = random.int(4);
    if (!isBad) {
      const n = zipf(goodNameCount);
      name[row] = n;
      // Each name mostly lives in one folder.
      folder[row] = random.next() < 0.9 ? n % goodFolderCount : zipf(goodFolderCount);
    } else if (random.next() < 1 / 3) {
      name[row] = random.int(sharedNameCount);
      folder[row] = (name[row] ?? 0) % goodFolderCount;
    } else {
      name[row] = goodNameCount + random.int(attackNameCount);
      folder[row] = random.next() < 0.7 ? goodFolderCount + random.int(attackFolderCount) : random.int(3);
    }
  }
  return seededTable(columns, {
    name: [...numbered('good', goodNameCount, '.exe'), ...numbered('tool', attackNameCount, '.exe')],
    folder: [...numbered('c:\\windows\\dir', goodFolderCount), ...numbered('c:\\users\\x\\appdata\\tmp', attackFolderCount)],
  });
}
