/**
 * Messages between the data worker and a parse worker, which reads the second half of a large
 * JSON Lines capture. The same envelope as the other workers (protocol.ts): one request answered
 * by id, progress events that name it.
 */
import type { PartProgress, PartRequest, PartResult } from './parallelLoad';

/** Request name → params and result. */
export type ParseRequestMap = {
  readPart: { params: PartRequest; result: PartResult };
};

/** How far the parse worker has read the part of request `requestId`. */
export interface PartProgressEvent {
  kind: 'event';
  type: 'partProgress';
  requestId: number;
  progress: PartProgress;
}

export type ParseEvent = PartProgressEvent;
