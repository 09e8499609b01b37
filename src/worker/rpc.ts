/// <reference lib="webworker" />
/**
 * The one way a worker serves requests: a handler per request type, typed by the worker's
 * request map, so each handler's result is checked against the protocol. Every request gets
 * exactly one response with its id; a `cancel` message aborts the handler's signal.
 */
import { assertNever } from '../lib/assertNever';
import { errorMessage } from '../lib/errorMessage';
import type { RequestMap, RpcCancel, RpcRequest, RpcResponse } from './protocol';

/** What a handler answers: the result and the buffers to move rather than copy. */
export interface Answer<R> {
  result: R;
  transfer?: Transferable[];
}

/** What a handler learns besides its parameters. */
export interface RequestContext {
  /** The request's id, for events that belong to it (progress). */
  id: number;
  /** Aborted when the client cancels the request. */
  signal: AbortSignal;
}

/** One handler per request type of `M`, each answering that type's result. */
export type Handlers<M extends RequestMap> = {
  [K in keyof M]: (params: M[K]['params'], context: RequestContext) => Answer<M[K]['result']> | Promise<Answer<M[K]['result']>>;
};

/** The scope a worker serves from (a DedicatedWorkerGlobalScope, or a fake in tests). */
export interface ServeScope {
  onmessage: ((message: MessageEvent) => unknown) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/** Runs one request's handler and posts its response: the result, or the error as a message. */
async function answer<M extends RequestMap>(scope: ServeScope, handlers: Handlers<M>, request: RpcRequest<M>, signal: AbortSignal): Promise<void> {
  try {
    const handler = handlers[request.type];
    if (handler === undefined) throw new Error(`Unknown request: ${String(request.type)}`);
    const { result, transfer = [] } = await handler(request.params, { id: request.id, signal });
    scope.postMessage({ kind: 'response', id: request.id, ok: true, result } satisfies RpcResponse, transfer);
  } catch (error) {
    const isCancelled = signal.aborted;
    scope.postMessage(
      { kind: 'response', id: request.id, ok: false, error: isCancelled ? 'Cancelled' : errorMessage(error), isCancelled } satisfies RpcResponse,
      [],
    );
  }
}

/** Serves `handlers` on `scope`: dispatches requests by type and aborts a request's signal on `cancel`. */
export function serve<M extends RequestMap>(scope: ServeScope, handlers: Handlers<M>): void {
  const running = new Map<number, AbortController>();
  scope.onmessage = (message: MessageEvent<RpcRequest<M> | RpcCancel>): void => {
    const data = message.data;
    switch (data.kind) {
      case 'request': {
        const controller = new AbortController();
        running.set(data.id, controller);
        void answer(scope, handlers, data, controller.signal).finally(() => running.delete(data.id));
        break;
      }
      case 'cancel':
        running.get(data.id)?.abort(new DOMException('Cancelled', 'AbortError'));
        break;
      default:
        assertNever(data, 'message to a worker');
    }
  };
}
