/**
 * Geometry and wording of the "why" bars: each feature column's occlusion contribution
 * (score minus the score with that column neutralised) drawn as a bar from a centre line,
 * right for columns that raised the score, left for those that lowered it.
 */

/** One contribution of one ranked event. */
export interface Contribution {
  readonly column: string;
  readonly delta: number;
}

/** Where a bar sits in its track, in percent of the track width. */
export interface BarGeometry {
  readonly leftPercent: number;
  readonly widthPercent: number;
  readonly direction: 'up' | 'down' | 'none';
}

/** The largest |delta| among the ranked events, at least `floor`, so every row shares one scale. */
export function contributionScale(ranked: readonly { contributions: readonly Contribution[] }[], floor = 0): number {
  let scale = floor;
  for (const event of ranked) for (const contribution of event.contributions) scale = Math.max(scale, Math.abs(contribution.delta));
  return scale;
}

/** The bar of one contribution on a track whose half-width stands for `scale`. */
export function barGeometry(delta: number, scale: number): BarGeometry {
  if (!(scale > 0) || !Number.isFinite(delta) || delta === 0) return { leftPercent: 50, widthPercent: 0, direction: 'none' };
  const widthPercent = (Math.min(Math.abs(delta), scale) / scale) * 50;
  return delta > 0 ? { leftPercent: 50, widthPercent, direction: 'up' } : { leftPercent: 50 - widthPercent, widthPercent, direction: 'down' };
}

/** `+0.412`, `−0.030`: a signed delta with three decimals. */
export function formatDelta(delta: number): string {
  if (!Number.isFinite(delta)) return '—';
  const text = Math.abs(delta).toFixed(3);
  if (text === '0.000') return '0.000';
  return `${delta > 0 ? '+' : '−'}${text}`;
}

/** A sentence for the bar's title and screen readers. */
export function describeContribution(contribution: Contribution): string {
  const { column, delta } = contribution;
  if (!Number.isFinite(delta) || Math.abs(delta) < 0.0005) return `${column} barely changes the score`;
  return delta > 0
    ? `${column} raises the score by ${delta.toFixed(3)} (neutralising it lowers the score)`
    : `${column} lowers the score by ${(-delta).toFixed(3)} (neutralising it raises the score)`;
}
