/**
 * The loaded capture as plain data: each frame column trimmed to its length, the string tables
 * as arrays in code order, the known-bad state and what the load reported. The data worker
 * writes it to IndexedDB (structured clone keeps the typed arrays) and a notebook file may
 * carry it as tagged JSON; `readCaptureSnapshot` checks an untrusted one against the schema
 * below before it is used. The frame's columns come from the frame's own column table.
 */
import * as v from 'valibot';
import type { ParentResolution } from '../enrich/parents';
import {
  COLUMN_NAMES,
  MISSING,
  columnSpec,
  copyColumn,
  emptyFrame,
  mapColumns,
  newColumn,
  refreshCasings,
  type ColumnName,
  type EventFrame,
  type FrameColumns,
} from '../frame/frame';
import { CAPTURE_FORMATS, type LineProblem } from '../ingest/types';
import type { HourSpan, IocEntry, IocProblem } from '../known-bad/iocCsv';
import type { ActorSession } from '../known-bad/sessions';
import { KNOWN_BAD_KINDS, type KnownBadEvent } from '../known-bad/types';
import { KnownBadState } from '../pipeline/knownBadState';
import type { CaptureSummary, LoadedFile, LoadOutcome } from '../pipeline/captureSummary';
import { InvalidDocument } from './read';
import { formatUtcOffset } from '../lib/timeZone';
import { TimeZoneSchema } from './settings';

// ---- the schema of a snapshot --------------------------------------------------------------

