/**
 * What every reader produces: one normalised event per accepted row, whatever the capture's
 * format (JSONL, JSON arrays, CSV, gzip) or row shape (Velociraptor 0.74+, 0.7.1–0.73, ≤0.7.0,
 * Sigma event model, Windows.ETW.KernelProcess artifact).
 */

/** Event ids of Microsoft-Windows-Kernel-Process that EtwLab understands. */
export const EventId = {
  ProcessStart: 1,
  ProcessStop: 2,
  ImageLoad: 5,
  ImageUnload: 6,
} as const;
export type KnownEventId = (typeof EventId)[keyof typeof EventId];

export function isKnownEventId(id: number): id is KnownEventId {
  return id === 1 || id === 2 || id === 5 || id === 6;
}

/** Missing integer fields are -1; missing times are NaN. */
export interface NormalizedEvent {
  eventId: KnownEventId;
  /** Event time (System.TimeStamp / Timestamp / _ts), epoch ms UTC. */
  timeMs: number;
  /** Host from the row (Hostname, Computer, ClientId, Fqdn) or null when the row has none. */
  host: string | null;
  processId: number;
  parentProcessId: number;
  processSequence: number;
  parentProcessSequence: number;
  /** ImageName as captured: NT device path, drive-letter path, or (ProcessStop) a bare name. */
  imageName: string;
  /** CreateTime of the process (events 1 and 2), epoch ms UTC, NaN when absent. */
  createTimeMs: number;
  /**
   * Parent image path when the source states it (Sysmon ParentImage, 4688 ParentProcessName);
   * for image loads (Sysmon 7) the loading process's image; null otherwise.
   */
  parentImage: string | null;
  /** Command line when the source has one (Sysmon 1, Security 4688); absent otherwise. */
  commandLine?: string;
  /** Account the process runs as (Sysmon User, 4688 DOMAIN\\user); absent when the source has none. */
  user?: string;
}

/** A rejected line: the UI lists these with file and line number. */
export interface LineProblem {
  file: string;
  /** 1-based line where the rejected row starts. */
  line: number;
  reason: string;
}

/** Anything a reader can stream from: a browser File or Blob, or a test's Blob. */
export interface CaptureSource {
  readonly name: string;
  readonly size: number;
  stream(): ReadableStream<Uint8Array>;
  /**
   * Byte range as a Blob (File and Blob have it), holding the same bytes as {@link stream}: zip archives are read by
   * ranges, and a source that has it is read in large ranges rather than as a stream.
   */
  slice?(start: number, end: number): Blob;
}

/** Every layout a capture file can have; 'zip': a Velociraptor collector or export zip whose `results/` entries were read; 'parquet': capture Parquet (formats/parquetCapture). */
export const CAPTURE_FORMATS = ['jsonl', 'json-array', 'csv', 'zip', 'parquet'] as const;

/** The layout of one capture file. */
export type CaptureFormat = (typeof CAPTURE_FORMATS)[number];

/** Callbacks a reader drives; the worker's frame builder implements them. */
export interface IngestSink {
  event(event: NormalizedEvent): void;
  problem(problem: LineProblem): void;
  /** A valid row that is not one of events 1/2/5/6 (another provider, rundown, …): counted, not an error. */
  ignored(reason: string): void;
  /** Bytes of the (compressed) source consumed so far. */
  progress(bytesRead: number): void;
}

export interface ReadOutcome {
  format: CaptureFormat | null;
  isGzip: boolean;
  /** Rows (lines or array elements) looked at. */
  rows: number;
  /** Set when the file as a whole is unreadable: empty, binary, not an ETW capture. One sentence. */
  fatal: string | null;
  /** For a zip: which entries were read and which skipped, in one sentence. */
  note?: string;
  /**
   * Lines of text read (each `\n`, plus a last line without one), so that a reader of the
   * following byte range can number its lines in file terms. Only with the `countLines` option
   * of readCapture, and never for zips.
   */
  lines?: number;
  /**
   * True when the text ended between rows (no row, quoted CSV cell or JSON array left open), so
   * a byte range that follows starts at a row. Only with the `countLines` option of readCapture.
   */
  endsBetweenRows?: boolean;
}
