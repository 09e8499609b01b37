/**
 * The data contract between the data worker and the training code: one row per process-start
 * event with a label, its time, the groups used by grouped splits and dictionary-coded feature
 * columns.
 */

/** Every feature column the data worker may hand over, in the order models see them. */
export const featureColumnIds = ['hour', 'weekday', 'name', 'folder', 'parent', 'eventType', 'elevation', 'session', 'commandLine'] as const;

/** One dictionary-coded feature column id. */
export type FeatureColumnId = (typeof featureColumnIds)[number];

/** A dictionary-coded categorical column: `codes[row]` indexes `vocabulary`; -1 means missing. */
export interface CodedColumn {
  readonly codes: Int32Array;
  readonly vocabulary: readonly string[];
}

/**
 * Labelled examples as parallel typed arrays of length `size`.
 * hour codes are 0..23 and weekday codes 0..6 (0 = Sunday) when those columns are present.
 */
export interface ExampleTable {
  readonly size: number;
  /** 1 = known bad, 0 = known good. */
  readonly label: Uint8Array;
  /** Event time in ms since the Unix epoch (UTC). */
  readonly timeMs: Float64Array;
  /** File-name code, the group for name-grouped splits; -1 = missing. */
  readonly groupName: Int32Array;
  /** Folder code of the image, whatever the feature columns (ranked events break score ties on it); -1 = missing. */
  readonly groupFolder: Int32Array;
  /** Host code, the group for host-grouped splits; -1 = missing. */
  readonly groupHost: Int32Array;
  /** 1 = a synthetic known-bad row made by the generator. */
  readonly synthetic: Uint8Array;
  /** Only some columns may be present. */
  readonly columns: Partial<Record<FeatureColumnId, CodedColumn>>;
}

/** Row indices (into an ExampleTable) of the three parts of a split, each sorted ascending. */
export interface RowSplit {
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
  readonly test: Uint32Array;
}

/** Narrows a string to a FeatureColumnId. */
export function isFeatureColumnId(value: string): value is FeatureColumnId {
  return featureColumnIds.some((column) => column === value);
}

/** The feature columns present in a table, in model order. */
export function presentColumns(table: ExampleTable): FeatureColumnId[] {
  return featureColumnIds.filter((column) => table.columns[column] !== undefined);
}
