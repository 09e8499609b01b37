/** What a load reports: per file, per event id, and for the whole capture. */
import type { ParentResolution } from '../enrich/parents';
import type { EventFrame } from '../frame/frame';
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
  /** Zip archives: which result files were read and which entries skipped. */
  note?: string;
  /** Why rows were ignored (other logs, providers, event ids), most frequent first, at most 10. */
  ignoredReasons?: { reason: string; count: number }[];
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
  /** Why the load stopped early (memory budget), with what to do; null when complete. */
  truncated: string | null;
  /** Increases whenever the frame changes, so dependants know they are stale. */
  version: number;
}

export interface LoadOutcome {
  frame: EventFrame;
  files: LoadedFile[];
  problems: LineProblem[];
  problemCount: number;
  ignoredCount: number;
  parents: ParentResolution;
  seconds: number;
  /** Set when the memory budget ended the load early: what was kept and how to continue. */
  truncated: string | null;
}