/** A whole number in [min, max]. */
function integer(min = 0, max = Number.MAX_SAFE_INTEGER) {
  const message = `must be a whole number from ${min} to ${max}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}
const finite = v.pipe(v.number('is not a finite number'), v.finite('is not a finite number'));
/** Any number, NaN included (an event without a time keeps NaN). */
const anyNumber = v.custom<number>((value) => typeof value === 'number', 'is not a number');
const text = v.string('is not text');
const textOrNull = v.nullable(text);
const list = <T extends v.GenericSchema>(item: T) => v.array(item, 'is not a list');
const record = <E extends v.ObjectEntries>(entries: E) => v.object(entries, 'is not an object');
const choice = <const T extends readonly string[]>(options: T) => v.picklist(options, `must be one of ${options.join(', ')}`);
const strings = list(text);

/** Columns written before the frame kept them; an older snapshot without one reads as its fill value. */
const ADDED_COLUMNS: ReadonlySet<ColumnName> = new Set(['commandLine']);

/** One column: an instance of the column table's typed array, or absent when the column came later. */
function columnSchema<K extends ColumnName>(name: K): v.GenericSchema<unknown, FrameColumns[K] | undefined> {
  const spec = columnSpec(name);
  const array = v.instance(spec.array, `is not a ${spec.array.name}`);
  return ADDED_COLUMNS.has(name) ? v.optional(array) : array;
}

/** The frame's columns saved with a snapshot, each exactly `length` long. */
export type SnapshotColumns = FrameColumns;

const columnsSchema = v.pipe(
  v.looseObject({}, 'is not an object'),
  v.rawTransform(({ dataset, addIssue, NEVER }): Partial<SnapshotColumns> | typeof NEVER => {
    const record: Record<string, unknown> = dataset.value;
    const columns: Partial<SnapshotColumns> = {};
    let isValid = true;
    for (const name of COLUMN_NAMES) {
      const value = Object.hasOwn(record, name) ? record[name] : undefined;
      const result = v.safeParse(columnSchema(name), value);
      if (!result.success) {
        isValid = false;
        for (const issue of result.issues) addIssue({ message: issue.message, path: [{ type: 'object', origin: 'value', input: record, key: name, value }] });
      } else if (result.output !== undefined) setPartial(columns, name, result.output);
    }
    return isValid ? columns : NEVER;
  }),
);

function setPartial<K extends ColumnName>(columns: Partial<SnapshotColumns>, name: K, column: FrameColumns[K]): void {
  columns[name] = column;
}

const frameSchema = v.pipe(
  record({
    length: integer(),
    utcOffsetMinutes: integer(-24 * 60, 24 * 60),
    /** The zone of the hour and weekday columns; absent in snapshots written when zones were fixed offsets. */
    timeZone: v.exactOptional(TimeZoneSchema),
    columns: columnsSchema,
    hosts: strings,
    sources: strings,
    /** Image paths in code order; names, folders and volumes are derived again from them. */
    imagePaths: strings,
    /** Command lines in code order; absent in snapshots written before they were kept. */
    commandLines: v.optional(strings, () => []),
  }),
  v.transform((frame) => ({ ...frame, columns: withFill(frame.columns, frame.length) })),
);

/** Columns an older snapshot lacks, as `length` cells of their fill value. */
function withFill(columns: Partial<SnapshotColumns>, length: number): SnapshotColumns {
  return mapColumns((name) => columns[name] ?? newColumn(name, length));
}

const hourSpanSchema: v.GenericSchema<unknown, HourSpan | null> = v.nullable(record({ from: integer(0, 23), to: integer(0, 23) }));

const knownBadEventSchema: v.GenericSchema<unknown, KnownBadEvent> = record({
  eventId: v.literal(1, 'is not a process start'),
  timeMs: anyNumber,
  host: text,
  imageName: text,
  parentImage: textOrNull,
  processId: finite,
  parentProcessId: finite,
  kind: choice(KNOWN_BAD_KINDS),
  sessionId: finite,
  note: text,
});

const sessionSchema: v.GenericSchema<unknown, ActorSession> = record({
  id: finite,
  startMs: anyNumber,
  endMs: anyNumber,
  host: text,
  hours: hourSpanSchema,
  source: choice(['ioc', 'imported', 'pattern']),
  label: text,
});

const iocEntrySchema: v.GenericSchema<unknown, IocEntry> = record({
  line: integer(),
  name: textOrNull,
  path: textOrNull,
  firstSeenMs: v.nullable(anyNumber),
  lastSeenMs: v.nullable(anyNumber),
  hours: hourSpanSchema,
  actor: textOrNull,
  note: textOrNull,
});

const problemSchema: v.GenericSchema<unknown, IocProblem> = record({ line: integer(), reason: text });

const knownBadSchema = record({
  generated: list(knownBadEventSchema),
  sessions: list(sessionSchema),
  counts: v.nullable(v.record(text, finite)),
  iocs: v.nullable(record({ fileName: text, entries: list(iocEntrySchema), problems: list(problemSchema), marked: integer() })),
  balanced: v.nullable(
    record({
      rows: v.instance(Uint32Array, 'is not a Uint32Array'),
      indices: v.instance(Uint32Array, 'is not a Uint32Array'),
      good: integer(),
      bad: integer(),
      ratioBad: finite,
      strategy: choice(['undersample-good', 'oversample-bad']),
    }),
  ),
});

const loadedFileSchema: v.GenericSchema<unknown, LoadedFile> = record({
  name: text,
  bytes: finite,
  format: v.nullable(choice(CAPTURE_FORMATS)),
  isGzip: v.boolean('is not true or false'),
  events: integer(),
  problems: integer(),
  ignored: integer(),
  fatal: textOrNull,
  note: v.exactOptional(text),
  ignoredReasons: v.exactOptional(list(record({ reason: text, count: integer() }))),
});

const lineProblemSchema: v.GenericSchema<unknown, LineProblem> = record({ file: text, line: integer(), reason: text });

const parentsSchema: v.GenericSchema<unknown, ParentResolution> = record({
  startsWithParent: integer(),
  resolvedBySequence: integer(),
  resolvedByTime: integer(),
  unresolved: integer(),
  stopsCompleted: integer(),
  imageLoadsAttributed: integer(),
});

/** What the last load reported, kept beside the frame. */
export type LoadRecord = Pick<LoadOutcome, 'files' | 'problems' | 'problemCount' | 'ignoredCount' | 'parents' | 'seconds' | 'truncated'>;

const loadSchema: v.GenericSchema<unknown, LoadRecord> = record({
  files: list(loadedFileSchema),
  problems: list(lineProblemSchema),
  problemCount: integer(),
  ignoredCount: integer(),
  parents: parentsSchema,
  seconds: finite,
  truncated: textOrNull,
});

const captureSnapshotSchema = record({
  format: v.literal('etwlab-capture', 'is not an EtwLab capture'),
  version: v.literal(1, 'is not version 1 (this EtwLab reads version 1)'),
  /** CaptureSummary.version at saving, so runs trained on it are not stale after a restore. */
  dataVersion: integer(),
  load: loadSchema,
  frame: frameSchema,
  knownBad: knownBadSchema,
});

/** A frame as plain data. */
export type FrameSnapshot = v.InferOutput<typeof frameSchema>;

/** The known-bad state kept beside the frame. */
export type KnownBadSnapshot = v.InferOutput<typeof knownBadSchema>;

/** Everything the data worker needs to hold the capture again. */
export type CaptureSnapshot = v.InferOutput<typeof captureSnapshotSchema>;

/** A capture too large to keep: only its summary, and what to do. */
export interface CaptureSummaryOnly {
  format: 'etwlab-capture-summary';
  version: 1;
  summary: CaptureSummary;
  note: string;
}

/** The frame's columns copied to its length. */
export function frameToSnapshot(frame: EventFrame): FrameSnapshot {
  return { ...frameTables(frame), columns: mapColumns((name) => copyColumn(frame, name, frame.length)) };
}

/** The known-bad state as plain data. */
export function knownBadToSnapshot(state: KnownBadState): KnownBadSnapshot {
  const balanced = state.balanced;
  return {
    generated: state.generated.map((event) => ({ ...event })),
    sessions: state.sessions.map((session) => ({ ...session })),
    counts: state.counts ? { ...state.counts } : null,
    iocs: state.iocs ? { ...state.iocs, entries: [...state.iocs.entries], problems: [...state.iocs.problems] } : null,
    balanced: balanced
      ? {
          rows: balanced.rows.slice(),
          indices: balanced.result.indices.slice(),
          good: balanced.result.good,
          bad: balanced.result.bad,
          ratioBad: balanced.ratioBad,
          strategy: balanced.strategy,
        }
      : null,
  };
}

/** A new frame from a snapshot; throws InvalidDocument when a code points outside its table. */
export function snapshotToFrame(snapshot: FrameSnapshot): EventFrame {
  const frame = emptyFrame(0);
  const tables = [
    [snapshot.hosts, frame.hosts, 'host'],
    [snapshot.sources, frame.sources, 'source file'],
    [snapshot.commandLines, frame.commandLines, 'command line'],
  ] as const;
  for (const [values, dictionary, what] of tables) {
    values.forEach((value, index) => {
      if (dictionary.code(value) !== index) throw new InvalidDocument(`the ${what} table lists ${JSON.stringify(value)} twice`);
    });
  }
  snapshot.imagePaths.forEach((path, index) => {
    if (frame.images.code(path) !== index) throw new InvalidDocument(`the image path table lists ${JSON.stringify(path)} twice`);
  });
  const n = snapshot.length;
  const c = snapshot.columns;
  for (const name of COLUMN_NAMES) {
    if (c[name].length !== n) throw new InvalidDocument(`column ${name} holds ${c[name].length} values, not ${n}`);
  }
  checkCodes(c.host, snapshot.hosts.length, 'host', false);
  checkCodes(c.source, snapshot.sources.length, 'source', false);
  checkCodes(c.image, snapshot.imagePaths.length, 'image', false);
  checkCodes(c.parentImage, snapshot.imagePaths.length, 'parentImage', true);
  checkCodes(c.commandLine, snapshot.commandLines.length, 'commandLine', true);
  checkCodes(c.label, 3, 'label', false);
  checkCodes(c.synthetic, 2, 'synthetic', false);
  checkCodes(c.hour, 24, 'hour', false);
  checkCodes(c.weekday, 7, 'weekday', false);
  const restored: EventFrame = {
    ...frame,
    // Without command lines every code is MISSING (checked above): the lazy column stays without cells.
    ...mapColumns((name) => copyColumn(c, name, name === 'commandLine' && snapshot.commandLines.length === 0 ? 0 : n)),
    length: n,
    utcOffsetMinutes: snapshot.utcOffsetMinutes,
    timeZone: snapshot.timeZone ?? formatUtcOffset(snapshot.utcOffsetMinutes),
  };
  refreshCasings(restored);
  return restored;
}

function checkCodes(column: Uint8Array | Uint16Array | Uint32Array, size: number, what: string, allowMissing: boolean): void {
  for (let row = 0; row < column.length; row++) {
    const code = column[row] ?? 0;
    if (code >= size && !(allowMissing && code === MISSING))
      throw new InvalidDocument(`column ${what} has code ${code} at row ${row}, past its ${size} values`);
  }
}

/** Known-bad state from a snapshot; balanced rows must lie inside a frame of `frameLength` rows. */
export function snapshotToKnownBad(snapshot: KnownBadSnapshot, frameLength: number): KnownBadState {
  const state = new KnownBadState();
  state.generated = snapshot.generated;
  state.sessions = snapshot.sessions;
  state.counts = snapshot.counts;
  state.iocs = snapshot.iocs;
  const balanced = snapshot.balanced;
  if (balanced) {
    checkCodes(balanced.rows, frameLength, 'balanced rows', false);
    state.balanced = {
      rows: balanced.rows,
      result: { indices: balanced.indices, good: balanced.good, bad: balanced.bad },
      ratioBad: balanced.ratioBad,
      strategy: balanced.strategy,
    };
  }
  return state;
}

/** Checks an untrusted capture snapshot against its schema (codes are checked when it becomes a frame). */
export function readCaptureSnapshot(value: unknown): CaptureSnapshot {
  const result = v.safeParse(captureSnapshotSchema, value);
  if (result.success) return result.output;
  const [issue] = result.issues;
  const path = v.getDotPath(issue);
  // valibot reports an absent key with its object's message; say what happened instead.
  const reason = path !== null && issue.input === undefined ? 'is missing' : issue.message;
  throw new InvalidDocument(`the capture${path === null ? '' : ` ${path}`} ${reason}`);
}

// ---- the stored form: columns in slices -----------------------------------------------------

/** Bytes per stored slice of a column: a save copies one slice at a time, never a whole column. */
export const STORED_SLICE_BYTES = 16 * 2 ** 20;

/** Rows per stored slice of a column. */
export function sliceRows(name: ColumnName): number {
  return Math.floor(STORED_SLICE_BYTES / newColumn(name, 0).BYTES_PER_ELEMENT);
}

/** How many slices a column of `length` rows is stored as. */
export function sliceCount(name: ColumnName, length: number): number {
  return Math.ceil(length / sliceRows(name));
}

/** Rows `[slice × sliceRows, …)` of a column, copied (structured clone of a view would keep its whole buffer). */
export function columnSlice<K extends ColumnName>(columns: FrameColumns, name: K, slice: number, length: number): FrameColumns[K] {
  const start = slice * sliceRows(name);
  const end = Math.min(length, start + sliceRows(name));
  const next = newColumn(name, Math.max(0, end - start));
  next.set(columns[name].subarray(start, end));
  return next;
}

/** A snapshot without its frame columns: the manifest of a save whose columns are stored in slices. */
export type SnapshotManifest = Omit<CaptureSnapshot, 'frame'> & { frame: Omit<FrameSnapshot, 'columns'> };

/** The manifest of a sliced save, stored under its generation. */
export interface StoredCaptureManifest {
  format: 'etwlab-capture-sliced';
  version: 1;
  /** STORED_SLICE_BYTES when written, so a later change of the slice size still reads old saves. */
  sliceBytes: number;
  snapshot: SnapshotManifest;
}

/** The manifest of a save: the frame's string tables and the known-bad state, columns left in place. */
export function snapshotManifest(snapshot: Omit<CaptureSnapshot, 'frame'>, frame: EventFrame): StoredCaptureManifest {
  return { format: 'etwlab-capture-sliced', version: 1, sliceBytes: STORED_SLICE_BYTES, snapshot: { ...snapshot, frame: frameTables(frame) } };
}

/** The frame as plain data without its columns. */
function frameTables(frame: EventFrame): Omit<FrameSnapshot, 'columns'> {
  return {
    length: frame.length,
    utcOffsetMinutes: frame.utcOffsetMinutes,
    timeZone: frame.timeZone,
    hosts: [...frame.hosts.values],
    sources: [...frame.sources.values],
    imagePaths: [...frame.images.paths.values],
    commandLines: [...frame.commandLines.values],
  };
}

/** Checks a stored manifest's outer shape; its snapshot is checked whole by readCaptureSnapshot once the columns are joined. */
export function readStoredManifest(value: unknown): { snapshot: Record<string, unknown> & { frame: Record<string, unknown> }; length: number } {
  const result = v.safeParse(
    v.looseObject({
      format: v.literal('etwlab-capture-sliced'),
      version: v.literal(1),
      sliceBytes: v.literal(STORED_SLICE_BYTES, 'was written with another slice size'),
      snapshot: v.looseObject({ frame: v.looseObject({ length: integer() }) }),
    }),
    value,
  );
  if (!result.success)
    throw new InvalidDocument(`the saved capture's manifest ${v.getDotPath(result.issues[0]) ?? ''} ${result.issues[0].message}`.replace(/ {2}/g, ' '));
  return { snapshot: result.output.snapshot, length: result.output.snapshot.frame.length };
}

/** A whole column joined from its stored slices, each checked for its array type and length. */
export function joinColumn<K extends ColumnName>(name: K, length: number, slices: readonly unknown[]): FrameColumns[K] {
  const spec = columnSpec(name);
  const column = newColumn(name, length);
  const rows = sliceRows(name);
  if (slices.length !== sliceCount(name, length))
    throw new InvalidDocument(`column ${name} was saved in ${slices.length} slices, not ${sliceCount(name, length)}`);
  slices.forEach((slice, index) => {
    const expected = Math.min(rows, length - index * rows);
    if (!(slice instanceof spec.array) || slice.length !== expected)
      throw new InvalidDocument(`slice ${index} of column ${name} is not a ${spec.array.name} of ${expected} values`);
    column.set(slice, index * rows);
  });
  return column;
}
