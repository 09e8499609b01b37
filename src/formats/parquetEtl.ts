/**
 * The headless pipeline: captures in, Hive-partitioned capture Parquet out
 * (`host=…/date=…/part-N.parquet`), with the app's own readers (readCapture), labels (known-bad
 * files, IOC lists matched by matchIocs) and parent rules (streamingParents.ts). Events pass in
 * batches of a fresh small frame, so memory is bounded by the batch, the live processes and the
 * open files, never by the input. File access is the caller's (the CLI gives Node files), so
 * this runs anywhere core runs.
 */
import { StreamingParentResolver, type StreamingParentResolution } from '../enrich/streamingParents';
import { Label, appendEvent, emptyFrame, refreshCasings, type AppendContext, type EventFrame, type LabelCode } from '../frame/frame';
import { readCapture } from '../ingest/readCapture';
import type { CaptureSource, IngestSink, LineProblem, NormalizedEvent } from '../ingest/types';
import { matchIocs, type IocEntry } from '../known-bad/iocCsv';
import { CaptureParquetWriter, DEFAULT_ROW_GROUP_ROWS, type ParquetSink } from './parquetCapture';
import { isParquetSource, readCaptureParquet, type ParquetCaptureSource } from './parquetCaptureReader';

/** One input of a run: a capture and the label its events get (known bad for `--known-bad` files). */
export interface EtlInput {
  readonly source: CaptureSource & ParquetCaptureSource;
  readonly label: LabelCode;
  /** Set for files found inside a folder: an unreadable one is skipped and listed, not fatal. */
  readonly isFromFolder?: boolean;
}

/** Where partition files go: `open` gives a sink for a path such as `host=WKS-1/date=2026-03-02/part-0.parquet`. */
export interface PartitionFiles {
  open(relativePath: string): ParquetSink;
}

export interface EtlProgress {
  file: string;
  /** Source bytes of all inputs read so far. */
  bytesRead: number;
  bytesTotal: number;
  events: number;
}

export interface EtlOptions {
  readonly output: PartitionFiles;
  /** IOC entries (parseIocCsv) whose matching images are labelled known bad. */
  readonly iocs?: readonly IocEntry[];
  /** Events per batch (default 65,536). */
  readonly batchRows?: number;
  /** Partition files open at once; the least recently written is closed past it (default 64). */
  readonly maxOpenFiles?: number;
  readonly rowGroupRows?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: EtlProgress) => void;
}

/** Per file of a run. */
export interface EtlFileReport {
  name: string;
  bytes: number;
  events: number;
  problems: number;
  ignored: number;
  /** Why the file was not read (empty, binary, not a capture…). */
  fatal: string | null;
  isFromFolder: boolean;
}

/** The summary of a run. */
export interface EtlSummary {
  events: number;
  /** Events per event id. */
  eventIds: Record<number, number>;
  /** Events per label name. */
  labels: Record<string, number>;
  iocMarked: number;
  files: EtlFileReport[];
  /** The first {@link MAX_LISTED_ETL_PROBLEMS} rejected lines, with file and line. */
  problems: LineProblem[];
  problemCount: number;
  ignoredCount: number;
  parents: StreamingParentResolution;
  /** Partition files written, relative to the output folder. */
  outputFiles: string[];
  bytesRead: number;
  seconds: number;
}

export const MAX_LISTED_ETL_PROBLEMS = 100;
export const DEFAULT_BATCH_ROWS = 65_536;

