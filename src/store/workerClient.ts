import type { DataEvent, DataRequestMap } from '../worker/protocol';
import type { TrainEvent, TrainRequestMap } from '../worker/trainProtocol';

/** Request name → params and result, as each worker's protocol declares it. */
type RequestMap = Record<string, { params: unknown; result: unknown }>;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** What any EtwLab worker posts back. */
type WorkerReply<E> =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string; isCancelled: boolean }
  | (E & { kind: 'event' });

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
 * The UI's handle on a worker: typed requests that resolve with their response, and listeners
 * for events. Restarts the worker if it dies, rejecting what was in flight.
 */
export class WorkerClient<M extends RequestMap, E extends { kind: 'event' }> {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: E) => void>();
  private readonly crashListeners = new Set<(message: string) => void>();

  constructor(
    private readonly name: string,
    private readonly create: () => Worker,
  ) {
    this.worker = this.start();
  }

  private start(): Worker {
    const worker = this.create();
    worker.onmessage = (message: MessageEvent<WorkerReply<E>>) => this.receive(message.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.crash(`The ${this.name} stopped: ${event.message || 'unknown error'}`);
    };
    return worker;
  }

  private crash(message: string): void {
    for (const pending of this.pending.values()) pending.reject(new WorkerRequestError(message, false));
    this.pending.clear();
    this.worker.terminate();
    this.worker = this.start();
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
    options.onId?.(id);
    return new Promise<M[K]['result']>((resolve, reject) => {
      // The worker answers request `id` with the result type of `type` (its dispatch switch is typed by M).
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.worker.postMessage({ kind: 'request', id, type, params }, options.transfer ?? []);
    });
  }

  cancel(id: number): void {
    this.worker.postMessage({ kind: 'cancel', id });
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

export type DataWorkerClient = WorkerClient<DataRequestMap, DataEvent>;
export type TrainWorkerClient = WorkerClient<TrainRequestMap, TrainEvent>;

let dataClient: DataWorkerClient | null = null;
let trainClient: TrainWorkerClient | null = null;

/** The app's single data worker: owns the frame. */
export function dataWorker(): DataWorkerClient {
  dataClient ??= new WorkerClient('data worker', () => new Worker(new URL('../worker/data.worker.ts', import.meta.url), { type: 'module' }));
  return dataClient;
}

/** The app's training worker: owns models. */
export function trainWorker(): TrainWorkerClient {
  trainClient ??= new WorkerClient('training worker', () => new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module' }));
  return trainClient;
}
