import { WorkerClient, type NotebookServices } from '../store/workerClient';
import type { UrlParams } from '../store/urlParams';
import type { DataEvent, DataRequestMap } from '../worker/protocol';

/**
 * The page's real services: the data worker (owns the frame) and the training worker (owns
 * models). The data worker starts with the page, not with the first file: a file dropped on a
 * fresh empty notebook would otherwise wait for the worker's module to load before a byte is
 * read. The training worker starts on its first request.
 */
export function createWorkerServices(params: UrlParams): NotebookServices {
  const data = new WorkerClient<DataRequestMap, DataEvent>(
    'data worker',
    () => new Worker(new URL('../worker/data.worker.ts', import.meta.url), { type: 'module' }),
  );
  data.prestart();
  return {
    data,
    train: new WorkerClient('training worker', () => new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module' })),
    params,
  };
}
