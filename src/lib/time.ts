/** Hour of day and day of week of epoch-ms timestamps, in UTC shifted by an offset in minutes. */

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/** Hour 0–23 of `timeMs` at `offsetMinutes` from UTC; 255 when the time is unknown. */
export function hourOfDay(timeMs: number, offsetMinutes = 0): number {
  if (!Number.isFinite(timeMs)) return 255;
  const local = timeMs + offsetMinutes * 60_000;
  return Math.floor((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR);
}

/** Day of week 0–6 with 0 = Sunday (as JavaScript and pandas' strftime %w); 255 when unknown. */
export function dayOfWeek(timeMs: number, offsetMinutes = 0): number {
  if (!Number.isFinite(timeMs)) return 255;
  const local = timeMs + offsetMinutes * 60_000;
  const days = Math.floor(local / MS_PER_DAY);
  // 1970-01-01 was a Thursday (4).
  return (((days + 4) % 7) + 7) % 7;
}

export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
