/**
 * Actor sessions: windows of time in which an actor was active. Each generated event picks a
 * session at random and a time uniformly inside its window (as the seed post describes), so
 * the session pattern decides what hour and weekday features will see.
 */
import { assertNever } from '../lib/assertNever';
import type { Random } from '../lib/random';
import { dayOfWeek } from '../lib/time';
import type { HourSpan, IocEntry } from './iocCsv';
import type { CaptureProfile } from './profile';

/**
 * When synthetic sessions happen (UTC unless an offset is given):
 * - `night`: 22:00–05:59 UTC;
 * - `weekend`: any hour on Saturday or Sunday UTC;
 * - `other-timezone-office-hours`: 09:00–16:59 on Monday–Friday at UTC+`offsetHours`;
 * - `any-time`: anywhere in the capture's time range;
 * - `inside-capture`: hours drawn from the capture's own active-hour histogram, on capture days.
 *   The honest option: hour of day then tells known-bad from known-good no better than chance.
 */
export type SessionPattern =
  { kind: 'night' } | { kind: 'weekend' } | { kind: 'other-timezone-office-hours'; offsetHours: number } | { kind: 'any-time' } | { kind: 'inside-capture' };

/** Hours of the `night` pattern. */
const NIGHT_HOURS: HourSpan = { from: 22, to: 5 };
/** Local office hours of `other-timezone-office-hours`: 09:00 up to 17:00. */
const OFFICE_HOURS: HourSpan = { from: 9, to: 16 };

export interface ActorSession {
  id: number;
  /** Window, epoch ms UTC, start included, end excluded (equal for a one-instant session). */
  startMs: number;
  endMs: number;
  host: string;
  /** When set, times are drawn only from these UTC hours inside the window. */
  hours: HourSpan | null;
  source: 'ioc' | 'imported' | 'pattern';
  /** Shown in the UI and in event notes. */
  label: string;
}

/** The few fields of an imported known-bad event that sessions need. */
export interface SessionExample {
  sessionId: number;
  timeMs: number;
  host: string;
}

