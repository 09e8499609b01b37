/**
 * Field values read straight from the UTF-8 bytes of a JSON Lines row (byteTemplates.ts), so a
 * row a byte template matched becomes an event without decoding it: numbers and timestamps
 * parsed from digits, strings looked up by their bytes in a per-file dictionary and decoded only
 * when new. Each reader gives what its string counterpart gives for the decoded (and unescaped)
 * text, or null / -1 where it cannot be sure from the bytes (a backslash escape, other
 * non-ASCII than the direction marks of TDH dates): the caller then decodes the value and takes
 * the string path, so the outcome never depends on this file.
 */
import { KERNEL_PROCESS_PROVIDER_GUID } from './normalizeRow';
import { IntegerCodeReader } from './integerField';
import { civilToMs, MarkedDateReader } from './timestamp';
import type { UnescapedStrings } from './templateEvents';

const BACKSLASH = 92;
const DIGIT_ZERO = 48;

/** A JSON string body decoded as the line decoder does: no BOM is stripped, invalid bytes become U+FFFD. */
export const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** True when the bytes hold no backslash and nothing beyond ASCII: their text is their bytes. */
export function isPlainAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = bytes[i] ?? 0;
    if (code >= 0x80 || code === BACKSLASH) return false;
  }
  return true;
}

/** The text of ASCII bytes (a JSON number's). */
export function asciiText(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/** Number() of a JSON number's bytes; short digit runs without building a string. */
export function numberOfBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end > start && end - start <= 15) {
    let value = 0;
    let i = start;
    for (; i < end; i++) {
      const digit = (bytes[i] ?? 0) - DIGIT_ZERO;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (i === end) return value;
  }
  return Number(asciiText(bytes, start, end));
}

