/** The time zones the Explore charts can be drawn in, as offsets from UTC. */

/** Offsets in minutes east of UTC in use somewhere, from UTC−12:00 to UTC+14:00. */
export const UTC_OFFSET_CHOICES: readonly number[] = [
  -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 0, 60, 120, 180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 525,
  540, 570, 600, 630, 660, 720, 765, 780, 840,
];

/** `UTC` for 0, otherwise e.g. `UTC+05:30` or `UTC−03:30` (with a real minus sign). */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const absolute = Math.abs(minutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const rest = String(absolute % 60).padStart(2, '0');
  return `UTC${sign}${hours}:${rest}`;
}

/** The browser's own offset now, if it is one of the choices (for a "local" hint). */
export function browserOffsetMinutes(now: Date = new Date()): number {
  return -now.getTimezoneOffset();
}
