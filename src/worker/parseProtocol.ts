/**
 * Messages between the data worker and a parse worker, which reads the second half of a large
 * capture, or inflates a gzip capture for the data worker to parse. The same envelope as the
 * other workers (protocol.ts): one request answered by id, progress events that name it.
 */
import type { InflateRequest } from './inflatePort';
import type { PartProgress, PartRequest, PartResult } from './parallelLoad';

/** Request name → params and result. */
export type ParseRequestMap = {
  readPart: { params: PartRequest; result: PartResult };
  /** Answered once the whole file was sent over the request's port (or the reader stopped). */
  inflate: { params: InflateRequest; result: null };
};

/** How far the parse worker has read the part of request `requestId`. */
export interface PartProgressEvent {
  kind: 'event';
  type: 'partProgress';
  requestId: number;
  progress: PartProgress;
}

export type ParseEvent = PartProgressEvent;
