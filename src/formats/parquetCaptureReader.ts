/**
 * Opens a Parquet file of capture rows (written by EtwLab, or by DuckDB or Spark after
 * filtering, with the column names of CAPTURE_COLUMNS) into a frame, a row group at a time. A
 * file that does not fit is refused as a whole with one sentence naming the file and the column.
 */
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData, type SchemaElement } from 'hyparquet';
import { Label, appendEvent, type EventFrame, type LabelCode } from '../frame/frame';
import { hostFromFileName } from '../ingest/hostFromFileName';
import { isKnownEventId, type NormalizedEvent } from '../ingest/types';
import { CAPTURE_COLUMNS, PARQUET_LABEL_NAMES, type CaptureColumnKind } from './parquetCapture';

/** A Parquet file to read by byte ranges (a File, a Blob, or Node's `fs.openAsBlob`). */
export interface ParquetCaptureSource {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): Blob;
}

/** Options of {@link readCaptureParquet}. */
export interface ParquetReadOptions {
  /** Label of rows without a `label` column (the app loads captures as known good). */
  readonly label?: LabelCode;
  /** Host of rows without a `host` column; default: `host=…` in the path (Hive partition), else as for text captures. */
  readonly hostFallback?: string;
  readonly signal?: AbortSignal;
  /** Rows read so far of `totalRows`, after each row group. */
  readonly onProgress?: (rowsRead: number, totalRows: number) => void;
}

/** What a read did; `fatal` set means nothing was appended. */
export interface ParquetReadOutcome {
  rows: number;
  events: number;
  /** Rows of event ids other than 1, 2, 5 and 6. */
  ignored: number;
  fatal: string | null;
}

/** Columns a capture file must have; the rest are optional. */
const REQUIRED: ReadonlySet<string> = new Set(['event_id', 'time', 'image_path']);

const KIND_WORDS: Record<CaptureColumnKind, string> = {
  int: 'whole numbers (INT32 or INT64)',
  timestamp: 'a timestamp',
  text: 'text (a UTF-8 byte array)',
  boolean: 'true/false (BOOLEAN)',
  double: 'numbers (DOUBLE or FLOAT)',
};

function isTimestamp(element: SchemaElement): boolean {
  return (
    element.type === 'INT96' ||
    element.logical_type?.type === 'TIMESTAMP' ||
    element.converted_type === 'TIMESTAMP_MILLIS' ||
    element.converted_type === 'TIMESTAMP_MICROS'
  );
}

function fitsKind(element: SchemaElement, kind: CaptureColumnKind): boolean {
  switch (kind) {
    case 'int':
      return (element.type === 'INT32' || element.type === 'INT64') && !isTimestamp(element);
    case 'timestamp':
      return isTimestamp(element);
    case 'text':
      return element.type === 'BYTE_ARRAY';
    case 'boolean':
      return element.type === 'BOOLEAN';
    case 'double':
      return element.type === 'DOUBLE' || element.type === 'FLOAT';
  }
}

function describeType(element: SchemaElement): string {
  return [element.type ?? 'a group', element.logical_type?.type ?? element.converted_type].filter((part) => part !== undefined).join(' ');
}

/**
 * The capture columns present in a file's schema, or the sentence saying why the file does not
 * fit (a missing required column, a column of another type, a nested column).
 */
export function checkCaptureSchema(file: string, metadata: FileMetaData): { columns: string[] } | { fatal: string } {
  const root = metadata.schema[0];
  const leaves = new Map<string, SchemaElement>();
  for (const element of metadata.schema.slice(1, 1 + (root?.num_children ?? 0))) leaves.set(element.name, element);
  const present: string[] = [];
  for (const column of CAPTURE_COLUMNS) {
    const element = leaves.get(column.name);
    if (element === undefined) {
      if (REQUIRED.has(column.name))
        return { fatal: `${file} has no "${column.name}" column, which a capture needs (columns: ${[...leaves.keys()].join(', ')})` };
      continue;
    }
    if (element.num_children !== undefined || !fitsKind(element, column.kind)) {
      return { fatal: `${file}: column "${column.name}" is ${describeType(element)}, expected ${KIND_WORDS[column.kind]}` };
    }
    present.push(column.name);
  }
  return { columns: present };
}

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/** True when the file starts with Parquet's magic bytes (the format is told by content, never by name). */
export async function isParquetSource(source: ParquetCaptureSource): Promise<boolean> {
  if (source.size < 8) return false;
  const head = new Uint8Array(await source.slice(0, 4).arrayBuffer());
  return PARQUET_MAGIC.every((byte, i) => head[i] === byte);
}

/** A Blob as hyparquet's byte-range reader. */
export function asyncBufferOf(source: ParquetCaptureSource): AsyncBuffer {
  return { byteLength: source.size, slice: (start, end) => source.slice(start, end ?? source.size).arrayBuffer() };
}

