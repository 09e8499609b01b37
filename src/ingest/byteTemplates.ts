/**
 * Row templates (rowTemplates.ts) matched on a line's UTF-8 bytes instead of its decoded text,
 * for the templates whose rows become events straight from their captures (Kernel-Process
 * rows, templateEvents.ts): the template's fixed text is compared byte for byte, each value is
 * checked against JSON's grammar as the template's RegExp checks it, and the kept values are
 * left as byte spans that {@link ByteCaptures} reads without decoding the line (byteFields.ts).
 *
 * Why it matches exactly what the RegExp matches on the decoded line: every byte of JSON
 * structure is ASCII, and UTF-8 decoding never joins an ASCII byte into another character (an
 * invalid sequence becomes U+FFFD and the ASCII byte stays itself), so quotes, backslashes,
 * separators and digits sit at the same places in both; bytes from 0x80 inside a string decode
 * to characters the RegExp's string body accepts, and outside a string to characters no JSON
 * token holds, which the byte comparison rejects too.
 */
import { isKernelProcessGuidBytes, numberOfBytes, ByteStringCache } from './byteFields';
import type { FieldParsers } from './fieldParsers';
import { parseIntegerText } from './integerField';
import type { ScanRecording } from './rowFieldScanner';
import { SlotKind, type KernelProcessPlan, type RowCaptures, type SlotKindCode } from './templateEvents';

/** A value the template skips: any JSON scalar. */
const ANY_SCALAR = 3;

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const UPPER_E = 69;
const LOWER_E = 101;

/** A row template compiled to bytes: fixed text and slots alternate, starting and ending with fixed text (maybe empty). */
export interface ByteTemplate {
  /** The fixed texts, UTF-8, back to back. */
  readonly fixed: Uint8Array;
  /** End of each fixed text in {@link fixed}; one more than there are slots. */
  readonly fixedEnds: Int32Array;
  /**
   * The fixed texts of eight bytes or more as 64-bit words read as doubles (little-endian), the
   * last word of each overlapping the one before when its length is no multiple of eight: a
   * double compares equal exactly when its bits do, except NaN and ±0, so a text with such a
   * word (none in valid JSON, whose fixed text holds no NUL) gets no words and is compared byte by byte.
   */
  readonly fixedWords: Float64Array;
  /** End of each fixed text's words in {@link fixedWords} (its start is the end of the one before). */
  readonly fixedWordEnds: Int32Array;
  /** Per slot: SlotKind of a kept value, or {@link ANY_SCALAR}. */
  readonly slotKinds: Uint8Array;
  /** Per slot: its capture group (1-based), 0 for a skipped value. */
  readonly slotGroups: Int32Array;
  /** Capture groups, plus one (group 0 unused). */
  readonly groupCount: number;
  readonly plan: KernelProcessPlan;
}

const encoder = new TextEncoder();

/** The byte template of a template row (its text, the scan's recording, the kinds of its kept values). */
export function byteTemplateOf(line: string, recording: ScanRecording, kinds: readonly SlotKindCode[], plan: KernelProcessPlan): ByteTemplate {
  const slots = recording.slots;
  const parts: Uint8Array[] = [];
  const fixedEnds = new Int32Array(slots.length + 1);
  const slotKinds = new Uint8Array(slots.length);
  const slotGroups = new Int32Array(slots.length);
  let fixedLength = 0;
  let end = 0;
  const addFixed = (text: string, index: number): void => {
    const bytes = encoder.encode(text);
    parts.push(bytes);
    fixedLength += bytes.length;
    fixedEnds[index] = fixedLength;
  };
  slots.forEach((slot, index) => {
    addFixed(line.slice(end, slot.start), index);
    end = slot.end;
    slotGroups[index] = slot.group;
    slotKinds[index] = slot.group === 0 ? ANY_SCALAR : (kinds[slot.group] ?? SlotKind.Literal);
  });
  addFixed(line.slice(end), slots.length);
  const fixed = new Uint8Array(fixedLength);
  let offset = 0;
  for (const part of parts) {
    fixed.set(part, offset);
    offset += part.length;
  }
  const { words, wordEnds } = fixedWordsOf(new DataView(fixed.buffer), fixedEnds);
  return { fixed, fixedEnds, fixedWords: words, fixedWordEnds: wordEnds, slotKinds, slotGroups, groupCount: kinds.length, plan };
}

