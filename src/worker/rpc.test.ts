import { describe, expect, it } from 'vitest';
import { serve, type ServeScope } from './rpc';

type TestMap = {
  double: { params: { value: number }; result: number };
  wait: { params: Record<string, never>; result: string };
  fail: { params: Record<string, never>; result: null };
};

/** A worker scope whose messages are recorded, and a way to send it one. */
function fakeScope(): { scope: ServeScope; posted: { message: unknown; transfer: Transferable[] }[]; send: (data: unknown) => void } {
  const posted: { message: unknown; transfer: Transferable[] }[] = [];
  const scope: ServeScope = { onmessage: null, postMessage: (message, transfer) => posted.push({ message, transfer }) };
  const send = (data: unknown): void => void scope.onmessage?.(new MessageEvent('message', { data }));
  return { scope, posted, send };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('serve', () => {
  it('answers each request by id with its handler result and transfer list', async () => {
    const { scope, posted, send } = fakeScope();
    const buffer = new ArrayBuffer(8);
    serve<TestMap>(scope, {
      double: ({ value }) => ({ result: value * 2, transfer: [buffer] }),
      wait: () => ({ result: 'done' }),
      fail: () => {
        throw new Error('no such capture');
      },
    });
    send({ kind: 'request', id: 7, type: 'double', params: { value: 21 } });
    send({ kind: 'request', id: 8, type: 'fail', params: {} });
    await settle();
    // Each answers when its handler settles, not in request order.
    expect(posted.sort((a, b) => JSON.stringify(a.message).localeCompare(JSON.stringify(b.message)))).toEqual([
      { message: { kind: 'response', id: 7, ok: true, result: 42 }, transfer: [buffer] },
      { message: { kind: 'response', id: 8, ok: false, error: 'no such capture', isCancelled: false }, transfer: [] },
    ]);
  });

  it('a cancel aborts the handler signal and the response says cancelled', async () => {
    const { scope, posted, send } = fakeScope();
    serve<TestMap>(scope, {
      double: ({ value }) => ({ result: value }),
      wait: (_params, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
      fail: () => ({ result: null }),
    });
    send({ kind: 'request', id: 3, type: 'wait', params: {} });
    send({ kind: 'cancel', id: 3 });
    await settle();
    expect(posted).toEqual([{ message: { kind: 'response', id: 3, ok: false, error: 'Cancelled', isCancelled: true }, transfer: [] }]);
  });
});
