/**
 * Time parsing for capture rows. Every row carries at least one timestamp, so the common
 * RFC 3339 shape is parsed by hand (Date.parse is several times slower and reads zone-less
 * text as local time).
 */
import { ownString } from '../lib/ownString';

const MS_PER_SECOND = 1000;
/** Milliseconds between 1601-01-01 (FILETIME epoch) and 1970-01-01. */
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Digit value of the character at index, or -1 (also past the end). */
function digit(text: string, index: number): number {
  const value = text.charCodeAt(index) - 48;
  return value >= 0 && value <= 9 ? value : -1;
}

/** Two digits at index as a number, or -1. */
function twoDigits(text: string, index: number): number {
  const high = text.charCodeAt(index) - 48;
  const low = text.charCodeAt(index + 1) - 48;
  // NaN past the end fails both comparisons, as do non-digits.
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): plain
 * arithmetic, several times faster than Date.UTC, and right for years below 100 too.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** `YYYY-MM-DDTHH:MM` of the last text a {@link TimestampParser} parsed, and its epoch ms (UTC, before any offset). */
interface MinuteCache {
  prefix: string;
  ms: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Parses `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM|±HH]` into epoch ms (UTC,
 * truncated to whole ms). Text without a zone is read as UTC: ETW tools write UTC.
 * Returns null when the text does not have that shape (the caller then tries Date.parse),
 * NaN when it has the shape but impossible values (month 13, Feb 30, hour 24).
 *
 * Why parseIsoBytes (byteFields.ts) repeats it over UTF-8 bytes: one shared per-code reader
 * (tried) cost readCapture 3-6% CPU, so the two keep their fixed-offset reads; change both,
 * byteFields.test.ts checks they agree.
 */
function parseIsoShape(text: string, lastMinute: MinuteCache): number | null {
  const length = text.length;
  if (length < 16) return null;
  let minuteMs: number;
  let isImpossible = false;
  // Rows come in time order, so most share the previous row's date, hour and minute.
  if (lastMinute.prefix.length === 16 && text.startsWith(lastMinute.prefix)) {
    minuteMs = lastMinute.ms;
  } else {
    const century = twoDigits(text, 0);
    const yearOfCentury = twoDigits(text, 2);
    if (century < 0 || yearOfCentury < 0) return null;
    if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null; // '-'
    const separator = text.charCodeAt(10);
    if (separator !== 84 && separator !== 116 && separator !== 32) return null; // 'T' 't' ' '
    if (text.charCodeAt(13) !== 58) return null; // ':'
    const month = twoDigits(text, 5);
    const day = twoDigits(text, 8);
    const hour = twoDigits(text, 11);
    const minute = twoDigits(text, 14);
    if (month < 0 || day < 0 || hour < 0 || minute < 0) return null;
    minuteMs = civilToMs(century * 100 + yearOfCentury, month, day, hour, minute, 0, 0);
    if (Number.isNaN(minuteMs)) {
      isImpossible = true; // NaN rather than Date.parse, once the rest has the shape too
    } else {
      // Its own string: a slice would keep the whole chunk of capture text it came from alive.
      lastMinute.prefix = ownString(text.slice(0, 16));
      lastMinute.ms = minuteMs;
    }
  }

  let index = 16;
  let second = 0;
  let millis = 0;
  if (index < length && text.charCodeAt(index) === 58) {
    second = twoDigits(text, index + 1);
    if (second < 0) return null;
    index += 3;
    if (index < length && text.charCodeAt(index) === 46) {
      index++;
      // Integer maths on the first three digits; later digits are checked and dropped.
      let digitCount = 0;
      while (index < length) {
        const value = text.charCodeAt(index) - 48;
        if (value < 0 || value > 9) break;
        if (digitCount < 3) millis = millis * 10 + value;
        digitCount++;
        index++;
      }
      if (digitCount === 0) return null;
      if (digitCount === 1) millis *= 100;
      else if (digitCount === 2) millis *= 10;
    }
  }

  let offsetMinutes = 0;
  if (index < length) {
    const zone = text.charCodeAt(index);
    if (zone === 90 || zone === 122) {
      index++; // 'Z' 'z'
    } else if (zone === 43 || zone === 45) {
      const sign = zone === 43 ? 1 : -1;
      const offsetHours = twoDigits(text, index + 1);
      if (offsetHours < 0) return null;
      index += 3;
      let offsetMins = 0;
      if (index < length) {
        if (text.charCodeAt(index) === 58) index++;
        offsetMins = twoDigits(text, index);
        if (offsetMins < 0) return null;
        index += 2;
      }
      if (offsetHours > 23 || offsetMins > 59) return Number.NaN;
      offsetMinutes = sign * (offsetHours * 60 + offsetMins);
    } else {
      return null;
    }
  }
  if (index !== length) return null;
  if (isImpossible || second > 59) return Number.NaN;
  return minuteMs + second * MS_PER_SECOND + millis - offsetMinutes * 60_000;
}

/** Epoch ms of a UTC civil time, NaN when a part is out of range (month 13, Feb 30, hour 24). */
export function civilToMs(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): number {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return Number.NaN;
  }
  const monthDays = month === 2 && !isLeapYear(year) ? 28 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > monthDays) return Number.NaN;
  return daysFromCivil(year, month, day) * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * MS_PER_SECOND + millis;
}

