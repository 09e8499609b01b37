/**
 * The capture as Parquet: one row per event, in the column list below (the one place that says
 * which columns there are, their Parquet types and how each is read from the frame). The writer
 * streams a frame out a row group at a time, so only one row group's cells exist at once beside
 * the frame; the reader (parquetCaptureReader.ts) checks files against the same list.
 */
import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import { MISSING, type EventFrame } from '../frame/frame';

/** Label names as written to Parquet, by label code (0 = unlabelled). */
export const PARQUET_LABEL_NAMES = ['unknown', 'known good', 'known bad'] as const;

/** Rows per row group when the caller does not say: ~10 MB of cells at a time. */
export const DEFAULT_ROW_GROUP_ROWS = 65_536;

/** A cell as handed to hyparquet-writer. */
type Cell = number | bigint | string | boolean | null;

/** What the frame's row is read with; `score` is the model's score of each row when scored. */
export interface CaptureRowContext {
  readonly frame: EventFrame;
  readonly score: Float32Array | null;
}

/** Parquet kinds the capture uses, each with its schema element. */
const PARQUET_KINDS = {
  int: { type: 'INT32' },
  timestamp: { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } },
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  boolean: { type: 'BOOLEAN' },
  double: { type: 'DOUBLE' },
} as const satisfies Record<string, Omit<SchemaElement, 'name'>>;

/** The kind of value a capture column holds. */
export type CaptureColumnKind = keyof typeof PARQUET_KINDS;

/** One column of the capture schema. */
export interface CaptureColumn {
  readonly name: string;
  readonly kind: CaptureColumnKind;
  /** Null only where the cell can be empty. */
  readonly isNullable: boolean;
  /** The cell of `row`. */
  readonly read: (context: CaptureRowContext, row: number) => Cell;
  /** Only written when the frame has been scored. */
  readonly isScore?: true;
}

const INT32_MAX = 0x7fffffff;

/** A 32-bit pid as INT32, null when missing (or beyond INT32, which Windows pids never reach). */
function intOrNull(value: number | undefined): number | null {
  return value === undefined || value === MISSING || value > INT32_MAX ? null : value;
}

function pathOf(frame: EventFrame, code: number | undefined): string | null {
  return code === undefined || code === MISSING ? null : frame.images.paths.value(code);
}

/** Name as the app shows it: the most common casing of the case-insensitive name. */
function nameOf(frame: EventFrame, code: number | undefined): string | null {
  return code === undefined || code === MISSING ? null : frame.images.names.display(frame.images.name(code));
}

/** Microseconds since the epoch (the frame keeps sub-millisecond times), null when unknown. */
function microsOf(timeMs: number | undefined): bigint | null {
  return timeMs === undefined || !Number.isFinite(timeMs) ? null : BigInt(Math.round(timeMs * 1000));
}

/** The capture schema: column name, kind and how it is read from the frame, in file order. */
export const CAPTURE_COLUMNS: readonly CaptureColumn[] = [
  { name: 'event_id', kind: 'int', isNullable: false, read: ({ frame }, row) => frame.eventId[row] ?? 0 },
  { name: 'time', kind: 'timestamp', isNullable: true, read: ({ frame }, row) => microsOf(frame.timeMs[row]) },
  { name: 'host', kind: 'text', isNullable: false, read: ({ frame }, row) => frame.hosts.value(frame.host[row] ?? 0) },
  { name: 'pid', kind: 'int', isNullable: true, read: ({ frame }, row) => intOrNull(frame.processId[row]) },
  { name: 'parent_pid', kind: 'int', isNullable: true, read: ({ frame }, row) => intOrNull(frame.parentProcessId[row]) },
  { name: 'image_path', kind: 'text', isNullable: false, read: ({ frame }, row) => pathOf(frame, frame.image[row]) ?? '' },
  { name: 'file_name', kind: 'text', isNullable: false, read: ({ frame }, row) => nameOf(frame, frame.image[row]) ?? '' },
  {
    name: 'folder',
    kind: 'text',
    isNullable: false,
    read: ({ frame }, row) => frame.images.folders.display(frame.images.folder(frame.image[row] ?? 0)),
  },
  { name: 'parent_file_name', kind: 'text', isNullable: true, read: ({ frame }, row) => nameOf(frame, frame.parentImage[row]) },
  { name: 'parent_image_path', kind: 'text', isNullable: true, read: ({ frame }, row) => pathOf(frame, frame.parentImage[row]) },
  {
    name: 'command_line',
    kind: 'text',
    isNullable: true,
    read: ({ frame }, row) => {
      const code = frame.commandLine[row] ?? MISSING;
      return code === MISSING ? null : frame.commandLines.value(code);
    },
  },
  { name: 'hour', kind: 'int', isNullable: true, read: ({ frame }, row) => smallOrNull(frame.hour[row]) },
  // The frame counts from Sunday like JavaScript; the file from Monday like ISO 8601, Spark and pandas.
  { name: 'weekday', kind: 'int', isNullable: true, read: ({ frame }, row) => mondayFirst(frame.weekday[row]) },
  { name: 'label', kind: 'text', isNullable: false, read: ({ frame }, row) => PARQUET_LABEL_NAMES[frame.label[row] ?? 0] ?? 'unknown' },
  { name: 'synthetic', kind: 'boolean', isNullable: false, read: ({ frame }, row) => frame.synthetic[row] === 1 },
  { name: 'source_file', kind: 'text', isNullable: false, read: ({ frame }, row) => frame.sources.value(frame.source[row] ?? 0) },
  { name: 'score', kind: 'double', isNullable: true, isScore: true, read: ({ score }, row) => scoreOrNull(score?.[row]) },
];

