/**
 * EventData values are strings rendered by TdhFormatProperty: decimal (`"10756"`) or, for
 * hex-typed fields, `"0x2C834"`. SilkETW adds thousands separators (`"8,416"`).
 */

/** The value as a non-negative safe integer, or -1 when it is missing or not one. */
export function parseIntegerField(value: unknown): number {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : -1;
  }
  if (typeof value !== 'string') return -1;
  return parseIntegerText(value);
}

/**
 * The rules of {@link parseIntegerText} fed one character code at a time, so text (UTF-16 code
 * units) and UTF-8 bytes (parseIntegerBytes in byteFields.ts) read integers the one way without
 * making a string. A small class with one shape, so V8 inlines its methods into the loops (and
 * drops the allocation of a reader made per call); begin() resets it, so one instance serves
 * every call of its owner.
 */
export class IntegerCodeReader {
  private value = 0;
  private digits = 0;
  private isHex = false;
  private endsInComma = false;

  /** Starts a text of `length` codes whose first two are given; returns how many to skip (the `0x`). */
  begin(length: number, first: number, second: number): number {
    this.value = 0;
    this.digits = 0;
    this.endsInComma = false;
    this.isHex = length > 2 && first === 48 && (second | 32) === 120;
    return this.isHex ? 2 : 0;
  }

  /** Takes the next code; false when the text cannot be an integer. */
  step(code: number): boolean {
    if (code >= 48 && code <= 57) {
      this.value = this.value * (this.isHex ? 16 : 10) + (code - 48);
      this.digits++;
      this.endsInComma = false;
      return true;
    }
    if (this.isHex) {
      const lower = code | 32;
      if (lower < 97 || lower > 102) return false;
      this.value = this.value * 16 + (lower - 87);
      return true;
    }
    // A thousands separator only between digits.
    if (code !== 44 || this.digits === 0) return false;
    this.endsInComma = true;
    return true;
  }

  /** The integer the codes spell, or -1 (none given, a trailing comma, beyond the safe range). */
  finish(): number {
    if (this.endsInComma || (this.digits === 0 && !this.isHex)) return -1;
    return this.value <= Number.MAX_SAFE_INTEGER ? this.value : -1;
  }
}

/** Decimal (commas allowed between digits) or 0x-hex text as a non-negative safe integer, else -1. */
export function parseIntegerText(text: string): number {
  // A reader per call, not per module: no module-level mutable state (conventions.md), and V8's
  // escape analysis keeps its fields in registers once the methods are inlined.
  const integerReader = new IntegerCodeReader();
  const length = text.length;
  for (let i = integerReader.begin(length, text.charCodeAt(0), text.charCodeAt(1)); i < length; i++) {
    if (!integerReader.step(text.charCodeAt(i))) return -1;
  }
  return integerReader.finish();
}
