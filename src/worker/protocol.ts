/**
 * The one message protocol between the UI and the workers. Requests carry an id and get exactly
 * one response with the same id; events (progress, epochs) flow without a request. Every switch
 * over `type` ends in assertNever, so a new message cannot be forgotten.
 */
import type { ParentResolution } from '../enrich/parents';
import type { ExploreAggregate, EventRowView, FrameFilter } from '../frame/query';
import type { CaptureFormat, LineProblem } from '../ingest/types';

/** How the loaded events are labelled. */
export type LoadLabel = 'known-good' | 'known-bad' | 'unlabelled';

/** One file of a load, as the summary lists it. */
export interface LoadedFile {
  name: string;
  bytes: number;
  format: CaptureFormat | null;
  isGzip: boolean;
  events: number;
  problems: number;
  ignored: number;
  /** The sentence when the whole file was unreadable. */
  fatal: string | null;
}

/** What the Load section shows after a load. */
export interface CaptureSummary {
  events: number;
  eventIdCounts: { eventId: number; count: number }[];
  files: LoadedFile[];
  problems: LineProblem[];
  problemCount: number;
  ignoredCount: number;
  timeRange: [number, number] | null;
  hosts: string[];
  uniqueNames: number;
  uniqueFolders: number;
  parents: ParentResolution;
  labelCounts: [number, number, number];
  syntheticCount: number;
  columnBytes: number;
  seconds: number;
  /** Increases whenever the frame changes, so dependants know they are stale. */
  version: number;
}

/** Request name → parameters and result. */
export interface DataRequestMap {
  load: {
    params: { files: File[]; mode: 'replace' | 'append'; label: LoadLabel };
    result: CaptureSummary;
  };
  explore: { params: { filter: FrameFilter; topN: number }; result: ExploreAggregate };
  rows: { params: { filter: FrameFilter; offset: number; limit: number }; result: { rows: EventRowView[]; matched: number } };
  setUtcOffset: { params: { minutes: number }; result: CaptureSummary };
  summary: { params: Record<string, never>; result: CaptureSummary | null };
}

export type DataRequestType = keyof DataRequestMap;

/** A request of one type. */
export interface DataRequestOf<K extends DataRequestType> {
  kind: 'request';
  id: number;
  type: K;
  params: DataRequestMap[K]['params'];
}

export type DataRequest = { [K in DataRequestType]: DataRequestOf<K> }[DataRequestType];

/** Cancels a running request (only loads are cancellable). */
export interface CancelMessage {
  kind: 'cancel';
  id: number;
}

export type DataResponse =
  | { kind: 'response'; id: number; ok: true; result: DataRequestMap[DataRequestType]['result'] }
  | { kind: 'response'; id: number; ok: false; error: string; isCancelled: boolean };

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

export type FromDataWorker = DataResponse | DataEvent;
export type ToDataWorker = DataRequest | CancelMessage;
