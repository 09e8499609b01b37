/**
 * The data worker's side of a parse worker (parse.worker.ts): one worker per request (a part to
 * read, or a gzip file to inflate), terminated once it answers or when the load is cancelled;
 * {@link ParseWorkers} keeps one started ahead for a data session, whose loads are given its readers.
 */
import { assertNever } from '../lib/assertNever';
import type { Inflater } from './inflatePort';
import type { PartProgress, PartReader, PartRequest, PartResult } from './parallelLoad';
import type { ParseEvent, ParseRequestMap } from './parseProtocol';
import type { RpcRequest, RpcResponse } from './protocol';

/** The one request a parse worker is sent. */
const REQUEST_ID = 1;

/** A new parse worker: it fetches, compiles and runs its module at once, whether or not it was sent anything yet. */
function startParseWorker(): Worker {
  return new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
}

/** Sends one request to a parse worker from `start`; resolves with its answer, rejects when it fails or `signal` aborts. */
function inParseWorker<K extends keyof ParseRequestMap & string>(
  start: () => Worker,
  type: K,
  params: ParseRequestMap[K]['params'],
  transfer: Transferable[],
  onProgress: (progress: PartProgress) => void,
  signal: AbortSignal,
): Promise<ParseRequestMap[K]['result']> {
  return new Promise<ParseRequestMap[K]['result']>((resolve, reject) => {
    signal.throwIfAborted();
    const worker = start();
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

/** The port a gzip part sends its inflated head to, moved to the parse worker with the request. */
function inflatedPorts(request: PartRequest): Transferable[] {
  return request.inflated === undefined ? [] : [request.inflated.port];
}

/**
 * The parse workers of one data session, with one started ahead ({@link warm}): a new worker
 * takes ~0.1 s (longer on a busy machine) to start a thread and load its module, and a load's
 * second half waited that long before it was read. The next request takes the spare; the session
 * warms another once its load is over, so no worker starts while two cores parse.
 */
export class ParseWorkers {
  private spare: Worker | null = null;

  /** Starts the spare worker unless one is waiting. */
  warm(): void {
    this.spare ??= startParseWorker();
  }

  /** The spare worker (a new one when none is waiting), handed out once. */
  private readonly take = (): Worker => {
    const worker = this.spare ?? startParseWorker();
    this.spare = null;
    return worker;
  };

  /** Reads a part in the spare (or a new) parse worker, terminated once it answers or when `signal` aborts. */
  readonly readPart: PartReader = (request, onProgress, signal): Promise<PartResult> =>
    inParseWorker(this.take, 'readPart', request, inflatedPorts(request), onProgress, signal);

  /** Inflates a gzip file in the spare (or a new) parse worker into the request's port (transferred to it). */
  readonly inflate: Inflater = async (request, signal): Promise<void> => {
    await inParseWorker(this.take, 'inflate', request, [request.port], () => undefined, signal);
  };
}
