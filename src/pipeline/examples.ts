import { WEEKDAY_NAMES } from '../lib/time';
import { Label, MISSING, type EventFrame } from '../frame/frame';
import { commandLineShape } from '../ingest/commandLineShape';
import type { CodedColumn, ExampleTable, FeatureColumnId } from '../ml/types';

const HOUR_NAMES = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
const EVENT_TYPES = ['process start', 'process stop', 'image load', 'image unload'] as const;
const EVENT_TYPE_CODE: Record<number, number> = { 1: 0, 2: 1, 5: 2, 6: 3 };

/** Which rows become examples. */
export type ExampleRows =
  /** Labelled rows of these event ids (balanced selection when given). */
  | { kind: 'labelled'; eventIds: readonly number[]; balancedRows: Uint32Array | null }
  /** Every row of these event ids, labelled or not: the capture to score. */
  | { kind: 'all'; eventIds: readonly number[] };

/** Frame rows selected by `selection`, in frame order (a balanced selection may repeat rows). */
export function selectRows(frame: EventFrame, selection: ExampleRows): Uint32Array {
  if (selection.kind === 'labelled' && selection.balancedRows) return selection.balancedRows;
  const ids = new Set(selection.eventIds);
  const rows: number[] = [];
  for (let row = 0; row < frame.length; row++) {
    if (!ids.has(frame.eventId[row] ?? 0)) continue;
    if (selection.kind === 'labelled' && frame.label[row] === Label.Unlabelled) continue;
    rows.push(row);
  }
  return Uint32Array.from(rows);
}

/**
 * Builds the training code's ExampleTable from frame rows: dictionary codes are passed through
 * (vocabularies are the frame's display strings), labels become 1 = known bad, 0 = otherwise.
 */
export function buildExampleTable(frame: EventFrame, rows: Uint32Array, columns: readonly FeatureColumnId[]): ExampleTable {
  const n = rows.length;
  const images = frame.images;
  const label = new Uint8Array(n);
  const timeMs = new Float64Array(n);
  const groupName = new Int32Array(n);
  const groupFolder = new Int32Array(n);
  const groupHost = new Int32Array(n);
  const synthetic = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] ?? 0;
    label[i] = frame.label[row] === Label.KnownBad ? 1 : 0;
    timeMs[i] = frame.timeMs[row] ?? Number.NaN;
    groupName[i] = images.name(frame.image[row] ?? 0);
    groupFolder[i] = images.folder(frame.image[row] ?? 0);
    groupHost[i] = frame.host[row] ?? 0;
    synthetic[i] = frame.synthetic[row] ?? 0;
  }
  const coded = (codeOf: (row: number) => number, vocabulary: readonly string[]): CodedColumn => {
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = codeOf(rows[i] ?? 0);
    return { codes, vocabulary };
  };
  const names = Array.from({ length: images.names.size }, (_, code) => images.names.display(code));
  const built: Partial<Record<FeatureColumnId, CodedColumn>> = {};
  for (const column of columns) {
    switch (column) {
      case 'hour':
        built.hour = coded((row) => {
          const hour = frame.hour[row] ?? 255;
          return hour < 24 ? hour : -1;
        }, HOUR_NAMES);
        break;
      case 'weekday':
        built.weekday = coded((row) => {
          const day = frame.weekday[row] ?? 255;
          return day < 7 ? day : -1;
        }, WEEKDAY_NAMES);
        break;
      case 'name':
        built.name = coded((row) => images.name(frame.image[row] ?? 0), names);
        break;
      case 'folder':
        built.folder = coded(
          (row) => images.folder(frame.image[row] ?? 0),
          Array.from({ length: images.folders.size }, (_, code) => images.folders.display(code)),
        );
        break;
      case 'parent':
        built.parent = coded((row) => {
          const parent = frame.parentImage[row] ?? MISSING;
          return parent === MISSING ? -1 : images.name(parent);
        }, names);
        break;
      case 'eventType':
        built.eventType = coded((row) => EVENT_TYPE_CODE[frame.eventId[row] ?? 0] ?? -1, EVENT_TYPES);
        break;
      case 'commandLine':
        built.commandLine = commandLineShapeColumn(frame, rows);
        break;
      case 'elevation':
      case 'session':
        // Not kept in the frame yet: the column is simply absent.
        break;
    }
  }
  return { size: n, label, timeMs, groupName, groupFolder, groupHost, synthetic, columns: built };
}

/**
 * The command-line shape column (see ingest/commandLineShape.ts) of `rows`: one shape per
 * distinct command line, computed once; -1 where the source had none (ETW). Ready for a
 * `commandLine` feature column (off by default) once `featureColumnIds` lists it.
 */
export function commandLineShapeColumn(frame: EventFrame, rows: Uint32Array): CodedColumn {
  const shapeCodes = new Map<string, number>();
  const vocabulary: string[] = [];
  const codeOfLine = new Int32Array(frame.commandLines.size).fill(-2);
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const line = frame.commandLine[rows[i] ?? 0] ?? MISSING;
    if (line === MISSING) {
      codes[i] = -1;
      continue;
    }
    let code = codeOfLine[line] ?? -1;
    if (code === -2) {
      const shape = commandLineShape(frame.commandLines.value(line));
      code = shapeCodes.get(shape) ?? -1;
      if (code < 0) {
        code = vocabulary.length;
        vocabulary.push(shape);
        shapeCodes.set(shape, code);
      }
      codeOfLine[line] = code;
    }
    codes[i] = code;
  }
  return { codes, vocabulary };
}

/** The typed arrays of a table, to transfer instead of copying between threads. */
export function transferablesOf(table: ExampleTable): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: { buffer: ArrayBufferLike }): void => {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  add(table.label);
  add(table.timeMs);
  add(table.groupName);
  add(table.groupFolder);
  add(table.groupHost);
  add(table.synthetic);
  for (const column of Object.values(table.columns)) if (column) add(column.codes);
  return [...buffers];
}