function smallOrNull(value: number | undefined): number | null {
  return value === undefined || value === 255 ? null : value;
}

function mondayFirst(sundayFirst: number | undefined): number | null {
  return sundayFirst === undefined || sundayFirst > 6 ? null : (sundayFirst + 6) % 7;
}

function scoreOrNull(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : value;
}

/** Options of the capture writers. */
export interface CaptureWriteOptions {
  /** The model's score per frame row (same length as the frame); adds the `score` column. */
  readonly score?: Float32Array;
  /** Columns left out, e.g. `host` in a Hive partition `host=…/` that already names it. */
  readonly omit?: readonly string[];
  /** Rows per row group (default {@link DEFAULT_ROW_GROUP_ROWS}). */
  readonly rowGroupRows?: number;
}

/** The columns a file written with `options` holds, in order. */
export function captureColumnsFor(options: Pick<CaptureWriteOptions, 'score' | 'omit'> & { hasScore?: boolean }): CaptureColumn[] {
  const hasScore = options.hasScore ?? options.score !== undefined;
  const omit = new Set(options.omit ?? []);
  return CAPTURE_COLUMNS.filter((column) => (column.isScore !== true || hasScore) && !omit.has(column.name));
}

/** The Parquet schema of `columns`. */
export function captureSchema(columns: readonly CaptureColumn[]): SchemaElement[] {
  return [
    { name: 'root', num_children: columns.length },
    ...columns.map((column): SchemaElement => ({
      name: column.name,
      ...PARQUET_KINDS[column.kind],
      repetition_type: column.isNullable ? 'OPTIONAL' : 'REQUIRED',
    })),
  ];
}

/** Rows of a frame to write: a range, or a list of row numbers (one Hive partition's rows). */
export type RowSelection = { readonly start: number; readonly end: number } | ArrayLike<number>;

function selectionLength(rows: RowSelection): number {
  return 'start' in rows ? rows.end - rows.start : rows.length;
}

function selectionRow(rows: RowSelection, index: number): number {
  return 'start' in rows ? rows.start + index : (rows[index] ?? 0);
}

/** The sink hyparquet-writer writes bytes to (a ByteWriter in memory, a file writer in Node). */
export type ParquetSink = ConstructorParameters<typeof ParquetWriter>[0]['writer'];

/**
 * Writes capture rows into one Parquet file, a row group per call (split at `rowGroupRows`),
 * holding only that group's cells beside the frame. Call {@link finish} once at the end.
 */
export class CaptureParquetWriter {
  private readonly parquet: ParquetWriter;
  private readonly columns: CaptureColumn[];
  private readonly rowGroupRows: number;
  rows = 0;

  constructor(sink: ParquetSink, options: CaptureWriteOptions & { hasScore?: boolean; utcOffsetMinutes?: number } = {}) {
    this.columns = captureColumnsFor(options);
    this.rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
    this.parquet = new ParquetWriter({
      writer: sink,
      schema: captureSchema(this.columns),
      createdBy: 'EtwLab',
      // hour and weekday are in this zone; time is UTC.
      kvMetadata: [{ key: 'etwlab.utcOffsetMinutes', value: String(options.utcOffsetMinutes ?? 0) }],
    });
  }

  /** Appends `rows` of `frame` (its score per frame row when scored). */
  write(frame: EventFrame, rows: RowSelection, score: Float32Array | null = null): void {
    const context: CaptureRowContext = { frame, score };
    const total = selectionLength(rows);
    for (let from = 0; from < total; from += this.rowGroupRows) {
      const count = Math.min(this.rowGroupRows, total - from);
      const columnData: ColumnSource[] = this.columns.map((column) => {
        const cells: Cell[] = new Array<Cell>(count);
        for (let i = 0; i < count; i++) cells[i] = column.read(context, selectionRow(rows, from + i));
        return { name: column.name, data: cells, nullable: column.isNullable };
      });
      // One group per call: `write` would otherwise start with a 1000-row preview group.
      void this.parquet.write({ columnData, rowGroupSize: count });
      this.rows += count;
    }
  }

  /** Writes the footer; the sink's `finish` runs too. */
  finish(): void {
    void this.parquet.finish();
  }
}

/**
 * The whole frame as one Parquet file in memory, written a row group at a time (for the data
 * worker's "Export Parquet": the bytes then go to the page as a transferred buffer).
 */
export function writeCaptureParquet(frame: EventFrame, options: CaptureWriteOptions = {}): Uint8Array {
  const sink = new ByteWriter();
  const writer = new CaptureParquetWriter(sink, { ...options, utcOffsetMinutes: frame.utcOffsetMinutes });
  writer.write(frame, { start: 0, end: frame.length }, options.score ?? null);
  writer.finish();
  return sink.getBytes();
}
