import type { DataEvent, DataRequestMap, RequestMap, RpcCancel, RpcRequest, RpcResponse } from '../worker/protocol';
import type { TrainEvent, TrainRequestMap } from '../worker/trainProtocol';
import type { UrlParams } from './urlParams';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** What any EtwLab worker posts back. */
type WorkerReply<E> = RpcResponse | (E & { kind: 'event' });

/** An error from a worker; `isCancelled` when the user cancelled the request. */
export class WorkerRequestError extends Error {
  constructor(
    message: string,
    readonly isCancelled: boolean,
  ) {
    super(message);
  }
}

/**
 * A worker's uncaught error as words. A worker that throws a non-Error (an ErrorEvent from a worker
 * it started, say) arrives as "Uncaught [object ErrorEvent]": name where it came from instead.
 */
export function workerErrorText(event: Pick<ErrorEvent, 'message' | 'filename' | 'lineno'>): string {
  const message = event.message.replace(/^Uncaught\s+/, '').trim();
  const where = event.filename ? ` at ${event.filename.replace(/^blob:.*/, 'a script it made')}${event.lineno ? ` line ${event.lineno}` : ''}` : '';
  if (message === '' || /^\[object \w+\]$/.test(message)) return `an error it could not describe${where} (see the browser console)`;
  return message;
}

/**
 * The UI's handle on a worker: typed requests that resolve with their response, and listeners
 * for events. Starts the worker on the first request, and again on the next one after it died
 * (rejecting what was in flight).
 */
export class WorkerClient<M extends RequestMap, E extends { kind: 'event' }> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: E) => void>();
  private readonly crashListeners = new Set<(message: string) => void>();

  constructor(
    private readonly name: string,
    private readonly create: () => Worker,
  ) {}

  private started(): Worker {
    this.worker ??= this.start();
    return this.worker;
  }

  private start(): Worker {
    const worker = this.create();
    worker.onmessage = (message: MessageEvent<WorkerReply<E>>) => this.receive(message.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.crash(`The ${this.name} stopped: ${workerErrorText(event)}`);
    };
    return worker;
  }

  private crash(message: string): void {
    for (const pending of this.pending.values()) pending.reject(new WorkerRequestError(message, false));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = null;
    for (const listener of this.crashListeners) listener(message);
  }

  private receive(message: WorkerReply<E>): void {
    if (message.kind === 'event') {
      for (const listener of this.listeners) listener(message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new WorkerRequestError(message.error, message.isCancelled));
  }

  /** Sends a request; `onId` learns its id (to cancel it); `transfer` moves buffers instead of copying. */
  request<K extends keyof M & string>(
    type: K,
    params: M[K]['params'],
    options: { onId?: (id: number) => void; transfer?: Transferable[] } = {},
  ): Promise<M[K]['result']> {
    const id = this.nextId++;
    const answered = new Promise<M[K]['result']>((resolve, reject) => {
      // The worker answers request `id` with the result type of `type` (its handler map is typed by M).
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.started().postMessage({ kind: 'request', id, type, params } satisfies RpcRequest<M>, options.transfer ?? []);
    });
    // After the request is posted, so a cancel sent from `onId` reaches the worker after it.
    options.onId?.(id);
    return answered;
  }

  /** Cancels request `id`; nothing to do when the worker is not running (it died with the request). */
  cancel(id: number): void {
    this.worker?.postMessage({ kind: 'cancel', id } satisfies RpcCancel);
  }

  onEvent(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onCrash(listener: (message: string) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }
}

/** What the store uses of a worker client (a fake in tests). */
type WorkerPort<M extends RequestMap, E extends { kind: 'event' }> = Pick<WorkerClient<M, E>, 'request' | 'cancel' | 'onEvent' | 'onCrash'>;

export type DataWorkerClient = WorkerPort<DataRequestMap, DataEvent>;
export type TrainWorkerClient = WorkerPort<TrainRequestMap, TrainEvent>;

/**
 * What the store needs from outside: the two workers' clients and the URL parameters read at
 * startup. The app makes the real one; tests can pass fakes.
 */
export interface NotebookServices {
  data: DataWorkerClient;
  train: TrainWorkerClient;
  params: UrlParams;
}
