/// <reference lib="webworker" />
import { rowBuffers } from '../frame/frame';
import { inflateToPort } from './inflatePort';
import { readPart } from './parallelLoad';
import type { ParseEvent, ParseRequestMap } from './parseProtocol';
import { serve } from './rpc';

declare const self: DedicatedWorkerGlobalScope;

const post = (event: ParseEvent): void => self.postMessage(event);

// One request per worker: the data worker terminates it after the answer, and to cancel.
serve<ParseRequestMap>(self, {
  readPart: async (request, { id, signal }) => {
    const result = await readPart(request, (progress) => post({ kind: 'event', type: 'partProgress', requestId: id, progress }), signal);
    return { result, transfer: rowBuffers(result.rows) };
  },
  inflate: async ({ file, port }, { signal }) => {
    await inflateToPort(file, port, signal);
    return { result: null };
  },
});
