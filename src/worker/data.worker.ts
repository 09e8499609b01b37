/// <reference lib="webworker" />
import { assertNever } from '../lib/assertNever';
import { answer } from './answer';
import { DataSession } from './dataSession';
import { transferablesOf } from '../pipeline/examples';
import type { DataRequest, FromDataWorker, ToDataWorker } from './protocol';
import { readCaptureSnapshot } from '../formats/captureSnapshot';
import { restoreCapture, saveCapture } from './captureStore';

declare const self: DedicatedWorkerGlobalScope;

const session = new DataSession((message: FromDataWorker) => self.postMessage(message));
const running = new Map<number, AbortController>();

async function handle(request: DataRequest): Promise<void> {
  const controller = new AbortController();
  running.set(request.id, controller);
  await answer(
    self,
    request.id,
    async () => {
      let result;
      let transfer: Transferable[] = [];
      switch (request.type) {
        case 'load':
          result = await session.load(request.id, request.params, controller.signal);
          break;
        case 'explore':
          result = session.explore(request.params);
          break;
        case 'rows':
          result = session.rows(request.params);
          break;
        case 'setUtcOffset':
          result = session.setUtcOffset(request.params.minutes);
          break;
        case 'summary':
          result = session.summary();
          break;
        case 'knownBadSummary':
          result = session.knownBadSummary();
          break;
        case 'importKnownBad':
          result = await session.importKnownBad(request.id, request.params.files, controller.signal);
          break;
        case 'importIocs':
          result = await session.importIocs(request.params.file, request.params.markCapture);
          break;
        case 'generateKnownBad':
          result = session.generateKnownBad(request.params);
          break;
        case 'clearGenerated':
          result = session.clearGenerated();
          break;
        case 'balance':
          result = session.balance(request.params);
          break;
        case 'exportGenerated':
          result = session.exportGenerated();
          break;
        case 'examples': {
          const examples = session.examples(request.params);
          transfer = [...transferablesOf(examples.table), examples.frameRows.buffer];
          result = examples;
          break;
        }
        case 'rowsByIndex':
          result = session.rowsByIndex(request.params.rows);
          break;
        case 'imageLoads':
          result = session.imageLoads(request.params);
          break;
        case 'saveCapture':
          result = await saveCapture(session, request.params.maxEvents);
          break;
        case 'restoreCapture':
          result = await restoreCapture(session);
          break;
        case 'captureSnapshot': {
          const snapshot = session.snapshot();
          if (snapshot)
            transfer = [...Object.values(snapshot.frame.columns).map((column) => column.buffer), snapshot.knownBad.balanced?.rows.buffer].filter(
              (b) => b !== undefined,
            );
          result = snapshot;
          break;
        }
        case 'openSnapshot':
          // Checked again here: the page parsed it, but the worker trusts nothing it is sent.
          result = session.restoreSnapshot(readCaptureSnapshot(request.params.snapshot));
          break;
        default:
          assertNever(request, 'data request');
      }
      return { result, transfer };
    },
    () => controller.signal.aborted,
  );
  running.delete(request.id);
}

self.onmessage = (message: MessageEvent<ToDataWorker>): void => {
  const data = message.data;
  switch (data.kind) {
    case 'request':
      void handle(data);
      break;
    case 'cancel':
      running.get(data.id)?.abort(new DOMException('Load cancelled', 'AbortError'));
      break;
    default:
      assertNever(data, 'message to the data worker');
  }
};
