/**
 * Alerts a threshold would raise per UTC day, from the per-day score histograms the training
 * worker returns (100 equal bins over [0, 1]; bin i holds scores in [i/100, (i+1)/100), and a
 * score of exactly 1 sits in the last bin).
 */

/** One day's score histogram, as in ScoreOutcome.days. */
export interface DayHistogram {
  readonly dayStartMs: number;
  readonly bins: readonly number[];
}

/** What one day would cost the hunter at a threshold. */
export interface DayAlerts {
  readonly dayStartMs: number;
  /** Events scored that day. */
  readonly events: number;
  /** Events whose bin starts at or above the threshold. */
  readonly alerts: number;
}

/**
 * The first bin counted as an alert: the lowest bin whose lower edge is ≥ threshold. Exact for
 * thresholds on the 0.01 grid the slider uses; in between, the partial bin is left out.
 * The small tolerance keeps 0.3 · 100 = 30.000000000000004 on bin 30.
 */
export function firstAlertBin(threshold: number, binCount: number): number {
  if (!(threshold > 0)) return 0;
  return Math.min(binCount, Math.ceil(threshold * binCount - 1e-9));
}

/** Alerts per day at `threshold`, in the order of `days`. */
export function alertsPerDay(days: readonly DayHistogram[], threshold: number): DayAlerts[] {
  return days.map((day) => {
    const first = firstAlertBin(threshold, day.bins.length);
    let events = 0;
    let alerts = 0;
    day.bins.forEach((count, bin) => {
      events += count;
      if (bin >= first) alerts += count;
    });
    return { dayStartMs: day.dayStartMs, events, alerts };
  });
}

/** Mean alerts per day over the days that have events; NaN when there are none. */
export function meanAlertsPerDay(days: readonly DayAlerts[]): number {
  const active = days.filter((day) => day.events > 0);
  if (active.length === 0) return Number.NaN;
  return active.reduce((sum, day) => sum + day.alerts, 0) / active.length;
}

/** `2024-06-03`: the UTC date a day starts on. */
export function dayLabel(dayStartMs: number): string {
  return new Date(dayStartMs).toISOString().slice(0, 10);
}
