/** The Train section's note on a small known-bad share, from the counts the Known bad section reports. */
import { knownBadShareNote, type KnownBadShareNote } from '../../ml/threshold';
import type { KnownBadSummary } from '../../worker/protocol';

/** The share of the rows training will use: the balanced sample when it is in use, else every labelled row. */
export function trainingShareNote(summary: Pick<KnownBadSummary, 'labelCounts' | 'balance'> | null, useBalance: boolean): KnownBadShareNote | null {
  if (summary === null) return null;
  const [, labelledGood, labelledBad] = summary.labelCounts;
  const good = useBalance && summary.balance !== null ? summary.balance.good : labelledGood;
  const bad = useBalance && summary.balance !== null ? summary.balance.bad : labelledBad;
  if (bad === 0) return null;
  // knownBadShareNote reads labels; a run of 0s then 1s has the counts' share.
  const labels = new Uint8Array(good + bad).fill(1, good);
  return knownBadShareNote(labels);
}
