import type { DataEvent, DataRequestMap, DataRequestOf, DataRequestType, FromDataWorker, ToDataWorker } from './protocol';

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

/** An error from the data worker; `isCancelled` when the user cancelled the request. */
export class WorkerRequestError extends Error {
  constructor(
    message: string,
    readonly isCancelled: boolean,
  ) {
    super(message);
  }
}

/**
 * The UI's handle on the data worker: typed requests that resolve with their response, and a
 * listener for events. Restarts the worker if it dies, rejecting what was in flight.
 */
export class DataWorkerClient {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: DataEvent) => void>();
  private readonly crashListeners = new Set<(message: string) => void>();

  constructor(private readonly create: () => Worker) {
    this.worker = this.start();
  }

  private start(): Worker {
    const worker = this.create();
    worker.onmessage = (message: MessageEvent<FromDataWorker>) => this.receive(message.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.crash(`The data worker stopped: ${event.message || 'unknown error'}`);
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

  private receive(message: FromDataWorker): void {
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

  /** Sends a request; `onId` learns its id (to cancel it). */
  request<K extends DataRequestType>(
    type: K,
    params: DataRequestMap[K]['params'],
    onId?: (id: number) => void,
  ): Promise<DataRequestMap[K]['result']> {
    const id = this.nextId++;
    onId?.(id);
    return new Promise<DataRequestMap[K]['result']>((resolve, reject) => {
      this.pending.set(id, {
        // The worker answers request `id` with the result type of `type` (see data.worker.ts).
        resolve: resolve as (result: unknown) => void,
        reject,
      });
      const message: DataRequestOf<K> = { kind: 'request', id, type, params };
      this.worker.postMessage(message);
    });
  }

  cancel(id: number): void {
    this.worker.postMessage({ kind: 'cancel', id } satisfies ToDataWorker);
  }

  onEvent(listener: (event: DataEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onCrash(listener: (message: string) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }
}

let client: DataWorkerClient | null = null;

/** The app's single data worker. */
export function dataWorker(): DataWorkerClient {
  client ??= new DataWorkerClient(() => new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module' }));
  return client;
}