const LEFT_TO_RIGHT_MARK = 0x200e;
const RIGHT_TO_LEFT_MARK = 0x200f;
const DIRECTION_MARKS = /[\u200e\u200f]/g;
/** Separator expected after each field of `YYYY-MM-DDTHH:MM:SS`, by field index. */
const FIELD_SEPARATORS = [45, 45, 84, 58, 58] as const;
const FIELD_DIGITS = [4, 2, 2, 2, 2, 2] as const;

/**
 * The one-pass reading of a TDH date's `YYYY-MM-DD[Tt ]HH:MM:SS[.fraction]` fed one character
 * code at a time, the direction marks left out by the caller: {@link TimestampParser.parseMarked}
 * feeds UTF-16 code units, parseMarkedBytes (byteFields.ts) UTF-8 bytes, so both read dates by
 * the same rules. One shape, so V8 inlines its methods; begin() resets it, so one instance per
 * parser ({@link TimestampParser}, ByteFieldParser) serves every call.
 */
export class MarkedDateReader {
  private readonly fields = new Int32Array(6);
  private field = 0;
  private fieldDigits = 0;
  private millis = 0;
  /** -1 while no fraction is seen. */
  private fractionDigits = -1;

  begin(): void {
    this.fields.fill(0);
    this.field = 0;
    this.fieldDigits = 0;
    this.millis = 0;
    this.fractionDigits = -1;
  }

  /** Takes the next code; false at the first that is no part of the date (the caller reads the rest). */
  step(code: number): boolean {
    const value = code - 48;
    if (value >= 0 && value <= 9) {
      if (this.fractionDigits >= 0) {
        // Integer maths on the first three digits; later digits are checked and dropped.
        if (this.fractionDigits < 3) this.millis = this.millis * 10 + value;
        this.fractionDigits++;
      } else {
        this.fields[this.field] = (this.fields[this.field] ?? 0) * 10 + value;
        this.fieldDigits++;
      }
      return true;
    }
    const field = this.field;
    if (this.fractionDigits >= 0 || this.fieldDigits !== FIELD_DIGITS[field]) return false;
    if (field < 5) {
      if (code !== FIELD_SEPARATORS[field] && !(field === 2 && (code === 116 || code === 32))) return false;
      this.field = field + 1;
      this.fieldDigits = 0;
      return true;
    }
    if (code !== 46) return false; // '.'
    this.fractionDigits = 0;
    return true;
  }