/** The `host=…` segment of a Hive-partitioned path, decoded. */
export function hostFromPartitionPath(path: string): string | null {
  const match = /(?:^|[\\/])host=([^\\/]+)[\\/]/.exec(path);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** Epoch ms of a timestamp cell (hyparquet gives Dates), NaN when null or unreadable. */
function timeOf(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}

function integerOf(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'bigint' && value >= 0n && value < 0xffffffffn) return Number(value);
  return -1;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

class InvalidCell extends Error {}

function labelOf(value: unknown, fallback: LabelCode, where: string): LabelCode {
  if (value === null || value === undefined) return fallback;
  const index = PARQUET_LABEL_NAMES.findIndex((name) => name === value);
  if (index === 1) return Label.KnownGood;
  if (index === 2) return Label.KnownBad;
  if (index === 0 || value === 'unlabelled') return Label.Unlabelled;
  throw new InvalidCell(`${where} has label ${JSON.stringify(value)}, expected ${PARQUET_LABEL_NAMES.join(', ')}`);
}

/**
 * Appends the rows of a capture Parquet file to `frame` (hour and weekday in the frame's zone),
 * one row group at a time. Rows keep their label, synthetic flag and source file when the file
 * has those columns. Parents named by `parent_image_path` (or only `parent_file_name`) are
 * kept; the caller resolves the rest as for any load (resolveParents, refreshCasings).
 * On a fatal outcome the frame is as it was. `frame` may be a function giving the frame each row
 * group goes to (the headless pipeline writes batches out between row groups); a fatal outcome
 * then takes back only the current row group.
 */
export async function readCaptureParquet(
  source: ParquetCaptureSource,
  frame: EventFrame | (() => EventFrame),
  options: ParquetReadOptions = {},
): Promise<ParquetReadOutcome> {
  const file = source.name;
  const outcome: ParquetReadOutcome = { rows: 0, events: 0, ignored: 0, fatal: null };
  const buffer = asyncBufferOf(source);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    outcome.fatal = `${file} is not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`;
    return outcome;
  }
  const checked = checkCaptureSchema(file, metadata);
  if ('fatal' in checked) {
    outcome.fatal = checked.fatal;
    return outcome;
  }
  const columns = checked.columns;
  const has = new Set(columns);
  const hostFallback = options.hostFallback ?? hostFromPartitionPath(file) ?? hostFromFileName(file);
  const defaultLabel = options.label ?? Label.KnownGood;
  const totalRows = Number(metadata.num_rows);
  const frameOf = typeof frame === 'function' ? frame : () => frame;
  let target = frameOf();
  let firstRow = target.length;
  let rowStart = 0;
  try {
    for (const group of metadata.row_groups) {
      options.signal?.throwIfAborted();
      target = frameOf();
      if (typeof frame === 'function') firstRow = target.length;
      const fileSourceCode = target.sources.code(file);
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        parquetRead({ file: buffer, metadata, columns, rowStart, rowEnd, rowFormat: 'object', onComplete: resolve }).catch(reject);
      });
      rows.forEach((cells, index) => {
        outcome.rows++;
        const eventId = cells['event_id'];
        if (typeof eventId !== 'number' || !isKnownEventId(eventId)) {
          outcome.ignored++;
          return;
        }
        const where = `${file}: row ${rowStart + index + 1}`;
        const image = textOf(cells['image_path']) ?? '';
        const parent = textOf(has.has('parent_image_path') ? cells['parent_image_path'] : cells['parent_file_name']);
        const event: NormalizedEvent = {
          eventId,
          timeMs: timeOf(cells['time']),
          host: textOf(cells['host']),
          processId: integerOf(cells['pid']),
          parentProcessId: integerOf(cells['parent_pid']),
          processSequence: -1,
          parentProcessSequence: -1,
          imageName: image,
          createTimeMs: Number.NaN,
          parentImage: parent,
        };
        const commandLine = textOf(cells['command_line']);
        if (commandLine !== null) event.commandLine = commandLine;
        const sourceFile = textOf(cells['source_file']);
        appendEvent(target, event, {
          hostCode: target.hosts.code(event.host ?? hostFallback),
          sourceCode: sourceFile === null ? fileSourceCode : target.sources.code(sourceFile),
          label: labelOf(cells['label'], defaultLabel, where),
          isSynthetic: cells['synthetic'] === true,
        });
        outcome.events++;
      });
      rowStart = rowEnd;
      options.onProgress?.(rowStart, totalRows);
    }
  } catch (error) {
    target.length = firstRow;
    if (error instanceof InvalidCell) return { rows: 0, events: 0, ignored: 0, fatal: error.message };
    if (options.signal?.aborted === true) throw error;
    return { rows: 0, events: 0, ignored: 0, fatal: `${file} could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
  return outcome;
}
