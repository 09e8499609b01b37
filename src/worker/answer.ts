/// <reference lib="webworker" />

/** What a request handler returns: the result and the buffers to move rather than copy. */
export interface Answer {
  result: unknown;
  transfer?: Transferable[];
}

/**
 * Runs one request's handler and posts exactly one response with its id: the result, or the
 * error as a message (flagged as a cancellation when `isCancelled` says so).
 */
export async function answer(scope: DedicatedWorkerGlobalScope, id: number, handler: () => Promise<Answer>, isCancelled: () => boolean): Promise<void> {
  try {
    const { result, transfer = [] } = await handler();
    scope.postMessage({ kind: 'response', id, ok: true, result }, transfer);
  } catch (error) {
    const cancelled = isCancelled();
    const message = cancelled ? 'Cancelled' : error instanceof Error ? error.message : String(error);
    scope.postMessage({ kind: 'response', id, ok: false, error: message, isCancelled: cancelled });
  }
}
