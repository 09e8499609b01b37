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

/** Decimal (commas allowed between digits) or 0x-hex text as a non-negative safe integer, else -1. */
export function parseIntegerText(text: string): number {
  const length = text.length;
  if (length === 0) return -1;
  let result = 0;
  if (length > 2 && text.charCodeAt(0) === 48 && (text.charCodeAt(1) | 32) === 120) {
    for (let i = 2; i < length; i++) {
      const code = text.charCodeAt(i);
      let value: number;
      if (code >= 48 && code <= 57) value = code - 48;
      else {
        const lower = code | 32;
        if (lower < 97 || lower > 102) return -1;
        value = lower - 87;
      }
      result = result * 16 + value;
    }
  } else {
    let digits = 0;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 48 && code <= 57) {
        result = result * 10 + (code - 48);
        digits++;
      } else if (code !== 44 || digits === 0 || i === length - 1) {
        return -1;
      }
    }
  }
  return result <= Number.MAX_SAFE_INTEGER ? result : -1;
}
