import { describe, expect, it, vi } from 'vitest';
import { createNotebookStore } from './store';
import { NO_URL_PARAMS, type UrlParams } from './urlParams';
import type { DataWorkerClient, NotebookServices, TrainWorkerClient } from './workerClient';
import type { CaptureSummary, DataRequestMap } from '../worker/protocol';
import { testRun } from '../test-support/testNotebook';
import { testCaptureSnapshot } from '../test-support/testSnapshot';

/** What a fake data worker answers a request with; unanswered requests are refused. */
type Answers = { [K in keyof DataRequestMap]?: (params: DataRequestMap[K]['params']) => Promise<DataRequestMap[K]['result']> };

/** Fake workers: every request is recorded and answered from `answers` or refused; `crash` plays the data worker dying. */
function fakeServices(params: UrlParams = NO_URL_PARAMS, answers: Answers = {}) {
  const requests: { worker: 'data' | 'train'; type: string; params: unknown }[] = [];
  const crashListeners: ((message: string) => void)[] = [];
  const listeners = (worker: 'data' | 'train') => ({
    cancel: () => undefined,
    onEvent: () => () => undefined,
    onCrash: (listener: (message: string) => void) => {
      if (worker === 'data') crashListeners.push(listener);
      return () => undefined;
    },
  });
  const data: DataWorkerClient = {
    request<K extends keyof DataRequestMap & string>(type: K, params: DataRequestMap[K]['params']): Promise<DataRequestMap[K]['result']> {
      requests.push({ worker: 'data', type, params });
      const answer: Answers[K] = answers[type];
      return answer ? answer(params) : Promise.reject(new Error('no data worker in this test'));
    },
    ...listeners('data'),
  };
  const train: TrainWorkerClient = {
    request: (type: string, params: unknown) => {
      requests.push({ worker: 'train', type, params });
      return Promise.reject(new Error('no train worker in this test'));
    },
    ...listeners('train'),
  };
  const services: NotebookServices = { data, train, params };
  return { services, requests, crash: (message: string) => crashListeners.forEach((listener) => listener(message)) };
}

/** A capture summary of `events` events from `name` at data `version`. */
function summaryOf(name: string, events: number, version: number): CaptureSummary {
  return {
    events,
    eventIdCounts: [{ eventId: 1, count: events }],
    files: [{ name, bytes: events * 300, format: 'jsonl', isGzip: false, events, problems: 0, ignored: 0, fatal: null }],
    problems: [],
    problemCount: 0,
    ignoredCount: 0,
    timeRange: [0, 1000],
    hosts: ['host'],
    uniqueNames: 3,
    uniqueFolders: 2,
    parents: { startsWithParent: 0, resolvedBySequence: 0, resolvedByTime: 0, unresolved: 0, stopsCompleted: 0, imageLoadsAttributed: 0 },
    labelCounts: [events, 0, 0],
    syntheticCount: 0,
    columnBytes: events * 40,
    seconds: 0.1,
    truncated: null,
    version,
  };
}

