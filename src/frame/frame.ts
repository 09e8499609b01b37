import { UTC_ZONE, zoneClock } from '../lib/timeZone';
import type { NormalizedEvent } from '../ingest/types';
import { StringDictionary } from './dictionary';
import { ImageTable } from './images';

/** Class of an event for training and charts. */
export const Label = { Unlabelled: 0, KnownGood: 1, KnownBad: 2 } as const;
export type LabelCode = (typeof Label)[keyof typeof Label];
export const LABEL_NAMES = ['unlabelled', 'known good', 'known bad'] as const;

/** Marks integer cells with no value (pid, sequence, parent). */
export const MISSING = 0xffffffff;

/** A typed array a column can be. */
export type ColumnArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** One column: its typed-array kind and the value of a cell with none. */
export interface ColumnSpec<T extends ColumnArray> {
  readonly array: new (length: number) => T;
  /** What new capacity holds, and what an older snapshot without the column reads as. */
  readonly fill: number;
  /**
   * Cells are made only once a row has a value other than `fill`: until then the column has no
   * cells and every row reads as `fill` (`column[row] ?? fill`). Command lines exist only in
   * Sysmon and 4688 captures, so an ETW capture saves their 4 bytes per event.
   */
  readonly isLazy?: boolean;
}

const u8 = (fill = 0): ColumnSpec<Uint8Array> => ({ array: Uint8Array, fill });
const u16 = (fill = 0): ColumnSpec<Uint16Array> => ({ array: Uint16Array, fill });
const u32 = (fill = 0): ColumnSpec<Uint32Array> => ({ array: Uint32Array, fill });
const f64 = (fill = 0): ColumnSpec<Float64Array> => ({ array: Float64Array, fill });

/**
 * The frame's columns, listed once. The frame type, the empty frame, resizing, compaction, the
 * plain-rows form and the saved snapshot all derive from this table, so a column added here
 * travels everywhere (the snapshot once dropped command lines by keeping its own list).
 */
const COLUMNS = {
  eventId: u8(),
  timeMs: f64(),
  hour: u8(),
  weekday: u8(),
  host: u16(),
  source: u16(),
  processId: u32(),
  parentProcessId: u32(),
  sequence: u32(),
  parentSequence: u32(),
  /** Image path code (see `images`); events 2 get their start's full path when it is known. */
  image: u32(),
  /** Image code of the resolved parent process, MISSING when unresolved. */
  parentImage: u32(MISSING),
  label: u8(),
  synthetic: u8(),
  /** Command-line code (see `commandLines`), MISSING where the source has none (ETW); no cells until a row has one. */
  commandLine: { ...u32(MISSING), isLazy: true },
};

/** The name of a frame column. */
export type ColumnName = keyof typeof COLUMNS;

/**
 * The columns a frame's rows are made of, each at least as long as the rows they carry, except a
 * lazy column without cells (see {@link ColumnSpec.isLazy}).
 */
export type FrameColumns = { [K in ColumnName]: InstanceType<(typeof COLUMNS)[K]['array']> };

/** The table seen column by column, so generic code keeps each column's own array type. */
const SPECS: { readonly [K in ColumnName]: ColumnSpec<FrameColumns[K]> } = COLUMNS;

/** The spec of one column, typed by its name. */
export function columnSpec<K extends ColumnName>(name: K): ColumnSpec<FrameColumns[K]> {
  return SPECS[name];
}

function isColumnName(key: string): key is ColumnName {
  return Object.hasOwn(COLUMNS, key);
}

/** Every column name, in table order. */
export const COLUMN_NAMES: readonly ColumnName[] = Object.keys(COLUMNS).filter(isColumnName);

/** A new column of `length` cells, each holding the column's fill value. */
export function newColumn<K extends ColumnName>(name: K, length: number): FrameColumns[K] {
  const spec = SPECS[name];
  const column = new spec.array(length);
  if (spec.fill !== 0) column.fill(spec.fill);
  return column;
}