/** Bytes in one word of {@link ByteTemplate.fixedWords}. */
const WORD_BYTES = 8;

/** {@link ByteTemplate.fixedWords} and {@link ByteTemplate.fixedWordEnds} of the fixed texts. */
function fixedWordsOf(fixedView: DataView, fixedEnds: Int32Array): { words: Float64Array; wordEnds: Int32Array } {
  const words: number[] = [];
  const wordEnds = new Int32Array(fixedEnds.length);
  let textStart = 0;
  fixedEnds.forEach((textEnd, index) => {
    const length = textEnd - textStart;
    if (length >= WORD_BYTES) {
      const textWords: number[] = [];
      for (let k = 0; k < length - WORD_BYTES; k += WORD_BYTES) textWords.push(fixedView.getFloat64(textStart + k, true));
      textWords.push(fixedView.getFloat64(textEnd - WORD_BYTES, true));
      if (textWords.every((word) => word !== 0 && !Number.isNaN(word))) words.push(...textWords);
    }
    wordEnds[index] = words.length;
    textStart = textEnd;
  });
  return { words: Float64Array.from(words), wordEnds };
}

/**
 * Non-zero when one of the four bytes of `word` is a quote, a backslash or a control character
 * (below 0x20): the bytes a JSON string's plain run may not hold (the "has a zero byte" and
 * "has a byte less than n" tests of Bit Twiddling Hacks, exact for whether any byte qualifies).
 */