/** Hive escapes path-unsafe characters of a partition value as %XX (as Hive and Spark do). */
export function hivePartitionValue(value: string): string {
  if (value === '') return '__HIVE_DEFAULT_PARTITION__';
  return value.replace(/[^A-Za-z0-9._-]/gu, (ch) =>
    [...new TextEncoder().encode(ch)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** UTC date of an event for its `date=` partition. */
export function partitionDate(timeMs: number): string {
  return Number.isFinite(timeMs) ? new Date(timeMs).toISOString().slice(0, 10) : '__HIVE_DEFAULT_PARTITION__';
}

interface OpenPartition {
  writer: CaptureParquetWriter;
  path: string;
}

/**
 * Writes batches into Hive partitions, each partition a file open across batches (a row group
 * per batch), so one host's day becomes a few large files rather than one per batch.
 */
export class PartitionedCaptureWriter {
  private readonly open = new Map<string, OpenPartition>();
  private readonly nextPart = new Map<string, number>();
  readonly files: string[] = [];

  constructor(
    private readonly output: PartitionFiles,
    private readonly maxOpenFiles = 64,
    private readonly rowGroupRows = DEFAULT_ROW_GROUP_ROWS,
  ) {}

  /** Writes every row of a batch frame to its `host=…/date=…` partition. */
  writeBatch(frame: EventFrame): void {
    const groups = new Map<string, number[]>();
    for (let row = 0; row < frame.length; row++) {
      const key = `host=${hivePartitionValue(frame.hosts.value(frame.host[row] ?? 0))}/date=${partitionDate(frame.timeMs[row] ?? Number.NaN)}`;
      let rows = groups.get(key);
      if (rows === undefined) {
        rows = [];
        groups.set(key, rows);
      }
      rows.push(row);
    }
    for (const [key, rows] of groups) this.partition(key).writer.write(frame, rows);
  }

  private partition(key: string): OpenPartition {
    const known = this.open.get(key);
    if (known !== undefined) {
      // Most recently written last, so the first entry is the one to close.
      this.open.delete(key);
      this.open.set(key, known);
      return known;
    }
    while (this.open.size >= this.maxOpenFiles) {
      const oldest = this.open.entries().next().value;
      if (oldest === undefined) break;
      oldest[1].writer.finish();
      this.open.delete(oldest[0]);
    }
    const part = this.nextPart.get(key) ?? 0;
    this.nextPart.set(key, part + 1);
    const path = `${key}/part-${part}.parquet`;
    // The partition path names the host; Spark refuses a column that is also a partition column.
    const opened: OpenPartition = { writer: new CaptureParquetWriter(this.output.open(path), { omit: ['host'], rowGroupRows: this.rowGroupRows }), path };
    this.open.set(key, opened);
    this.files.push(path);
    return opened;
  }

  /** Closes every open file. */
  finish(): void {
    for (const partition of this.open.values()) partition.writer.finish();
    this.open.clear();
  }
}

/** Labels known bad the rows whose image matches an IOC entry; returns how many it changed. */
export function labelIocMatches(frame: EventFrame, entries: readonly IocEntry[]): number {
  if (entries.length === 0) return 0;
  const images = frame.images;
  const matches = new Uint8Array(images.paths.size);
  for (let code = 0; code < images.paths.size; code++) {
    if (matchIocs(entries, images.names.key(images.name(code)), images.folders.key(images.folder(code))).length > 0) matches[code] = 1;
  }
  let marked = 0;
  for (let row = 0; row < frame.length; row++) {
    if (matches[frame.image[row] ?? 0] === 1 && frame.label[row] !== Label.KnownBad) {
      frame.label[row] = Label.KnownBad;
      marked++;
    }
  }
  return marked;
}

/** A run in progress: the current batch and the totals. */
class EtlRun implements IngestSink {
  batch: EventFrame;
  private readonly context: AppendContext = { hostCode: 0, sourceCode: 0, label: Label.KnownGood, isSynthetic: false };
  private readonly resolver = new StreamingParentResolver();
  private readonly writer: PartitionedCaptureWriter;
  private readonly batchRows: number;
  private readonly started = performance.now();
  private bytesBefore = 0;
  private readonly bytesTotal: number;
  private file: EtlFileReport | null = null;
  readonly summary: EtlSummary;

  constructor(
    inputs: readonly EtlInput[],
    private readonly options: EtlOptions,
  ) {
    this.batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
    this.batch = emptyFrame(this.batchRows);
    this.writer = new PartitionedCaptureWriter(options.output, options.maxOpenFiles, options.rowGroupRows);
    this.bytesTotal = inputs.reduce((sum, input) => sum + input.source.size, 0);
    this.summary = {
      events: 0,
      eventIds: {},
      labels: {},
      iocMarked: 0,
      files: [],
      problems: [],
      problemCount: 0,
      ignoredCount: 0,
      parents: this.resolver.totals,
      outputFiles: this.writer.files,
      bytesRead: 0,
      seconds: 0,
    };
  }

  /** Starts a file: its source code in the next batches and the label of its events. */
  begin(input: EtlInput): EtlFileReport {
    const file: EtlFileReport = {
      name: input.source.name,
      bytes: input.source.size,
      events: 0,
      problems: 0,
      ignored: 0,
      fatal: null,
      isFromFolder: input.isFromFolder === true,
    };
    this.file = file;
    this.summary.files.push(file);
    this.context.label = input.label;
    this.context.sourceCode = this.batch.sources.code(input.source.name);
    return file;
  }

  end(input: EtlInput): void {
    this.bytesBefore += input.source.size;
    this.summary.bytesRead = this.bytesBefore;
  }

  event(event: NormalizedEvent): void {
    if (this.batch.length >= this.batchRows) this.flush();
    this.context.hostCode = this.batch.hosts.code(event.host ?? 'unknown');
    appendEvent(this.batch, event, this.context);
    if (this.file !== null) this.file.events++;
  }

  problem(problem: LineProblem): void {
    this.summary.problemCount++;
    if (this.file !== null) this.file.problems++;
    if (this.summary.problems.length < MAX_LISTED_ETL_PROBLEMS) this.summary.problems.push(problem);
  }

  ignored(): void {
    this.summary.ignoredCount++;
    if (this.file !== null) this.file.ignored++;
  }

  progress(bytesRead: number): void {
    this.summary.bytesRead = this.bytesBefore + bytesRead;
    this.options.onProgress?.({
      file: this.file?.name ?? '',
      bytesRead: this.summary.bytesRead,
      bytesTotal: this.bytesTotal,
      events: this.summary.events + this.batch.length,
    });
  }

  /** Resolves, labels and writes the batch, then starts a new one with fresh string tables. */
  flush(): void {
    const batch = this.batch;
    if (batch.length > 0) {
      this.resolver.resolveBatch(batch);
      this.summary.iocMarked += labelIocMatches(batch, this.options.iocs ?? []);
      refreshCasings(batch);
      this.writer.writeBatch(batch);
      this.count(batch);
    }
    const next = emptyFrame(this.batchRows);
    next.utcOffsetMinutes = batch.utcOffsetMinutes;
    if (this.file !== null) this.context.sourceCode = next.sources.code(this.file.name);
    this.batch = next;
  }

  private count(batch: EventFrame): void {
    const { eventIds, labels } = this.summary;
    const labelNames = ['unknown', 'known good', 'known bad'];
    for (let row = 0; row < batch.length; row++) {
      const id = batch.eventId[row] ?? 0;
      eventIds[id] = (eventIds[id] ?? 0) + 1;
      const label = labelNames[batch.label[row] ?? 0] ?? 'unknown';
      labels[label] = (labels[label] ?? 0) + 1;
    }
    this.summary.events += batch.length;
  }

  finish(): EtlSummary {
    this.flush();
    this.writer.finish();
    this.summary.seconds = (performance.now() - this.started) / 1000;
    return this.summary;
  }
}

/**
 * Reads every input in turn (text captures through readCapture, Parquet captures through
 * readCaptureParquet) and writes the events as partitioned capture Parquet. Resolves with the
 * summary; a file that cannot be read has `fatal` set in its report and the run goes on.
 */
export async function runEtl(inputs: readonly EtlInput[], options: EtlOptions): Promise<EtlSummary> {
  const run = new EtlRun(inputs, options);
  for (const input of inputs) {
    options.signal?.throwIfAborted();
    const file = run.begin(input);
    if (await isParquetSource(input.source)) {
      const outcome = await readCaptureParquet(input.source, () => run.batch, {
        label: input.label,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onProgress: (rowsRead, totalRows) => {
          run.progress(totalRows === 0 ? 0 : Math.round((input.source.size * rowsRead) / totalRows));
          // A row group at a time lands in the batch: write it out once the batch is full.
          if (run.batch.length >= (options.batchRows ?? DEFAULT_BATCH_ROWS)) run.flush();
        },
      });
      file.fatal = outcome.fatal;
      file.events = outcome.events;
      file.ignored = outcome.ignored;
    } else {
      const outcome = await readCapture(input.source, run, options.signal === undefined ? {} : { signal: options.signal });
      file.fatal = outcome.fatal;
    }
    run.end(input);
  }
  return run.finish();
}
