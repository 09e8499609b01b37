import type { ExampleTable, FeatureColumnId } from './types';
import { featureColumnIds } from './types';

/** How one feature column enters the model. */
export const featureTreatments = ['indicator', 'embedding', 'off'] as const;
export type FeatureTreatment = (typeof featureTreatments)[number];

/** The user's choice for one column. */
export interface FeatureSetting {
  readonly column: FeatureColumnId;
  readonly treatment: FeatureTreatment;
  /** Width of the learned vector when treatment is 'embedding'. */
  readonly embeddingDims: number;
}

const defaultEmbeddingDims = 8;
const defaultMaxVocabulary = 5000;
/** Model index of the out-of-vocabulary bucket (codes unseen in training, missing values). */
export const outOfVocabularyIndex = 0;
const outOfVocabularyLabel = '(other)';

const seedTreatments: Partial<Record<FeatureColumnId, FeatureTreatment>> = {
  hour: 'indicator',
  weekday: 'indicator',
  name: 'embedding',
  folder: 'embedding',
};

/** The blog post's setup: hour and weekday one-hot, name and folder 8-d embeddings, others off. */
export const defaultFeatureSettings: readonly FeatureSetting[] = featureColumnIds.map((column) => ({
  column,
  treatment: seedTreatments[column] ?? 'off',
  embeddingDims: defaultEmbeddingDims,
}));

interface ColumnSpecBase {
  readonly column: FeatureColumnId;
  /** Model index per table code (index = table code); 0 = out of vocabulary. */
  readonly remap: readonly number[];
  /** Number of model indices, the out-of-vocabulary bucket included. */
  readonly width: number;
  /** The value string per model index; index 0 is the out-of-vocabulary bucket. */
  readonly labels: readonly string[];
  /** The model index seen most often in training: the neutral value for occlusion. */
  readonly mostCommonIndex: number;
}

/** A column fed as a one-hot block of the indicator matrix, starting at `offset`. */
export interface IndicatorColumnSpec extends ColumnSpecBase {
  readonly treatment: 'indicator';
  readonly offset: number;
}

/** A column fed as ids to a learned embedding table of `width` × `embeddingDims`. */
export interface EmbeddingColumnSpec extends ColumnSpecBase {
  readonly treatment: 'embedding';
  readonly embeddingDims: number;
}

export type FeatureColumnSpec = IndicatorColumnSpec | EmbeddingColumnSpec;

/** Everything needed to encode any row the same way the training rows were: plain, serialisable data. */
export interface FeatureSpec {
  /** Active columns in model order. */
  readonly columns: readonly FeatureColumnSpec[];
  /** Width of the concatenated one-hot indicator matrix. */
  readonly indicatorWidth: number;
}

/** Options of fitFeatureSpec. */
export interface FitFeatureOptions {
  /** Keep at most this many most frequent training values per column. */
  readonly maxVocabulary?: number;
}

/**
 * Fits the vocabulary of every active column on the training rows only, keeping the most frequent
 * `maxVocabulary` values; all other codes, and missing ones, map to bucket 0. Settings for columns
 * absent from the table are ignored.
 */
export function fitFeatureSpec(table: ExampleTable, trainRows: Uint32Array, settings: readonly FeatureSetting[], options: FitFeatureOptions = {}): FeatureSpec {
  const maxVocabulary = options.maxVocabulary ?? defaultMaxVocabulary;
  if (!(maxVocabulary >= 1)) throw new Error(`Vocabulary cap ${maxVocabulary} must be at least 1.`);
  const columns: FeatureColumnSpec[] = [];
  let indicatorWidth = 0;
  for (const column of featureColumnIds) {
    const setting = settings.find((candidate) => candidate.column === column);
    const coded = table.columns[column];
    if (setting === undefined || setting.treatment === 'off' || coded === undefined) continue;
    const counts = new Float64Array(coded.vocabulary.length);
    let missing = 0;
    for (const row of trainRows) {
      const code = coded.codes[row] ?? -1;
      if (code >= 0 && code < counts.length) counts[code] = (counts[code] ?? 0) + 1;
      else missing++;
    }
    const seenCodes: number[] = [];
    counts.forEach((count, code) => {
      if (count > 0) seenCodes.push(code);
    });
    seenCodes.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b);
    // Kept values are ordered by table code, so hour and weekday blocks read in their natural order.
    const kept = seenCodes.slice(0, maxVocabulary).sort((a, b) => a - b);
    const remap = new Array<number>(coded.vocabulary.length).fill(outOfVocabularyIndex);
    const labels = [outOfVocabularyLabel];
    let otherCount = missing;
    kept.forEach((code, rank) => {
      remap[code] = rank + 1;
      labels.push(coded.vocabulary[code] ?? String(code));
    });
    for (const code of seenCodes.slice(maxVocabulary)) otherCount += counts[code] ?? 0;
    const mostCommonCode = seenCodes[0];
    const mostCommonIndex =
      mostCommonCode !== undefined && (counts[mostCommonCode] ?? 0) >= otherCount ? (remap[mostCommonCode] ?? outOfVocabularyIndex) : outOfVocabularyIndex;
    const base = { column, remap, width: kept.length + 1, labels, mostCommonIndex };
    if (setting.treatment === 'indicator') {
      columns.push({ ...base, treatment: 'indicator', offset: indicatorWidth });
      indicatorWidth += base.width;
    } else {
      if (!(Number.isInteger(setting.embeddingDims) && setting.embeddingDims >= 1)) {
        throw new Error(`Embedding size of ${column} must be a whole number ≥ 1, not ${setting.embeddingDims}.`);
      }
      columns.push({ ...base, treatment: 'embedding', embeddingDims: setting.embeddingDims });
    }
  }
  return { columns, indicatorWidth };
}