/** Whether a column has no cells yet: a lazy column none of whose rows had a value. */
export function isUnallocated(columns: FrameColumns, name: ColumnName): boolean {
  return SPECS[name].isLazy === true && columns[name].length === 0;
}

/** Gives a lazy column its cells (`fill` in every row) when it has none. */
function allocate(frame: EventFrame, name: ColumnName): void {
  if (isUnallocated(frame, name)) setColumn(frame, name, newColumn(name, capacityOf(frame)));
}

function setColumn<K extends ColumnName>(columns: Partial<FrameColumns>, name: K, column: FrameColumns[K]): void {
  columns[name] = column;
}

function hasEveryColumn(columns: Partial<FrameColumns>): columns is FrameColumns {
  return COLUMN_NAMES.every((name) => columns[name] !== undefined);
}

/** Columns made by `make`, one per name in table order. */
export function mapColumns(make: <K extends ColumnName>(name: K) => FrameColumns[K]): FrameColumns {
  const columns: Partial<FrameColumns> = {};
  for (const name of COLUMN_NAMES) setColumn(columns, name, make(name));
  if (!hasEveryColumn(columns)) throw new Error('a frame column was not made');
  return columns;
}

/**
 * The columnar, dictionary-encoded event frame. Owned by the data worker; the UI only sees
 * summaries computed from it. About 41 bytes per event (45 with command lines) plus the dictionaries.
 */
export interface EventFrame extends FrameColumns {
  length: number;
  hosts: StringDictionary;
  sources: StringDictionary;
  images: ImageTable;
  commandLines: StringDictionary;
  /** The zone hour and weekday are in: `UTC`, an IANA name (daylight saving followed) or a fixed `UTC±hh:mm`. */
  timeZone: string;
  /**
   * The zone's offset in minutes east of UTC at the first event: one offset for the summaries
   * that still take a single one (completeness spans, Parquet metadata).
   */
  utcOffsetMinutes: number;
}

/** An empty frame with room for `capacity` rows. */
export function emptyFrame(capacity = 1024, shared?: Pick<EventFrame, 'hosts' | 'sources' | 'images'> & Partial<Pick<EventFrame, 'commandLines'>>): EventFrame {
  return {
    length: 0,
    ...mapColumns((name) => newColumn(name, SPECS[name].isLazy === true ? 0 : capacity)),
    hosts: shared?.hosts ?? new StringDictionary(),
    sources: shared?.sources ?? new StringDictionary(),
    images: shared?.images ?? new ImageTable(),
    commandLines: shared?.commandLines ?? new StringDictionary(),
    timeZone: UTC_ZONE,
    utcOffsetMinutes: 0,
  };
}

/** Sets every column's capacity (grows while loading, trims to length when done); new cells hold the fill value. */
export function setCapacity(frame: EventFrame, capacity: number): void {
  for (const name of COLUMN_NAMES) if (!isUnallocated(frame, name)) setColumn(frame, name, copyColumn(frame, name, capacity));
}

/** A copy of one column with `length` cells: cut, or grown with the fill value. */
export function copyColumn<K extends ColumnName>(columns: FrameColumns, name: K, length: number): FrameColumns[K] {
  const column = columns[name];
  const next = newColumn(name, length);
  next.set(column.subarray(0, Math.min(column.length, length)));
  return next;
}

export function capacityOf(frame: EventFrame): number {
  return frame.eventId.length;
}

function integerCell(value: number): number {
  return value >= 0 && value < MISSING && Number.isFinite(value) ? value : MISSING;
}

/** What one appended row carries beyond the normalised event. */
export interface AppendContext {
  hostCode: number;
  sourceCode: number;
  label: LabelCode;
  isSynthetic: boolean;
}