export interface SessionOptions {
  /** Sessions to draw from the pattern when IOC and imported sessions are fewer than this. */
  count: number;
  pattern: SessionPattern;
  iocs: readonly IocEntry[];
  examples: readonly SessionExample[];
  random: Random;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
const MIN_SESSION_MS = 20 * MS_PER_MINUTE;
const MAX_SESSION_MS = 120 * MS_PER_MINUTE;
const IOC_DEFAULT_MS = MS_PER_HOUR;
const FALLBACK_HOST = 'HOST';

/** True when the UTC hour lies in the span (ends included, wrapping past midnight). */
export function isHourInSpan(hour: number, span: HourSpan): boolean {
  return span.from <= span.to ? hour >= span.from && hour <= span.to : hour >= span.from || hour <= span.to;
}

/** Sub-intervals of [startMs, endMs) whose UTC hour is in the span. */
function intervalsInHours(startMs: number, endMs: number, span: HourSpan): [number, number][] {
  const result: [number, number][] = [];
  const firstDay = Math.floor(startMs / MS_PER_DAY) - 1;
  const lastDay = Math.floor(endMs / MS_PER_DAY);
  for (let day = firstDay; day <= lastDay; day++) {
    const base = day * MS_PER_DAY;
    const pieces: [number, number][] =
      span.from <= span.to
        ? [[base + span.from * MS_PER_HOUR, base + (span.to + 1) * MS_PER_HOUR]]
        : [
            [base, base + (span.to + 1) * MS_PER_HOUR],
            [base + span.from * MS_PER_HOUR, base + MS_PER_DAY],
          ];
    for (const [from, to] of pieces) {
      const a = Math.max(from, startMs);
      const b = Math.min(to, endMs);
      if (b > a) result.push([a, b]);
    }
  }
  return result;
}

/** A time uniformly inside the session's window (and its hours when set). */
export function drawSessionTime(session: ActorSession, random: Random): number {
  const { startMs, endMs } = session;
  if (endMs <= startMs) return startMs;
  if (session.hours !== null) {
    const pieces = intervalsInHours(startMs, endMs, session.hours);
    const total = pieces.reduce((sum, [a, b]) => sum + (b - a), 0);
    let offset = Math.floor(random.next() * total);
    for (const [a, b] of pieces) {
      if (offset < b - a) return a + offset;
      offset -= b - a;
    }
  }
  return startMs + Math.floor(random.next() * (endMs - startMs));
}

/** True when a time lies in the session's window and hours. */
export function isInSession(session: ActorSession, timeMs: number): boolean {
  const inWindow = session.endMs <= session.startMs ? timeMs === session.startMs : timeMs >= session.startMs && timeMs < session.endMs;
  if (!inWindow) return false;
  if (session.hours === null) return true;
  const hour = Math.floor((((timeMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR);
  return isHourInSpan(hour, session.hours);
}

/** UTC day numbers (days since 1970-01-01) from the first to the last day of the range. */
function daysOf(range: readonly [number, number]): number[] {
  const first = Math.floor(range[0] / MS_PER_DAY);
  const last = Math.floor(range[1] / MS_PER_DAY);
  const days: number[] = [];
  for (let day = first; day <= last; day++) days.push(day);
  return days;
}

/**
 * Days of the range that pass the test; when none does, the nearest passing days before and
 * after the range (a capture of weekdays only gets the weekends around it).
 */
function daysMatching(range: readonly [number, number], isWanted: (day: number) => boolean): number[] {
  const inside = daysOf(range).filter(isWanted);
  if (inside.length > 0) return inside;
  const around: number[] = [];
  const first = Math.floor(range[0] / MS_PER_DAY);
  const last = Math.floor(range[1] / MS_PER_DAY);
  for (let d = 1; d <= 7 && around.length < 2; d++) if (isWanted(first - d)) around.push(first - d);
  for (let d = 1; d <= 7 && around.length < 4; d++) if (isWanted(last + d)) around.push(last + d);
  return around;
}

/** A window of 20–120 minutes (shorter when the allowed interval is) inside [from, to). */
function windowInside(from: number, to: number, random: Random): [number, number] {
  const length = to - from;
  const wanted = MIN_SESSION_MS + Math.floor(random.next() * (MAX_SESSION_MS - MIN_SESSION_MS));
  const duration = Math.min(length, wanted);
  const start = from + Math.floor(random.next() * (length - duration));
  return [start, start + duration];
}

function pickWeighted(weights: readonly number[], random: Random): number {
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  if (total <= 0) return random.int(weights.length);
  let r = random.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= Math.max(0, weights[i] ?? 0);
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** The allowed interval of one pattern session, before a window is cut from it. */
function patternInterval(pattern: SessionPattern, profile: CaptureProfile, random: Random): [number, number] {
  const range = profile.timeRange;
  switch (pattern.kind) {
    case 'night': {
      const day = random.pick(daysOf(range));
      return [day * MS_PER_DAY + NIGHT_HOURS.from * MS_PER_HOUR, (day + 1) * MS_PER_DAY + (NIGHT_HOURS.to + 1) * MS_PER_HOUR];
    }
    case 'weekend': {
      const isWeekend = (day: number): boolean => {
        const dow = dayOfWeek(day * MS_PER_DAY);
        return dow === 0 || dow === 6;
      };
      const day = random.pick(daysMatching(range, isWeekend));
      return [day * MS_PER_DAY, (day + 1) * MS_PER_DAY];
    }
    case 'other-timezone-office-hours': {
      const offsetMs = pattern.offsetHours * MS_PER_HOUR;
      const localRange: [number, number] = [range[0] + offsetMs, range[1] + offsetMs];
      const isWeekday = (day: number): boolean => {
        const dow = dayOfWeek(day * MS_PER_DAY);
        return dow >= 1 && dow <= 5;
      };
      const localDay = random.pick(daysMatching(localRange, isWeekday));
      const localStart = localDay * MS_PER_DAY + OFFICE_HOURS.from * MS_PER_HOUR;
      const localEnd = localDay * MS_PER_DAY + (OFFICE_HOURS.to + 1) * MS_PER_HOUR;
      return [localStart - offsetMs, localEnd - offsetMs];
    }
    case 'any-time':
      return [range[0], Math.max(range[0], range[1])];
    case 'inside-capture': {
      const day = random.pick(daysOf(range));
      const hour = pickWeighted(profile.activeHourHistogram, random);
      const start = day * MS_PER_DAY + hour * MS_PER_HOUR;
      return [start, start + MS_PER_HOUR];
    }
    default:
      return assertNever(pattern, 'session pattern');
  }
}

/** A sentence naming a pattern, for notes and the UI. */
function describePattern(pattern: SessionPattern): string {
  switch (pattern.kind) {
    case 'night':
      return 'night (22:00–05:59 UTC)';
    case 'weekend':
      return 'weekend (Saturday or Sunday, UTC)';
    case 'other-timezone-office-hours': {
      const sign = pattern.offsetHours < 0 ? '−' : '+';
      return `office hours (09:00–16:59, Monday–Friday) at UTC${sign}${Math.abs(pattern.offsetHours)}`;
    }
    case 'any-time':
      return "any time in the capture's range";
    case 'inside-capture':
      return "the capture's own active hours";
    default:
      return assertNever(pattern, 'session pattern');
  }
}

function sessionsFromIocs(iocs: readonly IocEntry[], hosts: readonly string[], random: Random): Omit<ActorSession, 'id'>[] {
  const seen = new Set<string>();
  const sessions: Omit<ActorSession, 'id'>[] = [];
  for (const entry of iocs) {
    if (entry.firstSeenMs === null && entry.lastSeenMs === null) continue;
    const startMs = entry.firstSeenMs ?? (entry.lastSeenMs ?? 0) - IOC_DEFAULT_MS;
    const endMs = entry.lastSeenMs ?? startMs + IOC_DEFAULT_MS;
    const key = `${startMs}|${endMs}|${entry.hours?.from ?? ''}-${entry.hours?.to ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Hours that the window never reaches would leave no time to draw: keep the window.
    const hours = entry.hours !== null && intervalsInHours(startMs, endMs, entry.hours).length > 0 ? entry.hours : null;
    sessions.push({
      startMs,
      endMs,
      host: hosts.length > 0 ? random.pick(hosts) : FALLBACK_HOST,
      hours,
      source: 'ioc',
      label: `IOC list line ${entry.line}${entry.actor === null ? '' : ` (${entry.actor})`}`,
    });
  }
  return sessions;
}

function sessionsFromExamples(examples: readonly SessionExample[]): Omit<ActorSession, 'id'>[] {
  const groups = new Map<number, { min: number; max: number; host: string }>();
  for (const example of examples) {
    if (!Number.isFinite(example.timeMs)) continue;
    const group = groups.get(example.sessionId);
    if (group === undefined) groups.set(example.sessionId, { min: example.timeMs, max: example.timeMs, host: example.host });
    else {
      group.min = Math.min(group.min, example.timeMs);
      group.max = Math.max(group.max, example.timeMs);
    }
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([sessionId, group]) => ({
      startMs: group.min,
      // End is excluded: one more ms keeps the last imported event's time drawable.
      endMs: group.max + 1,
      host: group.host,
      hours: null,
      source: 'imported' as const,
      label: `imported session ${sessionId}`,
    }));
}

/**
 * Sessions from IOC first/last-seen times and imported examples first, then drawn from the
 * pattern until there are `count`.
 */
export function buildSessions(profile: CaptureProfile, options: SessionOptions): ActorSession[] {
  const { random } = options;
  const known = [...sessionsFromIocs(options.iocs, profile.hosts, random), ...sessionsFromExamples(options.examples)];
  const needed = Math.max(0, options.count - known.length);
  if (needed > 0 && !(Number.isFinite(profile.timeRange[0]) && Number.isFinite(profile.timeRange[1]))) {
    throw new RangeError('The capture has no event times, so sessions cannot be placed around it.');
  }
  const drawn: Omit<ActorSession, 'id'>[] = [];
  for (let i = 0; i < needed; i++) {
    const [from, to] = patternInterval(options.pattern, profile, random);
    const [startMs, endMs] = windowInside(from, to, random);
    drawn.push({
      startMs,
      endMs,
      host: profile.hosts.length > 0 ? random.pick(profile.hosts) : FALLBACK_HOST,
      hours: null,
      source: 'pattern',
      label: describePattern(options.pattern),
    });
  }
  return [...known, ...drawn].map((session, id) => ({ id, ...session }));
}
