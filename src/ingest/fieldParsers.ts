/**
 * What the field parsers of one file keep between its rows, in one object the file's reader
 * owns (RowCollector makes it, the normalisers and the field reader get it): nothing of a
 * capture outlives its load in module state, and two loads in one worker never share a cache.
 * (normalizeRow.ts imports only its type: byteFields.ts, imported here, reads a constant of
 * normalizeRow.ts at load, so a value import back would be a cycle that leaves it undefined.)
 */
import { ByteFieldParser } from './byteFields';
import { KernelProcessGuids } from './normalizeRow';
import type { NormalizeContext } from './normalizeRow';
import { UnescapedStrings } from './templateEvents';
import { TimestampParser } from './timestamp';

/** The parsers of one file's rows, each with its caches and scratch (see each class). */
export class FieldParsers {
  /** Timestamp texts: the minute of the last one, the TDH date reader's scratch. */
  readonly times = new TimestampParser();
  /** Values read from UTF-8 bytes: the last timestamp minute, integer and date reader scratch. */
  readonly bytes = new ByteFieldParser();
  /** Escaped JSON string bodies, decoded once each. */
  readonly strings = new UnescapedStrings();
  /** The last provider GUID text that was Kernel-Process. */
  readonly guids = new KernelProcessGuids();
}

/** A context for the rows of one file, with parsers of its own. */
export function normalizeContext(fallbackHost: string | null): NormalizeContext {
  return { fallbackHost, parsers: new FieldParsers() };
}
