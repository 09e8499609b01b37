/**
 * Field readers for the capture snapshot and stored capture records (settings, runs and model
 * files have schemas: see schema.ts): each checks one value and names it in a clear message, so a
 * malformed file is rejected as a whole with the reason, never half-applied.
 */

/** A document that failed a check; its message names the field. */
export class InvalidDocument extends Error {}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** An own field of a record (never an inherited one such as `constructor`). */
export function field(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function readRecord(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new InvalidDocument(`${what} is not an object`);
  return value;
}

export function readArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidDocument(`${what} is not a list`);
  return value;
}

export function readString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new InvalidDocument(`${what} is not text`);
  return value;
}

export function readStringOrNull(value: unknown, what: string): string | null {
  return value === null ? null : readString(value, what);
}

export function readBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidDocument(`${what} is not true or false`);
  return value;
}

/** Any number, NaN included (metrics of a one-class split are NaN). */
export function readNumber(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new InvalidDocument(`${what} is not a number`);
  return value;
}

export function readFinite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidDocument(`${what} is not a finite number`);
  return value;
}

/** A whole number in [min, max]. */
export function readInteger(value: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidDocument(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function readNumberOrNull(value: unknown, what: string): number | null {
  return value === null ? null : readNumber(value, what);
}

export function readChoice<T extends string>(value: unknown, choices: readonly T[], what: string): T {
  const match = choices.find((choice) => choice === value);
  if (match === undefined) throw new InvalidDocument(`${what} must be one of ${choices.join(', ')}`);
  return match;
}

export function readStrings(value: unknown, what: string): string[] {
  return readArray(value, what).map((item, i) => readString(item, `${what}[${i}]`));
}

/** Runs a reader; turns its InvalidDocument into a result with the message. */
export function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false; error: string } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof InvalidDocument || error instanceof SyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}