/** Lets the store's promise chains (and its zero-delay timers) run. */
const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

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

  it('a crashed data worker empties the sections that showed its capture, and says so when nothing was autosaved', async () => {
    const fake = fakeServices(NO_URL_PARAMS, {
      restoreCapture: () => Promise.resolve({ kind: 'none' }),
      setTimeZone: () => Promise.resolve(null),
    });
    const store = createNotebookStore(fake.services);
    store.setState((s) => ({
      load: { ...s.load, status: 'done', summary: summaryOf('hunt.jsonl', 2000, 3), fileNames: ['hunt.jsonl'] },
      explore: { ...s.explore, run: { ...s.explore.run, status: 'done' } },
      knownBad: { ...s.knownBad, run: { ...s.knownBad.run, status: 'done' } },
    }));
    fake.crash('The data worker stopped: out of memory');
    // At once: the capture that is gone is no longer shown, and the autosave is left alone.
    expect(store.getState().load).toMatchObject({ status: 'running', summary: null, keepsSavedCapture: true });
    expect(store.getState().explore.run.status).toBe('empty');
    expect(store.getState().knownBad.run.status).toBe('empty');
    await settled();
    expect(store.getState().load).toMatchObject({
      status: 'empty',
      summary: null,
      keepsSavedCapture: true,
      notice: 'The data worker stopped: out of memory. The capture (hunt.jsonl) had not been autosaved and was lost with it: open it again.',
    });
    // The new worker numbers data above what the page has seen.
    expect(fake.requests.find((r) => r.type === 'restoreCapture')?.params).toEqual({ versionsAbove: 3 });
  });

  it('a data worker crashed in the middle of a load restores the autosaved capture, with the runs made on it still current', async () => {
    const saved = summaryOf('small.jsonl', 2000, 4);
    const restored = summaryOf('small.jsonl', 2000, 8);
    let finishLoad: (error: Error) => void = () => undefined;
    const fake = fakeServices(NO_URL_PARAMS, {
      load: () => new Promise((_resolve, reject) => (finishLoad = reject)),
      restoreCapture: () => Promise.resolve({ kind: 'frame', summary: restored, savedVersion: 4 }),
      setTimeZone: () => Promise.resolve(restored),
    });
    const store = createNotebookStore(fake.services);
    store.setState((s) => ({
      load: { ...s.load, status: 'done', summary: saved, fileNames: ['small.jsonl'] },
      train: {
        ...s.train,
        runs: [
          { ...testRun(1), dataVersion: 4 },
          { ...testRun(2), dataVersion: 7 },
        ],
      },
    }));
    const loading = store.getState().openCapture([new File(['{}\n'], 'large.jsonl')]);
    await settled();
    expect(store.getState().load.status).toBe('running');
    fake.crash('The data worker stopped: simulated worker failure');
    finishLoad(new Error('The data worker stopped: simulated worker failure'));
    await loading;
    await settled();
    const state = store.getState();
    // Today's bug was the old summary put back by the failed load, over a worker holding nothing.
    expect(state.load).toMatchObject({ status: 'done', summary: restored, fileNames: ['small.jsonl'], error: null, keepsSavedCapture: true });
    expect(state.load.notice).toBe(
      'The data worker stopped: simulated worker failure. The notebook reopened the last autosaved capture (small.jsonl, 2,000 events). large.jsonl was not loaded: open it again.',
    );
    expect(state.train.runs.map((run) => run.dataVersion)).toEqual([8, 7]);
    expect(fake.requests.find((r) => r.type === 'restoreCapture')?.params).toEqual({ versionsAbove: 7 });
  });

  it('a crash while the autosave is restored is not followed by another attempt', async () => {
    const fake = fakeServices(NO_URL_PARAMS, { restoreCapture: () => new Promise(() => undefined) });
    const store = createNotebookStore(fake.services);
    fake.crash('The data worker stopped: out of memory');
    await settled();
    fake.crash('The data worker stopped: out of memory');
    await settled();
    expect(fake.requests.filter((r) => r.type === 'restoreCapture')).toHaveLength(1);
    expect(store.getState().load).toMatchObject({ status: 'empty', keepsSavedCapture: true });
    expect(store.getState().load.notice).toContain('again while restoring the autosaved capture');
  });

  it('a notebook file opened while a capture loads cancels the load and its capture is shown', async () => {
    const fromNotebook = summaryOf('small.jsonl', 2000, 2);
    const fake = fakeServices(NO_URL_PARAMS, {
      load: () => new Promise((_resolve, reject) => setTimeout(() => reject(new Error('cancelled')), 1)),
      openSnapshot: () => Promise.resolve(fromNotebook),
    });
    const store = createNotebookStore(fake.services);
    const loading = store.getState().openCapture([new File(['{}\n'], 'large.jsonl')]);
    const mark = store.getState().captureMark();
    const opened = await store.getState().openSnapshotCapture(await testCaptureSnapshot(), 'nb.etwlab.json', mark);
    await loading;
    await settled();
    expect(opened).toBe(fromNotebook);
    expect(store.getState().load).toMatchObject({ status: 'done', summary: fromNotebook, error: null });
    expect(store.getState().load.superseded).toBe('Stopped opening large.jsonl: you opened the capture in nb.etwlab.json after it.');
  });

  it('says the autosave is being restored while it is, and shows no capture when none was saved', async () => {
    let answer: (restored: { kind: 'none' }) => void = () => undefined;
    const fake = fakeServices(NO_URL_PARAMS, { restoreCapture: () => new Promise((resolve) => (answer = resolve)) });
    const store = createNotebookStore(fake.services);
    const restoring = store.getState().restoreSavedCapture(0);
    expect(store.getState().load).toMatchObject({ status: 'running', fileNames: [] });
    await settled();
    answer({ kind: 'none' });
    expect(await restoring).toEqual({ kind: 'none' });
    expect(store.getState().load).toMatchObject({ status: 'empty', summary: null });
  });

  it('Run all while a capture loads waits for it instead of opening the demo over it', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    let finishLoad: (summary: CaptureSummary) => void = () => undefined;
    const fake = fakeServices(NO_URL_PARAMS, { load: () => new Promise((resolve) => (finishLoad = resolve)) });
    const store = createNotebookStore(fake.services);
    const loading = store.getState().openCapture([new File(['{}\n'], 'hunt.jsonl')]);
    const running = store.getState().runFrom('load');
    await settled();
    expect(store.getState().notebook.pipeline).toBe('Waiting for the capture to load…');
    finishLoad(summaryOf('hunt.jsonl', 500, 1));
    await loading;
    await running;
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(fake.requests.filter((r) => r.type === 'load')).toHaveLength(1);
    expect(store.getState().load.summary?.files[0]?.name).toBe('hunt.jsonl');
    fetchSpy.mockRestore();
  });

  it('run ids come from the store, so two stores count apart', () => {
    const first = createNotebookStore(fakeServices().services);
    const second = createNotebookStore(fakeServices().services);
    expect([first.getState().reserveRunId(), first.getState().reserveRunId(), second.getState().reserveRunId()]).toEqual([1, 2, 1]);
  });
});
