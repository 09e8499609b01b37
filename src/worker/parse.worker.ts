/// <reference lib="webworker" />
import { rowBuffers } from '../frame/frame';
import { readPart, type FromParseWorker, type ToParseWorker } from './parallelLoad';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromParseWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

// One part per worker: the data worker terminates it to cancel, and after the result.
self.onmessage = (message: MessageEvent<ToParseWorker>) => {
  readPart(message.data.request, (progress) => post({ type: 'progress', progress }))
    .then((result) => post({ type: 'done', result }, rowBuffers(result.rows)))
    .catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
};
