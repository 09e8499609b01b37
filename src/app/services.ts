import { WorkerClient, type NotebookServices } from '../store/workerClient';
import type { UrlParams } from '../store/urlParams';

/** The page's real services: the data worker (owns the frame) and the training worker (owns models), each started on its first request. */
export function createWorkerServices(params: UrlParams): NotebookServices {
  return {
    data: new WorkerClient('data worker', () => new Worker(new URL('../worker/data.worker.ts', import.meta.url), { type: 'module' })),
    train: new WorkerClient('training worker', () => new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module' })),
    params,
  };
}