/** Appends one event, growing the columns by half when full. */
export function appendEvent(frame: EventFrame, event: NormalizedEvent, context: AppendContext): void {
  const row = frame.length;
  if (row >= capacityOf(frame)) setCapacity(frame, Math.max(1024, Math.ceil(capacityOf(frame) * 1.5)));
  frame.eventId[row] = event.eventId;
  frame.timeMs[row] = event.timeMs;
  const clock = zoneClock(frame.timeZone);
  frame.hour[row] = clock.hour(event.timeMs);
  frame.weekday[row] = clock.weekday(event.timeMs);
  frame.host[row] = context.hostCode;
  frame.source[row] = context.sourceCode;
  frame.processId[row] = integerCell(event.processId);
  frame.parentProcessId[row] = integerCell(event.parentProcessId);
  frame.sequence[row] = integerCell(event.processSequence);
  frame.parentSequence[row] = integerCell(event.parentProcessSequence);
  frame.image[row] = frame.images.code(event.imageName);
  frame.parentImage[row] = event.parentImage === null ? MISSING : frame.images.code(event.parentImage);
  frame.label[row] = context.label;
  frame.synthetic[row] = context.isSynthetic ? 1 : 0;
  if (event.commandLine !== undefined) {
    allocate(frame, 'commandLine');
    frame.commandLine[row] = frame.commandLines.code(event.commandLine);
  } else if (frame.commandLine.length > row) {
    frame.commandLine[row] = MISSING;
  }
  frame.length = row + 1;
}

/** Recomputes hour and weekday of rows `from` to the end in the frame's zone. */
function recomputeTimes(frame: EventFrame, from: number): void {
  const clock = zoneClock(frame.timeZone);
  for (let row = from; row < frame.length; row++) {
    const time = frame.timeMs[row] ?? Number.NaN;
    frame.hour[row] = clock.hour(time);
    frame.weekday[row] = clock.weekday(time);
  }
  const first = frame.length > 0 ? (frame.timeMs[0] ?? Number.NaN) : Number.NaN;
  frame.utcOffsetMinutes = Math.round(clock.offsetMinutes(Number.isFinite(first) ? first : 0));
}

/** Recomputes hour and weekday in another zone (throws a RangeError for a zone `Intl` does not know). */
export function setTimeZone(frame: EventFrame, zone: string): void {
  zoneClock(zone);
  frame.timeZone = zone;
  recomputeTimes(frame, 0);
}

/** Bytes held by the columns (not the dictionaries). */
export function columnBytes(frame: EventFrame): number {
  let bytes = 0;
  for (const name of COLUMN_NAMES) bytes += frame[name].byteLength;
  return bytes;
}

/** Display casing of names and folders follows how often each path occurs. */
export function refreshCasings(frame: EventFrame): void {
  const counts = new Uint32Array(frame.images.paths.size);
  for (let row = 0; row < frame.length; row++) {
    const image = frame.image[row] ?? 0;
    counts[image] = (counts[image] ?? 0) + 1;
  }
  frame.images.updateCasings(counts);
}

/** Keeps only rows whose `keep[row]` is 1, in order (dictionaries are kept whole). */
export function compactFrame(frame: EventFrame, keep: Uint8Array): void {
  let write = 0;
  for (let row = 0; row < frame.length; row++) {
    if (keep[row] !== 1) continue;
    if (write !== row) {
      for (const name of COLUMN_NAMES) frame[name][write] = frame[name][row] ?? 0;
    }
    write++;
  }
  frame.length = write;
}

/** The command line of a row, or null when the source had none. */
export function commandLineOf(frame: EventFrame, row: number): string | null {
  const code = frame.commandLine[row] ?? MISSING;
  return code === MISSING ? null : frame.commandLines.value(code);
}

/**
 * A frame's rows as plain data that can cross to another thread: the columns (whose buffers
 * can be transferred) and the string tables as arrays in code order.
 */
export interface FrameRows {
  length: number;
  /** The zone of the hour and weekday columns. */
  timeZone: string;
  utcOffsetMinutes: number;
  columns: FrameColumns;
  hosts: readonly string[];
  sources: readonly string[];
  /** Full image paths in code order (names, folders and volumes are derived from them again). */
  imagePaths: readonly string[];
  commandLines: readonly string[];
}