/** Two ASCII digits at index as a number, or -1. */
function twoDigits(bytes: Uint8Array, index: number): number {
  const high = (bytes[index] ?? 0) - 48;
  const low = (bytes[index + 1] ?? 0) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/** Length of a U+200E or U+200F (E2 80 8E / E2 80 8F) at index, else 0. */
function directionMarkAt(bytes: Uint8Array, index: number, end: number): number {
  if (index + 2 >= end || bytes[index] !== 0xe2 || bytes[index + 1] !== 0x80) return 0;
  const last = bytes[index + 2];
  return last === 0x8e || last === 0x8f ? 3 : 0;
}

const KERNEL_PROCESS_GUID_BYTES = new TextEncoder().encode(KERNEL_PROCESS_PROVIDER_GUID);

/**
 * isKernelProcessGuidText (normalizeRow.ts) of plain ASCII bytes: braces optional, letters in
 * either case; null for escapes and non-ASCII, whose lower case the string path decides.
 */
export function isKernelProcessGuidBytes(bytes: Uint8Array, start: number, end: number): boolean | null {
  let from = start;
  let to = end;
  if (bytes[from] === 123) from++; // '{'
  if (to > from && bytes[to - 1] === 125) to--; // '}'
  let isMatch = to - from === KERNEL_PROCESS_GUID_BYTES.length;
  for (let i = 0; isMatch && i < KERNEL_PROCESS_GUID_BYTES.length; i++) {
    const code = bytes[from + i] ?? 0;
    isMatch = (code >= 65 && code <= 90 ? code + 32 : code) === KERNEL_PROCESS_GUID_BYTES[i];
  }
  // Every byte matched an ASCII one; otherwise only plain ASCII text is surely no match.
  return isMatch ? true : isPlainAscii(bytes, start, end) ? false : null;
}

/** True when the bytes at `index` are U+200E, the mark Velociraptor's TDH dates carry. */
function isLeftToRightMarkAt(bytes: Uint8Array, index: number): boolean {
  return bytes[index] === 0xe2 && bytes[index + 1] === 0x80 && bytes[index + 2] === 0x8e;
}

function digitAt(bytes: Uint8Array, index: number): number {
  const value = (bytes[index] ?? 0) - 48;
  return value >= 0 && value <= 9 ? value : -1;
}

/**
 * The layout every Velociraptor CreateTime has, `‎YYYY‎-‎MM‎-‎DDTHH:MM:SS.fffffffffZ` with a
 * U+200E before each date part, read at fixed offsets; null for any other text (the general
 * loop of {@link ByteFieldParser.parseMarkedBytes} reads it).
 */
function parseVelociraptorCreateTime(bytes: Uint8Array, start: number, end: number): number | null {
  if (end - start < 37 || bytes[end - 1] !== 90) return null; // 'Z'
  if (!isLeftToRightMarkAt(bytes, start) || !isLeftToRightMarkAt(bytes, start + 7) || !isLeftToRightMarkAt(bytes, start + 11)) return null;
  if (!isLeftToRightMarkAt(bytes, start + 16) || !isLeftToRightMarkAt(bytes, start + 20)) return null;
  if (bytes[start + 10] !== 45 || bytes[start + 19] !== 45 || bytes[start + 25] !== 84 || bytes[start + 28] !== 58 || bytes[start + 31] !== 58) return null;
  if (bytes[start + 34] !== 46) return null; // '.'
  const y0 = digitAt(bytes, start + 3);
  const y1 = digitAt(bytes, start + 4);
  const y2 = digitAt(bytes, start + 5);
  const y3 = digitAt(bytes, start + 6);
  const month = twoDigits(bytes, start + 14);
  const day = twoDigits(bytes, start + 23);
  const hour = twoDigits(bytes, start + 26);
  const minute = twoDigits(bytes, start + 29);
  const second = twoDigits(bytes, start + 32);
  if (y0 < 0 || y1 < 0 || y2 < 0 || y3 < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let millis = 0;
  let fractionDigits = 0;
  for (let i = start + 35; i < end - 1; i++) {
    const value = digitAt(bytes, i);
    if (value < 0) return null;
    if (fractionDigits < 3) millis = millis * 10 + value;
    fractionDigits++;
  }
  if (fractionDigits === 1) millis *= 100;
  else if (fractionDigits === 2) millis *= 10;
  return civilToMs(y0 * 1000 + y1 * 100 + y2 * 10 + y3, month, day, hour, minute, second, millis);
}

/**
 * The byte readers of one file's rows that keep something between rows: the minute of the last
 * RFC 3339 timestamp (rows come in time order) and the scratch of the integer and TDH date
 * readers. One per file (FieldParsers, fieldParsers.ts), so nothing of a capture outlives its load.
 */
export class ByteFieldParser {
  /** `YYYY-MM-DDTHH:MM` bytes of the last parsed timestamp, and its epoch ms. */
  private readonly cachedMinute = new Uint8Array(16);
  private cachedMinuteMs = Number.NaN;
  private readonly integerReader = new IntegerCodeReader();
  private readonly markedDate = new MarkedDateReader();

  /** parseIntegerText (integerField.ts) of the bytes' text; -1 also for any escape, which the caller then decodes. */
  parseIntegerBytes(bytes: Uint8Array, start: number, end: number): number {
    // A backslash or a byte of a multi-byte character is no digit, comma or hex letter: -1.
    for (let i = start + this.integerReader.begin(end - start, bytes[start] ?? 0, bytes[start + 1] ?? 0); i < end; i++) {
      if (!this.integerReader.step(bytes[i] ?? 0)) return -1;
    }
    return this.integerReader.finish();
  }

  private isCachedMinute(bytes: Uint8Array, start: number): boolean {
    if (Number.isNaN(this.cachedMinuteMs)) return false;
    const cachedMinute = this.cachedMinute;
    for (let i = 0; i < 16; i++) if (bytes[start + i] !== cachedMinute[i]) return false;
    return true;
  }

  /**
   * TimestampParser.parse (timestamp.ts) of plain ASCII bytes in the RFC 3339 shape its parseIsoShape
   * reads, the same rules byte for byte; null for any other text (the caller decodes it and takes
   * the string path, which also reads epoch digits and what Date.parse accepts).
   *
   * Why a twin of parseIsoShape (timestamp.ts) rather than one reader: both fed to one per-code
   * state machine (IsoTimeReader, tried) made readCapture 3-6% slower on the 300k-event capture,
   * since this runs for every row and its fixed-offset reads are cheaper than a step per code.
   * A change to the accepted shape goes into both, and byteFields.test.ts checks they agree.
   */
  parseIsoBytes(bytes: Uint8Array, start: number, end: number): number | null {
    const length = end - start;
    if (length < 16 || !isPlainAscii(bytes, start, end)) return null;
    let minuteMs: number;
    let isImpossible = false;
    // Rows come in time order, so most share the previous row's date, hour and minute.
    if (this.isCachedMinute(bytes, start)) {
      minuteMs = this.cachedMinuteMs;
    } else {
      const century = twoDigits(bytes, start);
      const yearOfCentury = twoDigits(bytes, start + 2);
      if (century < 0 || yearOfCentury < 0) return null;
      if (bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return null; // '-'
      const separator = bytes[start + 10];
      if (separator !== 84 && separator !== 116 && separator !== 32) return null; // 'T' 't' ' '
      if (bytes[start + 13] !== 58) return null; // ':'
      const month = twoDigits(bytes, start + 5);
      const day = twoDigits(bytes, start + 8);
      const hour = twoDigits(bytes, start + 11);
      const minute = twoDigits(bytes, start + 14);
      if (month < 0 || day < 0 || hour < 0 || minute < 0) return null;
      minuteMs = civilToMs(century * 100 + yearOfCentury, month, day, hour, minute, 0, 0);
      if (Number.isNaN(minuteMs)) {
        isImpossible = true;
      } else {
        this.cachedMinute.set(bytes.subarray(start, start + 16));
        this.cachedMinuteMs = minuteMs;
      }
    }

    let index = start + 16;
    let second = 0;
    let millis = 0;
    if (index < end && bytes[index] === 58) {
      second = twoDigits(bytes, index + 1);
      if (second < 0 || index + 2 >= end) return null;
      index += 3;
      if (index < end && bytes[index] === 46) {
        index++;
        let digitCount = 0;
        while (index < end) {
          const value = (bytes[index] ?? 0) - 48;
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
    if (index < end) {
      const zone = bytes[index];
      if (zone === 90 || zone === 122) {
        index++;
      } else if (zone === 43 || zone === 45) {
        const sign = zone === 43 ? 1 : -1;
        const offsetHours = index + 2 < end ? twoDigits(bytes, index + 1) : -1;
        if (offsetHours < 0) return null;
        index += 3;
        let offsetMins = 0;
        if (index < end) {
          if (bytes[index] === 58) index++;
          offsetMins = index + 1 < end ? twoDigits(bytes, index) : -1;
          if (offsetMins < 0) return null;
          index += 2;
        }
        if (offsetHours > 23 || offsetMins > 59) return Number.NaN;
        offsetMinutes = sign * (offsetHours * 60 + offsetMins);
      } else {
        return null;
      }
    }
    if (index !== end) return null;
    if (isImpossible || second > 59) return Number.NaN;
    return minuteMs + second * 1000 + millis - offsetMinutes * 60_000;
  }

  /**
   * TimestampParser.parseMarked (timestamp.ts) of a TDH date's bytes, direction marks skipped as
   * there, in the one-pass shape it reads; null for every text it would strip and parse the
   * general way, and for escapes and other non-ASCII (the caller takes the string path).
   */
  parseMarkedBytes(bytes: Uint8Array, start: number, end: number): number | null {
    const velociraptor = parseVelociraptorCreateTime(bytes, start, end);
    if (velociraptor !== null) return velociraptor;
    const reader = this.markedDate;
    reader.begin();
    let index = start;
    for (; index < end; index++) {
      const code = bytes[index] ?? 0;
      if (code >= 0x80) {
        const mark = directionMarkAt(bytes, index, end);
        if (mark === 0) return null;
        index += mark - 1;
        continue;
      }
      // A backslash stops the date too, and is no 'Z' below: null.
      if (!reader.step(code)) break;
    }
    if (index < end) {
      const zone = bytes[index];
      let rest = index + 1;
      for (let mark = directionMarkAt(bytes, rest, end); mark > 0; mark = directionMarkAt(bytes, rest, end)) rest += mark;
      if ((zone !== 90 && zone !== 122) || rest !== end) return null;
    }
    return reader.finish();
  }
}

/** Slots of the open-addressing table (a power of two), and entries before it is emptied. */
const CACHE_SLOTS = 8192;
const MAX_CACHED = CACHE_SLOTS / 2;

/**
 * The strings of one file's JSON string bodies by their bytes: image paths, hosts and provider
 * GUIDs repeat on most rows, so each distinct body is decoded (and unescaped) once and later
 * rows find it by a hash of the bytes, without making a string. Emptied when full (a file of
 * mostly distinct values then decodes them, as the string path does).
 */
export class ByteStringCache {
  private readonly hashes = new Int32Array(CACHE_SLOTS);
  private keys: (DataView | undefined)[] = new Array<DataView | undefined>(CACHE_SLOTS);
  private values: string[] = new Array<string>(CACHE_SLOTS);
  private size = 0;

  private readonly unescaped: UnescapedStrings;

  /** Decodes escaped bodies through the file's {@link UnescapedStrings}. */
  constructor(unescaped: UnescapedStrings) {
    this.unescaped = unescaped;
  }

  /** UnescapedStrings.stringValue (templateEvents.ts) of the decoded body bytes. */
  get(bytes: Uint8Array, view: DataView, start: number, end: number): string {
    // FNV-1a over four bytes at a time, then the last few.
    let hash = 0x811c9dc5 ^ (end - start);
    let i = start;
    for (; i + 4 <= end; i += 4) hash = Math.imul(hash ^ view.getInt32(i, true), 0x01000193);
    for (; i < end; i++) hash = Math.imul(hash ^ (bytes[i] ?? 0), 0x01000193);
    const mask = CACHE_SLOTS - 1;
    let slot = hash & mask;
    for (let key = this.keys[slot]; key !== undefined; key = this.keys[slot]) {
      if (this.hashes[slot] === hash && isSameBytes(key, view, start, end)) return this.values[slot] ?? '';
      slot = (slot + 1) & mask;
    }
    const value = this.unescaped.stringValue(utf8Decoder.decode(bytes.subarray(start, end)));
    if (this.size >= MAX_CACHED) {
      this.keys = new Array<DataView | undefined>(CACHE_SLOTS);
      this.values = new Array<string>(CACHE_SLOTS);
      this.size = 0;
      slot = hash & mask;
    }
    this.keys[slot] = new DataView(bytes.slice(start, end).buffer);
    this.hashes[slot] = hash;
    this.values[slot] = value;
    this.size++;
    return value;
  }
}

function isSameBytes(key: DataView, view: DataView, start: number, end: number): boolean {
  const length = key.byteLength;
  if (length !== end - start) return false;
  let i = 0;
  for (; i + 4 <= length; i += 4) if (key.getInt32(i, true) !== view.getInt32(start + i, true)) return false;
  for (; i < length; i++) if (key.getUint8(i) !== view.getUint8(start + i)) return false;
  return true;
}
