/// <reference lib="webworker" />
import { rowBuffers } from '../frame/frame';
import { inflateToPort } from './inflatePort';
import { readPart, type PartProgress } from './parallelLoad';
import type { ParseEvent, ParseRequestMap } from './parseProtocol';
import { serve } from './rpc';

declare const self: DedicatedWorkerGlobalScope;

const post = (event: ParseEvent): void => self.postMessage(event);

/** Milliseconds between progress reports (the page's bar is redrawn every 100 ms at most). */
const PROGRESS_MS = 100;

// One request per worker: the data worker terminates it after the answer, and to cancel.
serve<ParseRequestMap>(self, {
  readPart: async (request, { id, signal }) => {
    // At most one report per PROGRESS_MS: each is a task on the data worker, which is parsing the other half.
    let lastPost = Number.NEGATIVE_INFINITY;
    const onProgress = (progress: PartProgress): void => {
      const now = performance.now();
      if (now - lastPost < PROGRESS_MS) return;
      lastPost = now;
      post({ kind: 'event', type: 'partProgress', requestId: id, progress });
    };
    const result = await readPart(request, onProgress, signal);
    return { result, transfer: rowBuffers(result.rows) };
  },
  inflate: async ({ file, port }, { signal }) => {
    await inflateToPort(file, port, signal);
    return { result: null };
  },
});
