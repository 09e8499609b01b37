/**
 * The training set as Parquet: the exact rows a run trained, validated and tested on, one per
 * example, with its split, label and the model's inputs — per active feature column the value
 * (the one-hot or embedding source, as in the spec's `labels`) and its model index — and the
 * feature specification in the file's metadata (`etwlab.featureSpec`, the `spec` of the model
 * export's features file), so another engine can rebuild the inputs or check them.
 */
import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import { modelIndex, type FeatureColumnSpec, type FeatureSpec } from '../ml/features';
import type { ExampleTable, RowSplit } from '../ml/types';
import { DEFAULT_ROW_GROUP_ROWS, type ParquetSink } from './parquetCapture';

/** Split names as written, in file order. */
export const SPLIT_NAMES = ['train', 'validation', 'test'] as const satisfies readonly (keyof RowSplit)[];

type Cell = number | bigint | string | boolean | null;

/** One column of the training-set schema. */
export interface TrainingColumn {
  readonly name: string;
  readonly schema: Omit<SchemaElement, 'name'>;
  readonly read: (table: ExampleTable, row: number, split: (typeof SPLIT_NAMES)[number]) => Cell;
}

const TEXT = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' } as const;
const INT = { type: 'INT32', repetition_type: 'REQUIRED' } as const;

/** Columns every training-set file starts with. */
const FIXED_COLUMNS: readonly TrainingColumn[] = [
  { name: 'split', schema: TEXT, read: (_table, _row, split) => split },
  { name: 'example', schema: INT, read: (_table, row) => row },
  { name: 'label', schema: TEXT, read: (table, row) => (table.label[row] === 1 ? 'known bad' : 'known good') },
  { name: 'is_known_bad', schema: INT, read: (table, row) => table.label[row] ?? 0 },
  {
    name: 'time',
    schema: { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' }, repetition_type: 'OPTIONAL' },
    read: (table, row) => {
      const ms = table.timeMs[row] ?? Number.NaN;
      return Number.isFinite(ms) ? BigInt(Math.round(ms * 1000)) : null;
    },
  },
  { name: 'synthetic', schema: { type: 'BOOLEAN', repetition_type: 'REQUIRED' }, read: (table, row) => table.synthetic[row] === 1 },
];

/** The two columns of one active feature: its value (`(other)` out of vocabulary) and its model index. */
function featureColumns(column: FeatureColumnSpec): TrainingColumn[] {
  return [
    { name: column.column, schema: TEXT, read: (table, row) => column.labels[modelIndex(table, row, column)] ?? '' },
    { name: `${column.column}_id`, schema: INT, read: (table, row) => modelIndex(table, row, column) },
  ];
}

/** The training-set schema for a feature specification: fixed columns, then two per active feature in model order. */
export function trainingColumns(spec: FeatureSpec): TrainingColumn[] {
  return [...FIXED_COLUMNS, ...spec.columns.flatMap(featureColumns)];
}

/**
 * Writes the rows of `split` (train, then validation, then test) to `sink` a row group at a time.
 */
export function writeTrainingSetTo(sink: ParquetSink, table: ExampleTable, split: RowSplit, spec: FeatureSpec, rowGroupRows = DEFAULT_ROW_GROUP_ROWS): number {
  const columns = trainingColumns(spec);
  const writer = new ParquetWriter({
    writer: sink,
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map((column): SchemaElement => ({ name: column.name, ...column.schema }))],
    createdBy: 'EtwLab',
    kvMetadata: [{ key: 'etwlab.featureSpec', value: JSON.stringify(spec) }],
  });
  let written = 0;
  for (const part of SPLIT_NAMES) {
    const rows = split[part];
    for (let from = 0; from < rows.length; from += rowGroupRows) {
      const count = Math.min(rowGroupRows, rows.length - from);
      const columnData: ColumnSource[] = columns.map((column) => {
        const cells: Cell[] = new Array<Cell>(count);
        for (let i = 0; i < count; i++) cells[i] = column.read(table, rows[from + i] ?? 0, part);
        return { name: column.name, data: cells, nullable: column.schema.repetition_type !== 'REQUIRED' };
      });
      void writer.write({ columnData, rowGroupSize: count });
      written += count;
    }
  }
  void writer.finish();
  return written;
}

/** The training set as one Parquet file in memory (for the worker's "Export Parquet"). */
export function writeTrainingSetParquet(table: ExampleTable, split: RowSplit, spec: FeatureSpec): Uint8Array {
  const sink = new ByteWriter();
  writeTrainingSetTo(sink, table, split, spec);
  return sink.getBytes();
}
