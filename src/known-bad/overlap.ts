/**
 * How much the known-bad times overlap the capture's. Synthetic sessions placed at night or on
 * other days let hour, weekday or date alone separate the classes: a model then learns the
 * clock, not the behaviour. These numbers let the UI warn before training.
 */
import { dayOfWeek, hourOfDay } from '../lib/time';
import { formatPercent } from '../lib/format';

export interface TimeOverlap {
  /** Earliest and latest time of each side, NaN when it has no finite time. */
  goodRange: [number, number];
  badRange: [number, number];
  /** Share of the known-bad time span that lies inside the capture's span (0–1). */
  rangeShare: number;
  /** Share of known-bad events whose time lies inside the capture's span (0–1). */
  badInsideRange: number;
  /** Events per UTC hour of day. */
  goodHours: number[];
  badHours: number[];
  /** Overlap of the two hour-of-day distributions: Σ min(p_good, p_bad), 1 = same, 0 = disjoint. */
  hourOverlap: number;
  /** The same for day of week. */
  weekdayOverlap: number;
}

function rangeOf(times: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] ?? NaN;
    if (!Number.isFinite(t)) continue;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return min <= max ? [min, max] : [NaN, NaN];
}

function histogram(times: ArrayLike<number>, bins: number, binOf: (t: number) => number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < times.length; i++) {
    const bin = binOf(times[i] ?? NaN);
    if (bin < bins) counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts;
}

/** Σ min of the two normalised histograms; 0 when either is empty. */
export function histogramOverlap(a: readonly number[], b: readonly number[]): number {
  const sumA = a.reduce((s, x) => s + x, 0);
  const sumB = b.reduce((s, x) => s + x, 0);
  if (sumA === 0 || sumB === 0) return 0;
  let shared = 0;
  for (let i = 0; i < a.length; i++) shared += Math.min((a[i] ?? 0) / sumA, (b[i] ?? 0) / sumB);
  return shared;
}

/** Compares known-good (capture) and known-bad event times, epoch ms UTC. */
export function timeOverlap(goodTimes: ArrayLike<number>, badTimes: ArrayLike<number>): TimeOverlap {
  const goodRange = rangeOf(goodTimes);
  const badRange = rangeOf(badTimes);
  let inside = 0;
  let finiteBad = 0;
  for (let i = 0; i < badTimes.length; i++) {
    const t = badTimes[i] ?? NaN;
    if (!Number.isFinite(t)) continue;
    finiteBad++;
    if (t >= goodRange[0] && t <= goodRange[1]) inside++;
  }
  const intersection = Math.max(0, Math.min(goodRange[1], badRange[1]) - Math.max(goodRange[0], badRange[0]));
  const badSpan = badRange[1] - badRange[0];
  let rangeShare = 0;
  if (Number.isFinite(badSpan) && Number.isFinite(goodRange[0])) {
    // A one-instant known-bad span is either inside the capture or not.
    rangeShare = badSpan > 0 ? intersection / badSpan : badRange[0] >= goodRange[0] && badRange[0] <= goodRange[1] ? 1 : 0;
  }
  const goodHours = histogram(goodTimes, 24, (t) => hourOfDay(t));
  const badHours = histogram(badTimes, 24, (t) => hourOfDay(t));
  return {
    goodRange,
    badRange,
    rangeShare,
    badInsideRange: finiteBad === 0 ? 0 : inside / finiteBad,
    goodHours,
    badHours,
    hourOverlap: histogramOverlap(goodHours, badHours),
    weekdayOverlap: histogramOverlap(
      histogram(goodTimes, 7, (t) => dayOfWeek(t)),
      histogram(badTimes, 7, (t) => dayOfWeek(t)),
    ),
  };
}

/** Below this share a feature separates the classes on its own. */
const OVERLAP_WARNING = 0.5;

export interface OverlapDescription {
  level: 'ok' | 'warning';
  sentence: string;
}

/** One plain sentence for the UI: what overlaps, and which feature would give the answer away. */
export function describeOverlap(overlap: TimeOverlap): OverlapDescription {
  const warnings: string[] = [];
  if (overlap.badInsideRange < OVERLAP_WARNING) {
    warnings.push(
      `Known-bad events fall outside the capture's dates (${formatPercent(overlap.badInsideRange, 0)} inside): date features will give the answer away.`,
    );
  }
  if (overlap.hourOverlap < OVERLAP_WARNING) {
    warnings.push(
      `Known-bad events fall outside the capture's hours (overlap ${formatPercent(overlap.hourOverlap, 0)}): hour of day will give the answer away.`,
    );
  }
  if (overlap.weekdayOverlap < OVERLAP_WARNING) {
    warnings.push(
      `Known-bad events fall on other weekdays than the capture's (overlap ${formatPercent(overlap.weekdayOverlap, 0)}): day of week will give the answer away.`,
    );
  }
  if (warnings.length > 0) return { level: 'warning', sentence: warnings.join(' ') };
  return {
    level: 'ok',
    sentence: `Known-bad events overlap the capture's hours (${formatPercent(overlap.hourOverlap, 0)}) and weekdays (${formatPercent(overlap.weekdayOverlap, 0)}).`,
  };
}
