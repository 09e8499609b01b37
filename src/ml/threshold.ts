/**
 * Rare known bad: the decision threshold chosen on the validation split instead of a fixed 0.5,
 * and the note the Train section shows when known bad is a small share of the rows.
 */
import { confusionAt } from './metrics';

/** A threshold and the validation F1 it gives. */
export interface ChosenThreshold {
  readonly threshold: number;
  readonly validationF1: number;
  /** How it was chosen, in words for the Evaluate section. */
  readonly reason: string;
}

/** Where 0.5 is kept: no validation rows of one class, so no threshold can be fitted. */
const fixedThreshold = 0.5;

/**
 * The score threshold with the best F1 on the validation rows (flag when score ≥ threshold).
 * Candidates are the midpoints between successive distinct validation scores, so the threshold
 * sits between rows rather than on one; ties keep the higher threshold, which flags fewer rows.
 * Falls back to 0.5 when validation lacks a class.
 */
export function chooseThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>): ChosenThreshold {
  const pairs = Array.from({ length: scores.length }, (_, i) => ({ score: scores[i] ?? 0, isBad: labels[i] === 1 })).filter((pair) =>
    Number.isFinite(pair.score),
  );
  const positives = pairs.filter((pair) => pair.isBad).length;
  if (positives === 0 || positives === pairs.length) {
    const f1 = f1At(scores, labels, fixedThreshold);
    return { threshold: fixedThreshold, validationF1: f1, reason: 'Threshold 0.5: the validation rows lack a class, so none could be fitted.' };
  }
  pairs.sort((a, b) => b.score - a.score);
  let best = { threshold: fixedThreshold, f1: -1 };
  let truePositives = 0;
  let falsePositives = 0;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (pair === undefined) break;
    if (pair.isBad) truePositives++;
    else falsePositives++;
    const next = pairs[i + 1];
    // Only between distinct scores can a threshold flag exactly the rows seen so far.
    if (next !== undefined && next.score === pair.score) continue;
    const f1 = (2 * truePositives) / (truePositives + falsePositives + positives);
    const threshold = next === undefined ? pair.score : (pair.score + next.score) / 2;
    if (f1 > best.f1) best = { threshold, f1 };
  }
  return {
    threshold: best.threshold,
    validationF1: best.f1,
    reason: `Threshold ${best.threshold.toPrecision(3)}: the best F1 (${best.f1.toFixed(3)}) on the ${pairs.length} validation rows, not a fixed 0.5.`,
  };
}

function f1At(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): number {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = confusionAt(scores, labels, threshold);
  return (2 * tp) / (2 * tp + fp + fn);
}

/** Below this share of known bad the Train section says the classes are imbalanced. */
export const smallKnownBadShare = 0.05;

/** The known-bad share of labelled rows and, when it is small, what the defaults do about it. */
export interface KnownBadShareNote {
  readonly bad: number;
  readonly total: number;
  readonly share: number;
  readonly isSmall: boolean;
  /** A sentence for the Train section; empty when the share is not small. */
  readonly note: string;
}

/** Reads the labels and says when known bad is rare (below `smallKnownBadShare`). */
export function knownBadShareNote(labels: ArrayLike<number>, threshold = smallKnownBadShare): KnownBadShareNote {
  let bad = 0;
  for (let i = 0; i < labels.length; i++) bad += labels[i] === 1 ? 1 : 0;
  const total = labels.length;
  const share = total > 0 ? bad / total : Number.NaN;
  const isSmall = bad > 0 && share < threshold;
  const ratio = bad > 0 ? Math.round((total - bad) / bad) : 0;
  const note = isSmall
    ? `Known bad is ${bad} of ${total} rows (about 1:${ratio}): with plain cross-entropy the network can score well by ignoring it, so by default each class carries half of the loss (class weights) and the alert threshold is chosen on the validation split. Compare with the rarity baseline in Evaluate, or try the anomaly model, which needs no known bad to learn.`
    : '';
  return { bad, total, share, isSmall, note };
}
