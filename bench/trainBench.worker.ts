/// <reference lib="webworker" />
import { runTrainBenchmark } from './trainMeasure';
import type { FromTrainBench, TrainBenchConfig } from './trainBenchProtocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromTrainBench): void => self.postMessage(message);

// Trains in a worker like the app's train.worker.ts, so backends see the same environment.
self.onmessage = (message: MessageEvent<TrainBenchConfig>): void => {
  runTrainBenchmark(
    message.data,
    (line) => post({ kind: 'progress', message: line }),
    // The app posts a batch event at most every 100 ms; the page ignores these.
    (examplesPerSecond) => self.postMessage({ kind: 'batch', examplesPerSecond }),
  ).then(
    (result) => post({ kind: 'done', result }),
    (error: unknown) => post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
};
