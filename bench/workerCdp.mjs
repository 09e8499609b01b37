// @ts-check
/**
 * DevTools commands to a dedicated worker. Playwright's CDPSession cannot address a flattened
 * child session, so this attaches without flattening and tunnels messages through
 * Target.sendMessageToTarget / Target.receivedMessageFromTarget on a browser-level session.
 */

/**
 * @typedef {object} WorkerSession
 * @property {string} url
 * @property {(method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>} send
 * @property {(method: string, listener: (params: Record<string, unknown>) => void) => void} on
 * @property {() => Promise<void>} detach
 */

/**
 * Attaches to the first worker whose URL contains `urlPart`.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} urlPart
 * @param {number} [timeoutMs] how long to wait for the worker to appear
 * @returns {Promise<WorkerSession>}
 */
export async function attachToWorker(browser, urlPart, timeoutMs = 30_000) {
  const cdp = await browser.newBrowserCDPSession();
  // A new worker is listed before its script is fetched, with an empty URL: poll until it has one.
  const deadline = Date.now() + timeoutMs;
  let { targetInfos } = await cdp.send('Target.getTargets');
  let target = targetInfos.find((t) => t.type === 'worker' && t.url.includes(urlPart));
  while (!target && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    ({ targetInfos } = await cdp.send('Target.getTargets'));
    target = targetInfos.find((t) => t.type === 'worker' && t.url.includes(urlPart));
  }
  if (!target) throw new Error(`no worker target matching ${urlPart} (have: ${targetInfos.map((t) => `${t.type} ${t.url}`).join(', ')})`);
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 1;
  /** @type {Map<number, {resolve: (value: Record<string, unknown>) => void, reject: (error: Error) => void, method: string}>} */
  const waiting = new Map();
  /** @type {Map<string, ((params: Record<string, unknown>) => void)[]>} */
  const listeners = new Map();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    /** @type {{id?: number, method?: string, params?: Record<string, unknown>, result?: Record<string, unknown>, error?: {message: string}}} */
    const message = JSON.parse(event.message);
    if (message.id !== undefined) {
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (!pending) return;
      if (message.error) pending.reject(new Error(`${pending.method}: ${message.error.message}`));
      else pending.resolve(message.result ?? {});
    } else if (message.method) {
      for (const listener of listeners.get(message.method) ?? []) listener(message.params ?? {});
    }
  });
  return {
    url: target.url,
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, method });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    },
    on(method, listener) {
      listeners.set(method, [...(listeners.get(method) ?? []), listener]);
    },
    async detach() {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}

/**
 * The worker's JS heap after a forced full GC: what the load retained.
 * @param {WorkerSession} worker
 * @returns {Promise<{usedBytes: number, totalBytes: number, backingStorageBytes: number | null}>}
 */
export async function retainedHeap(worker) {
  // Two collections: the first may only finalise weak references that the second then frees.
  await worker.send('HeapProfiler.collectGarbage');
  await worker.send('HeapProfiler.collectGarbage');
  const usage = await worker.send('Runtime.getHeapUsage');
  const backing = usage.backingStorageSize;
  return {
    usedBytes: Number(usage.usedSize),
    totalBytes: Number(usage.totalSize),
    backingStorageBytes: typeof backing === 'number' ? backing : null,
  };
}

/**
 * Retained heap once it stops changing: forced GC every `intervalMs` until two readings in a row
 * agree within 1% (or `timeoutMs` passes). Work the app starts after a load (such as saving the
 * capture to IndexedDB) holds copies until it finishes.
 * @param {WorkerSession} worker
 * @param {{intervalMs?: number, timeoutMs?: number}} [options]
 * @returns {Promise<{usedBytes: number, totalBytes: number, backingStorageBytes: number | null, settledAfterMs: number, isSettled: boolean, peakBytes: number}>}
 */
export async function settledHeap(worker, { intervalMs = 500, timeoutMs = 20_000 } = {}) {
  const started = Date.now();
  const total = (/** @type {{usedBytes: number, backingStorageBytes: number | null}} */ heap) => heap.usedBytes + (heap.backingStorageBytes ?? 0);
  let previous = await retainedHeap(worker);
  let peakBytes = total(previous);
  let stableReadings = 0;
  while (Date.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const current = await retainedHeap(worker);
    peakBytes = Math.max(peakBytes, total(current));
    stableReadings = Math.abs(total(current) - total(previous)) <= 0.01 * total(previous) ? stableReadings + 1 : 0;
    previous = current;
    if (stableReadings >= 2) return { ...current, settledAfterMs: Date.now() - started, isSettled: true, peakBytes };
  }
  return { ...previous, settledAfterMs: Date.now() - started, isSettled: false, peakBytes };
}
