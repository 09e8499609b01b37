/// <reference lib="webworker" />
import type { TrainRequestMap } from './trainProtocol';
import { TrainSession } from './trainSession';
import { serve } from './rpc';

declare const self: DedicatedWorkerGlobalScope & { etwlabLoseWebglContext?: () => boolean };

const session = new TrainSession((event) => self.postMessage(event));
// Lets a browser test lose the WebGL context mid-run, as a GPU reset or driver crash would.
self.etwlabLoseWebglContext = () => session.loseWebglContext();

serve<TrainRequestMap>(self, {
  measureBackend: async (params) => ({ result: await session.measureBackend(params.force, params.candidates) }),
  // Cancelling a training run stops it after the current batch and keeps the weights.
  train: async ({ runId, table, config }, { signal }) => {
    const result = await session.train(runId, table, config, () => signal.aborted);
    return { result, transfer: result.evaluation ? [result.evaluation.testScores.buffer, result.evaluation.testLabels.buffer] : [] };
  },
  score: (params) => {
    const result = session.score(params.runId, params.table, params.topK, params.budget);
    return { result, transfer: [result.scores.buffer] };
  },
  alertBudget: (params) => ({ result: session.alertBudget(params.runId, params.alertsPerHostDay, params.rule, params.timeZone) }),
  disposeRun: (params) => ({ result: session.disposeRun(params.runId) }),
  saveRun: async (params) => ({ result: await session.saveRun(params.runId) }),
  restoreRuns: async (params) => ({ result: await session.restoreRuns(params.runIds) }),
  exportPortableModel: async (params) => {
    const result = await session.exportPortableModel(params.runId);
    return { result, transfer: [result.artifacts.weightData] };
  },
  importModel: async ({ runId, artifacts, spec, config }) => ({ result: await session.importModel(runId, artifacts, spec, config) }),
});
