/**
 * The data worker's side of a parse worker (parse.worker.ts): one worker per request (a part to
 * read, or a gzip file to inflate), terminated once it answers or when the load is cancelled.
 */
import { assertNever } from '../lib/assertNever';
import type { Inflater } from './inflatePort';
import type { PartProgress, PartReader, PartResult } from './parallelLoad';
import type { ParseEvent, ParseRequestMap } from './parseProtocol';
import type { RpcRequest, RpcResponse } from './protocol';

/** The one request a parse worker is sent. */
const REQUEST_ID = 1;

/** Sends one request to a new parse worker; resolves with its answer, rejects when it fails or `signal` aborts. */
function inParseWorker<K extends keyof ParseRequestMap & string>(
  type: K,
  params: ParseRequestMap[K]['params'],
  transfer: Transferable[],
  onProgress: (progress: PartProgress) => void,
  signal: AbortSignal,
): Promise<ParseRequestMap[K]['result']> {
  return new Promise<ParseRequestMap[K]['result']>((resolve, reject) => {
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
    worker.onmessage = (message: MessageEvent<RpcResponse<ParseRequestMap[K]['result']> | ParseEvent>) => {
      const data = message.data;
      switch (data.kind) {
        case 'event':
          if (data.requestId === REQUEST_ID) onProgress(data.progress);
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
    worker.postMessage({ kind: 'request', id: REQUEST_ID, type, params } satisfies RpcRequest<ParseRequestMap>, transfer);
  });
}

/** Reads a part in a nested parse worker, terminated once it answers or when `signal` aborts. */
export const readPartInWorker: PartReader = (request, onProgress, signal): Promise<PartResult> =>
  inParseWorker('readPart', request, request.inflated === undefined ? [] : [request.inflated.port], onProgress, signal);

/** Inflates a gzip file in a nested parse worker into the request's port (transferred to it). */
export const inflateInWorker: Inflater = async (request, signal): Promise<void> => {
  await inParseWorker('inflate', request, [request.port], () => undefined, signal);
};