/** The rows of `frame` without copying its columns (they may be longer than `length`). */
export function frameRows(frame: EventFrame): FrameRows {
  return {
    length: frame.length,
    timeZone: frame.timeZone,
    utcOffsetMinutes: frame.utcOffsetMinutes,
    columns: mapColumns((name) => frame[name]),
    hosts: frame.hosts.values,
    sources: frame.sources.values,
    imagePaths: frame.images.paths.values,
    commandLines: frame.commandLines.values,
  };
}

/** The distinct buffers behind the columns of `rows`, to transfer instead of copying them. */
export function rowBuffers(rows: FrameRows): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const name of COLUMN_NAMES) {
    const buffer = rows.columns[name].buffer;
    if (buffer instanceof ArrayBuffer) buffers.add(buffer);
  }
  return [...buffers];
}

/** Codes of `values` (one table's strings in code order) in another table. */
function codeMap(values: readonly string[], code: (value: string) => number): Uint32Array {
  const map = new Uint32Array(values.length);
  for (let index = 0; index < values.length; index++) map[index] = code(values[index] ?? '');
  return map;
}

function remapInto(
  target: Uint16Array | Uint32Array,
  start: number,
  from: Uint16Array | Uint32Array,
  count: number,
  map: Uint32Array,
  hasMissing: boolean,
): void {
  for (let row = 0; row < count; row++) {
    const code = from[row] ?? 0;
    target[start + row] = hasMissing && code === MISSING ? MISSING : (map[code] ?? 0);
  }
}

/**
 * Appends all of `rows` after the rows of `target`, growing its columns once to the final size.
 * Host, source, image, parent-image and command-line codes are looked up in `target`'s tables
 * (one lookup per distinct string), in code order, so appending a frame read from the rest of a
 * file gives the same codes as reading the whole file into `target` in one pass.
 */
export function appendFrameRows(target: EventFrame, rows: FrameRows): void {
  const start = target.length;
  const count = rows.length;
  const end = start + count;
  if (capacityOf(target) < end) setCapacity(target, Math.max(end, capacityOf(target)));
  const c = rows.columns;
  target.eventId.set(c.eventId.subarray(0, count), start);
  target.timeMs.set(c.timeMs.subarray(0, count), start);
  target.processId.set(c.processId.subarray(0, count), start);
  target.parentProcessId.set(c.parentProcessId.subarray(0, count), start);
  target.sequence.set(c.sequence.subarray(0, count), start);
  target.parentSequence.set(c.parentSequence.subarray(0, count), start);
  target.label.set(c.label.subarray(0, count), start);
  target.synthetic.set(c.synthetic.subarray(0, count), start);
  if (rows.timeZone === target.timeZone) {
    target.hour.set(c.hour.subarray(0, count), start);
    target.weekday.set(c.weekday.subarray(0, count), start);
  }
  remapInto(
    target.host,
    start,
    c.host,
    count,
    codeMap(rows.hosts, (value) => target.hosts.code(value)),
    false,
  );
  remapInto(
    target.source,
    start,
    c.source,
    count,
    codeMap(rows.sources, (value) => target.sources.code(value)),
    false,
  );
  const images = codeMap(rows.imagePaths, (path) => target.images.code(path));
  remapInto(target.image, start, c.image, count, images, false);
  remapInto(target.parentImage, start, c.parentImage, count, images, true);
  if (c.commandLine.length > 0) {
    allocate(target, 'commandLine');
    const commandLines = codeMap(rows.commandLines, (value) => target.commandLines.code(value));
    remapInto(target.commandLine, start, c.commandLine, count, commandLines, true);
  } else if (!isUnallocated(target, 'commandLine')) {
    target.commandLine.fill(MISSING, start, end);
  }
  target.length = end;
  // Rows read in another zone (a part worker reads in UTC): hours and weekdays again in the target's.
  if (rows.timeZone !== target.timeZone) recomputeTimes(target, start);
}
