/**
 * The data worker's side of a parse worker (parse.worker.ts): one worker per part, sent one
 * `readPart` request, terminated once it answers or when the load is cancelled.
 */
import { assertNever } from '../lib/assertNever';
import type { PartReader, PartResult } from './parallelLoad';
import type { ParseEvent, ParseRequestMap } from './parseProtocol';
import type { RpcRequest, RpcResponse } from './protocol';

/** The one request a parse worker is sent. */
const PART_REQUEST_ID = 1;

/** Reads a part in a nested parse worker, terminated once it answers or when `signal` aborts. */
export const readPartInWorker: PartReader = (request, onProgress, signal) =>
  new Promise<PartResult>((resolve, reject) => {
    signal.throwIfAborted();
    const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
    const finish = (): void => {
      worker.terminate();
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (message: MessageEvent<RpcResponse<PartResult> | ParseEvent>) => {
      const data = message.data;
      switch (data.kind) {
        case 'event':
          if (data.requestId === PART_REQUEST_ID) onProgress(data.progress);
          return;
        case 'response':
          finish();
          if (data.ok) resolve(data.result);
          else reject(new Error(data.error));
          return;
        default:
          assertNever(data, 'parse worker message');
      }
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      finish();
      reject(new Error(event.message || 'the parse worker could not start'));
    };
    worker.postMessage({ kind: 'request', id: PART_REQUEST_ID, type: 'readPart', params: request } satisfies RpcRequest<ParseRequestMap>);
  });