function stringStopsIn(word: number): number {
  const quote = word ^ 0x22222222;
  const backslash = word ^ 0x5c5c5c5c;
  return (((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash) | ((word - 0x20202020) & ~word)) & 0x80808080;
}

/**
 * End of the JSON string whose opening quote is at `pos` (just past its closing quote), or -1
 * when it is not a valid one before `end`.
 */
function stringEnd(bytes: Uint8Array, view: DataView, pos: number, end: number): number {
  if (pos >= end || bytes[pos] !== QUOTE) return -1;
  const close = jsonStringBodyEnd(bytes, view, pos + 1, end, true);
  return close < 0 ? -1 : close + 1;
}

/**
 * Where the quote that closes the JSON string body starting at `pos` stands, or -1 when the body
 * is not a valid one before `end` (or holds `\"` and `isQuoteEscapable` is false: inside a CSV
 * cell, whose quotes are doubled, that quote would end the cell). Plain runs are skipped four
 * bytes at a time (words may reach past `end` within `bytes`: a stop found there fails the string).
 */
export function jsonStringBodyEnd(bytes: Uint8Array, view: DataView, pos: number, end: number, isQuoteEscapable: boolean): number {
  const lastWord = bytes.length - 4;
  for (;;) {
    if (pos <= lastWord) {
      const stops = stringStopsIn(view.getInt32(pos, true));
      if (stops === 0) {
        pos += 4;
        continue;
      }
      // The lowest flagged byte is a real stop (the tests' false positives lie above one).
      pos += (31 - Math.clz32(stops & -stops)) >> 3;
    }
    if (pos >= end) return -1;
    const code = bytes[pos] ?? 0;
    if (code === QUOTE) return pos;
    if (code !== BACKSLASH) {
      if (code < 32) return -1;
      pos++;
      continue;
    }
    const escaped = bytes[pos + 1];
    if (escaped === 117) {
      // \uXXXX
      for (let i = pos + 2; i < pos + 6; i++) {
        const lower = (bytes[i] ?? 0) | 32;
        if (!((lower >= ZERO && lower <= NINE) || (lower >= 97 && lower <= 102))) return -1;
      }
      pos += 6;
    } else if (
      (escaped === QUOTE && isQuoteEscapable) ||
      escaped === BACKSLASH ||
      escaped === 47 ||
      escaped === 98 ||
      escaped === 102 ||
      escaped === 110 ||
      escaped === 114 ||
      escaped === 116
    ) {
      pos += 2;
    } else {
      return -1;
    }
  }
}

/** End of the digits from `pos`. */
function digitsEnd(bytes: Uint8Array, pos: number, end: number): number {
  while (pos < end) {
    const code = bytes[pos] ?? 0;
    if (code < ZERO || code > NINE) break;
    pos++;
  }
  return pos;
}

/** End of the JSON number at `pos` (no leading zeros, no bare dot, no '+'), or -1. */
export function numberEnd(bytes: Uint8Array, pos: number, end: number): number {
  if (pos < end && bytes[pos] === MINUS) pos++;
  const first = pos < end ? (bytes[pos] ?? 0) : 0;
  if (first === ZERO) pos++;
  else if (first > ZERO && first <= NINE) pos = digitsEnd(bytes, pos + 1, end);
  else return -1;
  if (pos < end && bytes[pos] === DOT) {
    const fractionEnd = digitsEnd(bytes, pos + 1, end);
    if (fractionEnd === pos + 1) return -1;
    pos = fractionEnd;
  }
  const exponent = pos < end ? bytes[pos] : 0;
  if (exponent === LOWER_E || exponent === UPPER_E) {
    pos++;
    const sign = pos < end ? bytes[pos] : 0;
    if (sign === PLUS || sign === MINUS) pos++;
    const exponentEnd = digitsEnd(bytes, pos, end);
    if (exponentEnd === pos) return -1;
    pos = exponentEnd;
  }
  return pos;
}

/** End of `true`, `false` or `null` at `pos`, or -1. */
export function literalEnd(bytes: Uint8Array, pos: number, end: number): number {
  const first = bytes[pos];
  if (first === 116) return pos + 4 <= end && bytes[pos + 1] === 114 && bytes[pos + 2] === 117 && bytes[pos + 3] === 101 ? pos + 4 : -1;
  if (first === 110) return pos + 4 <= end && bytes[pos + 1] === 117 && bytes[pos + 2] === 108 && bytes[pos + 3] === 108 ? pos + 4 : -1;
  if (first === 102) {
    return pos + 5 <= end && bytes[pos + 1] === 97 && bytes[pos + 2] === 108 && bytes[pos + 3] === 115 && bytes[pos + 4] === 101 ? pos + 5 : -1;
  }
  return -1;
}

/**
 * Where a match of the template with the bytes from `start` ends (`view` over the same bytes),
 * reading no further than `end`, or -1 when there is none. Then `spans` holds each kept value's
 * bytes (a string's without its quotes) as start and end at `2·group`. A match ending at `end`
 * is a match of the line `[start, end)`; one ending before a line break is a match of the line
 * up to it, since neither the fixed text of a template (one line) nor a JSON string holds a
 * raw line break.
 */
export function matchByteTemplate(template: ByteTemplate, bytes: Uint8Array, view: DataView, start: number, end: number, spans: Int32Array): number {
  const fixed = template.fixed;
  const fixedEnds = template.fixedEnds;
  const fixedWords = template.fixedWords;
  const fixedWordEnds = template.fixedWordEnds;
  const slotKinds = template.slotKinds;
  const slotGroups = template.slotGroups;
  const slotCount = slotKinds.length;
  let pos = start;
  let fixedPos = 0;
  let word = 0;
  for (let slot = 0; ; slot++) {
    const fixedEnd = fixedEnds[slot] ?? 0;
    const length = fixedEnd - fixedPos;
    if (pos + length > end) return -1;
    const wordEnd = fixedWordEnds[slot] ?? 0;
    if (word < wordEnd) {
      // Eight bytes at a time (the words were cut as ByteTemplate.fixedWords says).
      const lastWord = wordEnd - 1;
      for (let k = pos; word < lastWord; word++, k += WORD_BYTES) if (view.getFloat64(k, true) !== fixedWords[word]) return -1;
      if (view.getFloat64(pos + length - WORD_BYTES, true) !== fixedWords[word]) return -1;
      word++;
    } else {
      for (let k = 0; k < length; k++) if (bytes[pos + k] !== fixed[fixedPos + k]) return -1;
    }
    pos += length;
    fixedPos = fixedEnd;
    if (slot === slotCount) return pos;
    const kind = slotKinds[slot];
    const valueStart = pos;
    let valueEnd: number;
    if (kind === SlotKind.String) {
      valueEnd = stringEnd(bytes, view, pos, end);
    } else if (kind === SlotKind.Number) {
      valueEnd = numberEnd(bytes, pos, end);
    } else if (kind === SlotKind.Literal) {
      valueEnd = literalEnd(bytes, pos, end);
    } else {
      const first = pos < end ? bytes[pos] : 0;
      valueEnd =
        first === QUOTE
          ? stringEnd(bytes, view, pos, end)
          : first === 116 || first === 102 || first === 110
            ? literalEnd(bytes, pos, end)
            : numberEnd(bytes, pos, end);
    }
    if (valueEnd < 0) return -1;
    pos = valueEnd;
    const group = slotGroups[slot] ?? 0;
    if (group > 0) {
      const isString = kind === SlotKind.String;
      spans[2 * group] = isString ? valueStart + 1 : valueStart;
      spans[2 * group + 1] = isString ? valueEnd - 1 : valueEnd;
    }
  }
}

/** {@link RowCaptures} of a byte template's spans: values read from the bytes, strings through the file's {@link ByteStringCache}. */
export class ByteCaptures implements RowCaptures {
  bytes: Uint8Array = new Uint8Array(0);
  view = new DataView(this.bytes.buffer);
  spans = new Int32Array(64);
  private readonly parsers: FieldParsers;
  private readonly strings: ByteStringCache;

  /** Reads values with the file's parsers. */
  constructor(parsers: FieldParsers) {
    this.parsers = parsers;
    this.strings = new ByteStringCache(parsers.strings);
  }

  /** Room for a template's groups. */
  fit(groupCount: number): void {
    if (this.spans.length < 2 * groupCount) this.spans = new Int32Array(2 * groupCount);
  }

  private start(group: number): number {
    return this.spans[2 * group] ?? 0;
  }

  private end(group: number): number {
    return this.spans[2 * group + 1] ?? 0;
  }

  string(group: number): string {
    return this.strings.get(this.bytes, this.view, this.start(group), this.end(group));
  }

  isEmptyString(group: number): boolean {
    return this.start(group) === this.end(group);
  }

  number(group: number): number {
    return numberOfBytes(this.bytes, this.start(group), this.end(group));
  }

  isNull(group: number): boolean {
    return this.bytes[this.start(group)] === 110;
  }

  integerText(group: number): number {
    const start = this.start(group);
    const end = this.end(group);
    const value = this.parsers.bytes.parseIntegerBytes(this.bytes, start, end);
    // As the string path: a value that does not parse may after unescaping.
    return value >= 0 || this.bytes.subarray(start, end).indexOf(BACKSLASH) < 0 ? value : parseIntegerText(this.string(group));
  }

  timestamp(group: number): number {
    return this.parsers.bytes.parseIsoBytes(this.bytes, this.start(group), this.end(group)) ?? this.parsers.times.parse(this.string(group));
  }

  markedTimestamp(group: number): number {
    return this.parsers.bytes.parseMarkedBytes(this.bytes, this.start(group), this.end(group)) ?? this.parsers.times.parseMarked(this.string(group));
  }

  isKernelProcessGuid(group: number): boolean {
    return isKernelProcessGuidBytes(this.bytes, this.start(group), this.end(group)) ?? this.parsers.guids.isKernelProcessGuidText(this.string(group));
  }
}
