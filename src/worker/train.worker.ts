/// <reference lib="webworker" />
import { assertNever } from '../lib/assertNever';
import { answer } from './answer';
import type { TrainRequest, ToTrainWorker } from './trainProtocol';
import { TrainSession } from './trainSession';

declare const self: DedicatedWorkerGlobalScope & { etwlabLoseWebglContext?: () => boolean };

const session = new TrainSession((event) => self.postMessage(event));
// Lets a browser test lose the WebGL context mid-run, as a GPU reset or driver crash would.
self.etwlabLoseWebglContext = () => session.loseWebglContext();
const stopped = new Set<number>();

async function handle(request: TrainRequest): Promise<void> {
  await answer(
    self,
    request.id,
    async () => {
      let result;
      let transfer: Transferable[] = [];
      switch (request.type) {
        case 'measureBackend':
          result = await session.measureBackend(request.params.force, request.params.candidates);
          break;
        case 'train':
          result = await session.train(request.params.runId, request.params.table, request.params.config, () => stopped.has(request.id));
          if (result.evaluation) transfer = [result.evaluation.testScores.buffer, result.evaluation.testLabels.buffer];
          break;
        case 'score':
          result = session.score(request.params.runId, request.params.table, request.params.topK);
          break;
        case 'exportModel':
          result = await session.exportModel(request.params.runId);
          transfer = [result.weightData];
          break;
        case 'disposeRun':
          result = session.disposeRun(request.params.runId);
          break;
        case 'memory':
          result = session.memory();
          break;
        case 'saveRun':
          result = await session.saveRun(request.params.runId);
          break;
        case 'restoreRuns':
          result = await session.restoreRuns(request.params.runIds);
          break;
        case 'exportPortableModel':
          result = await session.exportPortableModel(request.params.runId);
          transfer = [result.artifacts.weightData];
          break;
        case 'importModel': {
          const { runId, artifacts, spec, config } = request.params;
          result = await session.importModel(runId, artifacts, spec, config);
          break;
        }
        default:
          assertNever(request, 'training request');
      }
      return { result, transfer };
    },
    () => false,
  );
  stopped.delete(request.id);
}

self.onmessage = (message: MessageEvent<ToTrainWorker>): void => {
  const data = message.data;
  switch (data.kind) {
    case 'request':
      void handle(data);
      break;
    case 'cancel':
      // For a training run: stop after the current batch and keep the weights.
      stopped.add(data.id);
      break;
    default:
      assertNever(data, 'message to the training worker');
  }
};
