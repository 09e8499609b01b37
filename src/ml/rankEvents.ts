/**
 * The order of a scored capture's "Most suspicious events". A model trained on few examples gives
 * many rows one score (rows whose name and folder fall into the same pooled vocabulary id tie
 * exactly), so the order among equal scores decides which rows a threat hunter sees. Among equal
 * scores: the rarer image name in the table first, then the rarer folder (an unusual binary or
 * location is the one worth a look), then the earlier time (the first occurrence), then the
 * table row (a stable id: frame order).
 */
import type { ExampleTable } from './types';

/** How many rows of `codes` have each code: slot 0 counts the missing code (-1), slot c + 1 code c. */
function codeCounts(codes: Int32Array): Uint32Array {
  let maxCode = -1;
  for (const code of codes) if (code > maxCode) maxCode = code;
  const perCode = new Uint32Array(maxCode + 2);
  for (const code of codes) perCode[code + 1] = (perCode[code + 1] ?? 0) + 1;
  return perCode;
}

/** A score to rank by: NaN (a diverged model) ranks below every number. */
function rankScore(score: number | undefined): number {
  return score === undefined || Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
}

/**
 * The `topK` rows of `table` by `scores` (one per row), highest first; equal scores rarer name,
 * then rarer folder, then earlier time (a missing time last), then lower row index first.
 * Only the rows scoring at least the K-th highest score are sorted, so a million-row capture
 * sorts its top rows and their ties, not every row.
 */
export function rankEvents(scores: ArrayLike<number>, table: ExampleTable, topK: number): Uint32Array {
  const size = Math.min(table.size, scores.length);
  const k = Math.max(0, Math.min(topK, size));
  if (k === 0) return new Uint32Array(0);
  const keys = new Float64Array(size);
  for (let row = 0; row < size; row++) keys[row] = rankScore(scores[row]);
  // The K-th highest score: every row at or above it is a candidate, ties at the cut included.
  const cut = keys.slice().sort()[size - k] ?? Number.NEGATIVE_INFINITY;
  const candidates: number[] = [];
  for (let row = 0; row < size; row++) if ((keys[row] ?? Number.NEGATIVE_INFINITY) >= cut) candidates.push(row);
  const names = table.groupName;
  const folders = table.groupFolder;
  const perName = codeCounts(names);
  const perFolder = codeCounts(folders);
  const nameCount = (row: number): number => perName[(names[row] ?? -1) + 1] ?? 0;
  const folderCount = (row: number): number => perFolder[(folders[row] ?? -1) + 1] ?? 0;
  const timeOf = (row: number): number => {
    const time = table.timeMs[row] ?? Number.NaN;
    return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
  };
  candidates.sort(
    (a, b) => (keys[b] ?? 0) - (keys[a] ?? 0) || nameCount(a) - nameCount(b) || folderCount(a) - folderCount(b) || compareTimes(timeOf(a), timeOf(b)) || a - b,
  );
  return Uint32Array.from(candidates.slice(0, k));
}

/** Ascending, with +Infinity (a missing time) last and equal to itself (Infinity - Infinity is NaN). */
function compareTimes(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
