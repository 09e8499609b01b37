import { describe, expect, it } from 'vitest';
import { createNotebookStore } from './store';
import { NO_URL_PARAMS, type UrlParams } from './urlParams';
import type { NotebookServices } from './workerClient';

/** Fake workers: every request is recorded and refused; `crash` plays the data worker dying. */
function fakeServices(params: UrlParams = NO_URL_PARAMS) {
  const requests: { worker: 'data' | 'train'; type: string; params: unknown }[] = [];
  const crashListeners: ((message: string) => void)[] = [];
  const port = (worker: 'data' | 'train') => ({
    request: (type: string, params: unknown) => {
      requests.push({ worker, type, params });
      return Promise.reject(new Error(`no ${worker} worker in this test`));
    },
    cancel: () => undefined,
    onEvent: () => () => undefined,
    onCrash: (listener: (message: string) => void) => {
      if (worker === 'data') crashListeners.push(listener);
      return () => undefined;
    },
  });
  const services: NotebookServices = { data: port('data'), train: port('train'), params };
  return { services, requests, crash: (message: string) => crashListeners.forEach((listener) => listener(message)) };
}

describe('createNotebookStore', () => {
  it('asks the workers nothing until an action needs them', () => {
    const fake = fakeServices();
    const store = createNotebookStore(fake.services);
    expect(store.services).toBe(fake.services);
    expect(fake.requests).toEqual([]);
  });

  it('loads with the budget read from the address, and shows why a load failed', async () => {
    const fake = fakeServices({ ...NO_URL_PARAMS, maxEvents: 500 });
    const store = createNotebookStore(fake.services);
    await store.getState().openCapture([new File(['{}\n'], 'capture.jsonl')]);
    expect(fake.requests).toMatchObject([{ worker: 'data', type: 'load', params: { mode: 'replace', label: 'known-good', maxEvents: 500 } }]);
    expect(store.getState().load).toMatchObject({ status: 'error', error: 'no data worker in this test' });
  });

  it('a crashed data worker empties the sections that showed its capture', () => {
    const fake = fakeServices();
    const store = createNotebookStore(fake.services);
    store.setState((s) => ({
      explore: { ...s.explore, run: { ...s.explore.run, status: 'done' } },
      knownBad: { ...s.knownBad, run: { ...s.knownBad.run, status: 'done' } },
    }));
    fake.crash('The data worker stopped: out of memory');
    const state = store.getState();
    expect(state.load.status).toBe('error');
    expect(state.load.error).toBe('The data worker stopped: out of memory. The capture was lost with it: open it again.');
    expect(state.explore.run.status).toBe('empty');
    expect(state.knownBad.run.status).toBe('empty');
  });

  it('run ids come from the store, so two stores count apart', () => {
    const first = createNotebookStore(fakeServices().services);
    const second = createNotebookStore(fakeServices().services);
    expect([first.getState().reserveRunId(), first.getState().reserveRunId(), second.getState().reserveRunId()]).toEqual([1, 2, 1]);
  });
});