/** The embedding columns of a spec, in model input order. */
export function embeddingColumns(spec: FeatureSpec): EmbeddingColumnSpec[] {
  return spec.columns.filter((column): column is EmbeddingColumnSpec => column.treatment === 'embedding');
}

/** The indicator columns of a spec, in matrix order. */
export function indicatorColumns(spec: FeatureSpec): IndicatorColumnSpec[] {
  return spec.columns.filter((column): column is IndicatorColumnSpec => column.treatment === 'indicator');
}

/** Width of the vector the first hidden layer sees: indicator matrix plus every embedding. */
export function inputWidth(spec: FeatureSpec): number {
  return embeddingColumns(spec).reduce((width, column) => width + column.embeddingDims, spec.indicatorWidth);
}

/** A name per indicator matrix column, such as `hour=13` or `weekday=(other)`. */
export function indicatorNames(spec: FeatureSpec): string[] {
  return indicatorColumns(spec).flatMap((column) => column.labels.map((label) => `${column.column}=${label}`));
}

/** Rows encoded for the model: plain typed arrays, ready to become tensors or cross threads. */
export interface EncodedRows {
  readonly rowCount: number;
  /** rowCount × indicatorWidth one-hot floats, row-major. */
  readonly indicators: Float32Array;
  readonly indicatorWidth: number;
  /** One id array per embedding column, in embeddingColumns(spec) order. */
  readonly embeddingIds: readonly Int32Array[];
}

/** The model index of one row of one column. */
export function modelIndex(table: ExampleTable, row: number, column: FeatureColumnSpec): number {
  const code = table.columns[column.column]?.codes[row] ?? -1;
  return code >= 0 ? (column.remap[code] ?? outOfVocabularyIndex) : outOfVocabularyIndex;
}

/** Encodes the given rows with a fitted spec. */
export function encode(table: ExampleTable, rows: ArrayLike<number>, spec: FeatureSpec): EncodedRows {
  const rowCount = rows.length;
  const width = spec.indicatorWidth;
  const indicators = new Float32Array(rowCount * width);
  const embeddings = embeddingColumns(spec);
  const embeddingIds = embeddings.map(() => new Int32Array(rowCount));
  for (const column of indicatorColumns(spec)) {
    for (let i = 0; i < rowCount; i++) {
      indicators[i * width + column.offset + modelIndex(table, rows[i] ?? 0, column)] = 1;
    }
  }
  embeddings.forEach((column, position) => {
    const ids = embeddingIds[position];
    if (ids === undefined) return;
    for (let i = 0; i < rowCount; i++) ids[i] = modelIndex(table, rows[i] ?? 0, column);
  });
  return { rowCount, indicators, indicatorWidth: width, embeddingIds };
}

/** One column of one previewed row. */
export interface PreviewCell {
  readonly column: FeatureColumnId;
  readonly treatment: 'indicator' | 'embedding';
  /** The value in the table; null when missing. */
  readonly raw: string | null;
  /** The model index; 0 = out of vocabulary. */
  readonly index: number;
  /** What the model receives, in words: `one-hot 4 of 25` or `id 17 of 120 → 8-d vector`. */
  readonly encoded: string;
}

/** A few encoded rows for the UI, headed by the active column names. */
export interface FeaturePreview {
  readonly headers: readonly string[];
  readonly rows: readonly { readonly row: number; readonly label: number; readonly cells: readonly PreviewCell[] }[];
}

/** Shows how the first `limit` of the given rows are encoded. */
export function previewRows(table: ExampleTable, rows: ArrayLike<number>, spec: FeatureSpec, limit = 5): FeaturePreview {
  const headers = spec.columns.map((column) =>
    column.treatment === 'indicator' ? `${column.column} (one-hot ${column.width})` : `${column.column} (embedding ${column.embeddingDims})`,
  );
  const previewed: FeaturePreview['rows'][number][] = [];
  for (let i = 0; i < Math.min(limit, rows.length); i++) {
    const row = rows[i] ?? 0;
    const cells = spec.columns.map((column): PreviewCell => {
      const coded = table.columns[column.column];
      const code = coded?.codes[row] ?? -1;
      const raw = code >= 0 ? (coded?.vocabulary[code] ?? null) : null;
      const index = modelIndex(table, row, column);
      const encoded =
        column.treatment === 'indicator' ? `one-hot ${index} of ${column.width}` : `id ${index} of ${column.width} → ${column.embeddingDims}-d vector`;
      return { column: column.column, treatment: column.treatment, raw, index, encoded };
    });
    previewed.push({ row, label: table.label[row] ?? 0, cells });
  }
  return { headers, rows: previewed };
}
