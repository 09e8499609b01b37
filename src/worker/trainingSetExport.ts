/**
 * "Export Parquet" of the rows a run trained and tested on, in the data worker. Apart from
 * parquetExport.ts and imported only when asked for: a run's split and features come from the
 * model plan (ml/modelKindPlan), which pulls in tfjs, and the data worker must not load and run
 * tfjs (~3 MB) before its first capture load.
 */
import { writeTrainingSetTo } from '../formats/parquetTrainingSet';
import type { TrainConfig } from '../ml/runTypes';
import type { ExampleTable } from '../ml/types';
import { BlobSink } from './parquetExport';
import { splitAndSpec } from './runExamples';

/** Rows per split of an exported training set. */
export interface TrainingSetCounts {
  train: number;
  validation: number;
  test: number;
}

/** The training set of a run with `config` on `table` (its split and spec made as the training worker makes them). */
export function trainingSetParquetBlob(table: ExampleTable, config: TrainConfig): { blob: Blob; counts: TrainingSetCounts } {
  const { split, spec } = splitAndSpec(table, config);
  const sink = new BlobSink();
  writeTrainingSetTo(sink, table, split, spec);
  return { blob: sink.toBlob(), counts: { train: split.train.length, validation: split.validation.length, test: split.test.length } };
}
