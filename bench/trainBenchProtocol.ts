import type { BackendName } from '../src/worker/backend';

/** What the training benchmark page asks its worker to measure (read from the page's query string). */
export interface TrainBenchConfig {
  /** Rows of the synthetic table; each measurement trains on at most this many. */
  readonly rows: number;
  readonly backends: readonly BackendName[];
  readonly batchSizes: readonly number[];
  /** Target seconds per timed run; fewer rows are used when a full pass would take longer. */
  readonly capSeconds: number;
  /** Most wasm threads (on a cross-origin-isolated page); the app uses every core. */
  readonly maxThreads: number;
}

/** One backend × batch size measurement. */
export interface TrainBenchRow {
  readonly backend: BackendName;
  readonly batchSize: number;
  /** Rows in each timed epoch (a multiple of the batch size). */
  readonly rows: number;
  readonly appExamplesPerSecond: number | null;
  readonly bareExamplesPerSecond: number | null;
  readonly appSeconds: number | null;
  readonly bareSeconds: number | null;
  /** Why a figure is missing, or a caveat. */
  readonly note: string | null;
  /**
   * Examples/s if a step cost only its matrix products at this backend's measured matMul rate
   * (flopsPerExample / matMulGflops); null when the backend did not run.
   */
  readonly ceilingExamplesPerSecond: number | null;
}

/** Everything the page reports back. */
export interface TrainBenchResult {
  readonly tableRows: number;
  readonly tableSource: string;
  readonly inputWidth: number;
  readonly totalParams: number;
  readonly webglRenderer: string | null;
  /** Floating-point operations of the matrix products of one training example (forward and backward). */
  readonly flopsPerExample: number;
  /** GFLOP/s of a large matMul per backend that ran (the arithmetic ceiling's rate). */
  readonly matMulGflops: Readonly<Partial<Record<BackendName, number>>>;
  readonly backendNotes: Readonly<Partial<Record<BackendName, string>>>;
  readonly measurements: readonly TrainBenchRow[];
  readonly seconds: number;
}

/** Messages from the benchmark worker to its page. */
export type FromTrainBench =
  | { readonly kind: 'progress'; readonly message: string }
  | { readonly kind: 'done'; readonly result: TrainBenchResult }
  | { readonly kind: 'failed'; readonly message: string };
