/// <reference lib="webworker" />
import { DataSession } from './dataSession';
import { transferablesOf } from '../pipeline/examples';
import type { DataRequestMap, FromDataWorker } from './protocol';
import { readCaptureSnapshot } from '../formats/captureSnapshot';
import { restoreCapture, saveCapture } from './captureStore';
import { serve } from './rpc';

declare const self: DedicatedWorkerGlobalScope;

const session = new DataSession((message: FromDataWorker) => self.postMessage(message));

serve<DataRequestMap>(self, {
  load: async (params, { id, signal }) => ({ result: await session.load(id, params, signal) }),
  explore: (params) => ({ result: session.explore(params) }),
  rows: (params) => ({ result: session.rows(params) }),
  setTimeZone: (params) => ({ result: session.setTimeZone(params.zone) }),
  knownBadSummary: () => ({ result: session.knownBadSummary() }),
  importKnownBad: async (params, { id, signal }) => ({ result: await session.importKnownBad(id, params.files, signal) }),
  importIocs: async (params) => ({ result: await session.importIocs(params.file, params.markCapture) }),
  generateKnownBad: (params) => ({ result: session.generateKnownBad(params) }),
  clearGenerated: () => ({ result: session.clearGenerated() }),
  balance: (params) => ({ result: session.balance(params) }),
  exportGenerated: () => ({ result: session.exportGenerated() }),
  examples: (params) => {
    const examples = session.examples(params);
    return { result: examples, transfer: [...transferablesOf(examples.table), examples.frameRows.buffer] };
  },
  completeness: () => {
    const report = session.completeness();
    return { result: report, transfer: [report.grid.events.buffer, report.grid.seenStarts.buffer, report.grid.missingStarts.buffer] };
  },
  rowsByIndex: (params) => ({ result: session.rowsByIndex(params.rows) }),
  imageLoads: (params) => ({ result: session.imageLoads(params) }),
  saveCapture: async (params) => ({ result: await saveCapture(session, params.maxEvents) }),
  restoreCapture: async (params) => ({ result: await restoreCapture(session, params.versionsAbove) }),
  captureSnapshot: () => {
    const snapshot = session.snapshot();
    if (snapshot === null) return { result: null };
    const buffers = [...Object.values(snapshot.frame.columns).map((column) => column.buffer), snapshot.knownBad.balanced?.rows.buffer];
    return { result: snapshot, transfer: buffers.filter((buffer) => buffer !== undefined) };
  },
  // Checked again here: the page parsed it, but the worker trusts nothing it is sent.
  openSnapshot: (params) => ({ result: session.restoreSnapshot(readCaptureSnapshot(params.snapshot)) }),
  setScores: (params) => ({ result: session.setScores(params) }),
  exportCaptureParquet: () => ({ result: session.exportCaptureParquet() }),
  exportTrainingSetParquet: async (params) => ({ result: await session.exportTrainingSetParquet(params) }),
});