  /** Epoch ms of the date read (NaN for impossible values), or null when the codes fed were not a whole date. */
  finish(): number | null {
    const fractionDigits = this.fractionDigits;
    if (fractionDigits === 0 || this.field !== 5 || (fractionDigits < 0 && this.fieldDigits !== 2)) return null;
    let millis = this.millis;
    if (fractionDigits === 1) millis *= 100;
    else if (fractionDigits === 2) millis *= 10;
    const fields = this.fields;
    return civilToMs(fields[0] ?? 0, fields[1] ?? 0, fields[2] ?? 0, fields[3] ?? 0, fields[4] ?? 0, fields[5] ?? 0, millis);
  }
}

function isAllDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    if (digit(text, i) < 0) return false;
  }
  return true;
}

/**
 * Epoch ms for a numeric timestamp whose unit is told by its magnitude: seconds (Velociraptor
 * `_ts`), milliseconds, microseconds, Windows FILETIME (100 ns ticks since 1601, raw
 * EVENT_HEADER) or nanoseconds. Between 1970 and 2100 these ranges do not overlap.
 * Negative or non-finite input gives NaN.
 */
export function epochNumberToMs(value: number): number {
  if (!Number.isFinite(value) || value < 0) return Number.NaN;
  if (value < 1e11) return Math.floor(value * MS_PER_SECOND);
  if (value < 1e14) return Math.floor(value);
  if (value < 1e16) return Math.floor(value / 1e3);
  if (value < 1e18) return Math.floor(value / 1e4) - FILETIME_EPOCH_OFFSET_MS;
  return Math.floor(value / 1e6);
}

/**
 * The timestamp parsers of one file's rows, with what they keep between rows: the minute of the
 * last RFC 3339 text (rows come in time order) and the scratch of the TDH date reader. One per
 * file (see FieldParsers, fieldParsers.ts), so nothing of a capture outlives its load.
 */
export class TimestampParser {
  private readonly minute: MinuteCache = { prefix: '', ms: 0 };
  private readonly markedDate = new MarkedDateReader();

  /**
   * Epoch ms (UTC, whole ms) for a timestamp text: RFC 3339 / ISO 8601 with any number of
   * fraction digits (Velociraptor writes 7, TDH writes 9) and an optional zone; an all-digit
   * text as {@link epochNumberToMs}; anything else through Date.parse. NaN when unparsable.
   */
  parse(text: string): number {
    const iso = parseIsoShape(text, this.minute);
    if (iso !== null) return iso;
    if (isAllDigits(text)) return epochNumberToMs(Number(text));
    return Date.parse(text);
  }

  /** {@link parse} for strings, {@link epochNumberToMs} for numbers, NaN otherwise. */
  valueToMs(value: unknown): number {
    if (typeof value === 'string') return this.parse(value);
    if (typeof value === 'number') return epochNumberToMs(value);
    return Number.NaN;
  }

  /**
   * Epoch ms of a TDH date string such as CreateTime, which carries invisible U+200E/U+200F
   * marks between its parts (`\u200e2024\u200e-\u200e12\u200e-\u200e19T08:10:41.597027800Z`):
   * the same as stripping the marks and calling {@link parse}. The common
   * `YYYY-MM-DDTHH:MM:SS[.fraction][Z]` shape is read in one pass that skips the marks, without
   * building a cleaned string; other shapes take the strip-and-parse path.
   */
  parseMarked(text: string): number {
    const length = text.length;
    const reader = this.markedDate;
    reader.begin();
    let index = 0;
    for (; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code === LEFT_TO_RIGHT_MARK || code === RIGHT_TO_LEFT_MARK) continue;
      if (!reader.step(code)) break;
    }
    if (index < length) {
      // Only a final 'Z' (and marks) may follow; anything else takes the general path.
      const zone = text.charCodeAt(index);
      let rest = index + 1;
      while (rest < length && (text.charCodeAt(rest) === LEFT_TO_RIGHT_MARK || text.charCodeAt(rest) === RIGHT_TO_LEFT_MARK)) rest++;
      if ((zone !== 90 && zone !== 122) || rest !== length) return this.parse(text.replace(DIRECTION_MARKS, ''));
    }
    return reader.finish() ?? this.parse(text.replace(DIRECTION_MARKS, ''));
  }
}
