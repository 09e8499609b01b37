/**
 * Hour of day and weekday in a time zone, daylight saving included, fast enough for millions of
 * events. A zone is named by a string: `UTC`, a fixed offset as older notebooks saved it
 * (`UTC+05:30`, `UTC−03:30`), or an IANA name the browser's `Intl` knows (`Europe/Berlin`).
 * Asking `Intl.DateTimeFormat` per event is far too slow, so a `ZoneClock` asks it about twice
 * per UTC hour it meets and caches the offset (and, in the rare hour that holds one, the exact
 * second of the change).
 */
import { dayOfWeek, hourOfDay } from './time';

/** The default zone. */
export const UTC_ZONE = 'UTC';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** `UTC` for 0, otherwise e.g. `UTC+05:30` or `UTC−03:30` (with a real minus sign). */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return UTC_ZONE;
  const sign = minutes > 0 ? '+' : '−';
  const absolute = Math.abs(minutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const rest = String(absolute % 60).padStart(2, '0');
  return `UTC${sign}${hours}:${rest}`;
}

const FIXED_OFFSET = /^UTC(?:([+\-−])(\d{2}):(\d{2}))?$/;

/** Minutes east of UTC of `UTC` or a `UTC±hh:mm` zone; null for a named zone. */
export function fixedOffsetMinutes(zone: string): number | null {
  const match = FIXED_OFFSET.exec(zone);
  if (!match) return null;
  const [, sign, hours, minutes] = match;
  if (sign === undefined || hours === undefined || minutes === undefined) return 0;
  const total = Number(hours) * 60 + Number(minutes);
  return total > 24 * 60 || Number(minutes) >= 60 ? null : sign === '+' ? total : -total;
}

// eslint-disable-next-line no-restricted-syntax -- a memo of a pure function (zone → its Intl formatter).
const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock formatter of an IANA zone; throws a RangeError naming the zone when `Intl` does not know it. */
function formatterOf(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  return format;
}

/** True for `UTC`, a fixed offset, or an IANA zone this runtime knows. */
export function isKnownTimeZone(zone: string): boolean {
  if (fixedOffsetMinutes(zone) !== null) return true;
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone's wall clock from UTC at an instant, in ms, asked of `Intl` (slow: the clock caches it). */
export function zoneOffsetMs(zone: string, timeMs: number): number {
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return fixed * MS_PER_MINUTE;
  const second = Math.floor(timeMs / MS_PER_SECOND) * MS_PER_SECOND;
  const parts: Record<string, number> = {};
  for (const part of formatterOf(zone).formatToParts(second)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - second;
}

/** One UTC hour's offsets: `before` until `changeAt`, `after` from it (equal when the hour holds no change). */
interface HourOffsets {
  before: number;
  changeAt: number;
  after: number;
}

/**
 * Hour and weekday of instants in one zone. Each UTC hour met costs two `Intl` calls (a dozen
 * more when the offset changes inside it); later events of that hour cost a map lookup.
 */
export class ZoneClock {
  readonly zone: string;
  private readonly fixedMs: number | null;
  private readonly hours = new Map<number, HourOffsets>();
  private lastHour = Number.NaN;
  private last: HourOffsets = { before: 0, changeAt: 0, after: 0 };

  constructor(zone: string) {
    if (!isKnownTimeZone(zone)) throw new RangeError(`unknown time zone "${zone}"`);
    this.zone = zone;
    const fixed = fixedOffsetMinutes(zone);
    this.fixedMs = fixed === null ? null : fixed * MS_PER_MINUTE;
  }

  /** Offset from UTC in ms at `timeMs` (0 for an unknown time). */
  offsetMs(timeMs: number): number {
    if (this.fixedMs !== null || !Number.isFinite(timeMs)) return this.fixedMs ?? 0;
    const hour = Math.floor(timeMs / MS_PER_HOUR);
    if (hour !== this.lastHour) {
      this.last = this.hours.get(hour) ?? this.measure(hour);
      this.lastHour = hour;
    }
    return timeMs < this.last.changeAt ? this.last.before : this.last.after;
  }

  /** Offset from UTC in minutes at `timeMs`. */
  offsetMinutes(timeMs: number): number {
    return this.offsetMs(timeMs) / MS_PER_MINUTE;
  }

  /** Hour 0–23 on the zone's wall clock; 255 when the time is unknown. */
  hour(timeMs: number): number {
    return hourOfDay(timeMs, this.offsetMinutes(timeMs));
  }

  /** Day of week 0–6 (0 = Sunday) on the zone's wall clock; 255 when the time is unknown. */
  weekday(timeMs: number): number {
    return dayOfWeek(timeMs, this.offsetMinutes(timeMs));
  }

  private measure(hour: number): HourOffsets {
    const start = hour * MS_PER_HOUR;
    const lastSecond = start + MS_PER_HOUR - MS_PER_SECOND;
    const before = zoneOffsetMs(this.zone, start);
    const after = zoneOffsetMs(this.zone, lastSecond);
    let changeAt = start;
    if (before !== after) {
      // Zones change offset at most once an hour: find the first second on the new offset.
      let low = start;
      let high = lastSecond;
      while (high - low > MS_PER_SECOND) {
        const middle = low + Math.floor((high - low) / 2 / MS_PER_SECOND) * MS_PER_SECOND;
        if (zoneOffsetMs(this.zone, middle) === before) low = middle;
        else high = middle;
      }
      changeAt = high;
    }
    const offsets = { before, changeAt, after };
    this.hours.set(hour, offsets);
    return offsets;
  }
}

// eslint-disable-next-line no-restricted-syntax -- one clock per zone for the realm: its offsets are facts of the zone, kept across frames and loads.
const clocks = new Map<string, ZoneClock>();

/** The shared clock of a zone (its cache is kept across frames and loads). */
export function zoneClock(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}

/** IANA zones this runtime knows, `UTC` first; empty of names where `Intl.supportedValuesOf` is missing. */
export function timeZoneNames(): string[] {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [UTC_ZONE, ...names.filter((name) => name !== UTC_ZONE)];
}
