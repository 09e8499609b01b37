/**
 * The one message protocol between the UI and the workers (the envelope of all three, and the data
 * worker's requests). Requests carry an id and get exactly one response with the same id; events (progress, epochs) flow without a request. Every switch
 * over `type` ends in assertNever, so a new message cannot be forgotten.
 */
import type { ExploreAggregate, EventRowView, FrameFilter } from '../frame/query';
import type { CaptureSummary, LoadLabel } from '../pipeline/captureSummary';
import type { BalanceStrategy } from '../known-bad/balance';
import type { ExampleTable, FeatureColumnId } from '../ml/types';
import type { ImageLoadsSummary } from '../pipeline/imageLoadsSummary';
import type { KnownBadSummary } from '../pipeline/knownBadState';
import type { CaptureSnapshot } from '../formats/captureSnapshot';
import type { TrainConfig } from '../ml/runTypes';
import type { CompletenessReport } from '../enrich/completeness';
export type { GenerateSettings } from '../formats/settings';
import type { GenerateSettings, RestoredCapture, SavedCapture } from '../formats/settings';

export type { KnownBadSummary };
export type { CaptureSummary, LoadedFile, LoadLabel } from '../pipeline/captureSummary';

/** Every known-bad action answers with both summaries (the frame changed). */
export interface KnownBadResult {
  knownBad: KnownBadSummary;
  capture: CaptureSummary;
}

/** Which rows become examples and with which columns, as the Train and Evaluate sections ask for them. */
export interface ExampleSelection {
  eventIds: number[];
  columns: FeatureColumnId[];
  useBalance: boolean;
  /** Leave out rows in the hours the completeness report judges damaged. */
  excludeDamagedHours?: boolean;
}

/** Request name → parameters and result. A type alias, not an interface, so it is assignable to the client's generic request map. */
export type DataRequestMap = {
  load: {
    params: { files: File[]; mode: 'replace' | 'append'; label: LoadLabel; maxEvents?: number };
    result: CaptureSummary;
  };
  explore: { params: { filter: FrameFilter; topN: number }; result: ExploreAggregate };
  rows: { params: { filter: FrameFilter; offset: number; limit: number }; result: { rows: EventRowView[]; matched: number } };
  /** `zone`: `UTC`, an IANA name or a fixed `UTC±hh:mm`; null when no capture is held yet. */
  setTimeZone: { params: { zone: string }; result: CaptureSummary | null };
  knownBadSummary: { params: Record<string, never>; result: KnownBadSummary };
  importKnownBad: { params: { files: File[] }; result: KnownBadResult };
  importIocs: { params: { file: File; markCapture: boolean }; result: KnownBadResult };
  generateKnownBad: { params: { settings: GenerateSettings }; result: KnownBadResult };
  clearGenerated: { params: Record<string, never>; result: KnownBadResult };
  balance: { params: { ratioBad: number; strategy: BalanceStrategy; seed: number }; result: KnownBadResult };
  exportGenerated: { params: Record<string, never>; result: { jsonl: string; events: number } };
  /** Rows as examples for training (labelled) or scoring (all); typed arrays are transferred. */
  examples: {
    /** `excludeDamagedHours`: leave out rows in the hours the completeness report judges damaged. */
    params: { rows: 'labelled' | 'all' } & ExampleSelection;
    /** `hostNames[code]` names the table's host codes (groupHost); `excluded` rows were left out as damaged. */
    result: { table: ExampleTable; frameRows: Uint32Array; version: number; hostNames: string[]; excluded: number };
  };
  /** Capture completeness (lost starts, coverage, lifetimes, damaged hours); the grid's arrays are transferred. */
  completeness: { params: Record<string, never>; result: CompletenessReport };
  /** Events by frame row, for ranked tables. */
  rowsByIndex: { params: { rows: number[] }; result: EventRowView[] };
  /** Image loads (event 5) under the Explore filter's hosts, labels, times and text (its event and name/folder filters do not apply). */
  imageLoads: { params: { filter: FrameFilter; topN: number }; result: ImageLoadsSummary };
  /** Autosave: writes the capture (or, past `maxEvents`, its summary) to IndexedDB from the worker. */
  saveCapture: { params: { maxEvents: number }; result: SavedCapture };
  /**
   * Loads the autosaved capture (at startup, or into a worker started again after a crash). Data
   * versions up to `versionsAbove` were handed out by a worker before this one: this one numbers above them.
   */
  restoreCapture: { params: { versionsAbove: number }; result: RestoredCapture };
  /** The capture as plain data for a notebook file; column buffers are transferred. */
  captureSnapshot: { params: Record<string, never>; result: CaptureSnapshot | null };
  /** Opens a capture from a notebook file. */
  openSnapshot: { params: { snapshot: CaptureSnapshot }; result: CaptureSummary };
  /**
   * A run's score of each row of an `examples` table (rows `frameRows`, taken at data `version`),
   * kept beside the frame for the capture's Parquet export; both arrays are transferred.
   */
  setScores: { params: { runId: number; version: number; frameRows: Uint32Array; scores: Float32Array }; result: { scored: number } };
  /** The capture as Parquet (one row per event, `score` when scored at the current version); the Blob crosses by reference. */
  exportCaptureParquet: { params: Record<string, never>; result: { blob: Blob; events: number; scoredBy: number | null } };
  /**
   * The exact rows a run trained and tested on as Parquet, rebuilt from the example selection and
   * settings it trained with; refused when the data changed since (`version`, `examples`).
   */
  exportTrainingSetParquet: {
    params: { runId: number; version: number; examples: number; selection: ExampleSelection; config: TrainConfig };
    result: { blob: Blob; train: number; validation: number; test: number };
  };
};

/** Request name → parameters and result, the shape of every worker's request map. */
export type RequestMap = Record<string, { params: unknown; result: unknown }>;

/** A request as every EtwLab worker receives it: answered by exactly one response with its id. */
export interface RpcRequest<M extends RequestMap> {
  kind: 'request';
  id: number;
  type: keyof M & string;
  params: M[keyof M]['params'];
}

/** Cancels a running request: a load stops, a training run stops after its batch and keeps its weights. */
export interface RpcCancel {
  kind: 'cancel';
  id: number;
}

/** The one response to a request: its result, or the error in words. */
export type RpcResponse<R = unknown> =
  { kind: 'response'; id: number; ok: true; result: R } | { kind: 'response'; id: number; ok: false; error: string; isCancelled: boolean };

/** Progress of a load: bytes of all files, events so far. */
export interface LoadProgress {
  kind: 'event';
  type: 'loadProgress';
  requestId: number;
  file: string;
  bytesRead: number;
  bytesTotal: number;
  events: number;
  problems: number;
  elapsedSeconds: number;
}

export type DataEvent = LoadProgress;

/** What the data worker posts besides responses. */
export type FromDataWorker = DataEvent;
