import type { StateCreator } from 'zustand';
import { assertNever } from '../lib/assertNever';
import { downloadBlob } from '../lib/download';
import { formatBytes, formatCount } from '../lib/format';
import { DEFAULT_MAX_EVENTS, estimateEvents } from '../pipeline/budget';
import { WorkerRequestError, type NotebookServices } from './workerClient';
import type { CaptureSummary, LoadProgress } from '../worker/protocol';
import type { NotebookState, SectionStatus } from './types';
import type { RestoredCapture } from '../formats/settings';
import { errorMessage } from '../lib/errorMessage';

export interface LoadRun {
  status: SectionStatus;
  summary: CaptureSummary | null;
  progress: LoadProgress | null;
  /** Names of the files being (or last) loaded. */
  fileNames: string[];
  requestId: number | null;
  error: string | null;
  /** Set when the last load was cancelled (the previous capture stays). */
  wasCancelled: boolean;
  /** Said before a load whose files look larger than the tab's event budget. */
  budgetWarning: string | null;
}

/** What "Export Parquet" writes: the capture, or the rows a run trained and tested on. */
export type ParquetExport = { kind: 'capture' } | { kind: 'training-set'; runId: number };

export interface LoadSlice {
  load: LoadRun;
  /** Opens files as the capture (replacing the current one); supersedes any load still running. */
  openCapture: (files: File[]) => Promise<void>;
  cancelLoad: () => void;
  /** Fetches and opens the bundled demo capture (started by the app: any later load supersedes it). */
  openDemo: () => Promise<void>;
  /**
   * Asks the data worker for the autosaved capture, in turn with loads: null when a load started
   * meanwhile (the user's file wins, the restored capture is not shown).
   */
  restoreSavedCapture: () => Promise<RestoredCapture | null>;
  /** The capture's summary changed in the worker (known bad added, time zone changed). */
  setCaptureSummary: (summary: CaptureSummary) => void;
  /** Shows a capture restored from the autosave or a notebook file. */
  showRestoredCapture: (summary: CaptureSummary) => void;
  /** Downloads `<capture>.parquet` (or a run's training set) written by the data worker; the outcome goes to the notebook message. */
  exportParquet: (what: ParquetExport) => Promise<void>;
}

export const DEMO_CAPTURE_URL = 'samples/demo-capture.jsonl';
const DEMO_FILE_NAME = 'demo-capture.jsonl';

const idleLoad: LoadRun = {
  status: 'empty',
  summary: null,
  progress: null,
  fileNames: [],
  requestId: null,
  error: null,
  wasCancelled: false,
  budgetWarning: null,
};

/** A warning, before loading, when the files probably hold more events than the tab may keep. */
export function budgetWarning(files: readonly { name: string; size: number }[], maxEvents: number): string | null {
  const expected = estimateEvents(files);
  if (expected <= maxEvents) return null;
  return (
    `These files probably hold about ${formatCount(expected)} events, more than the ${formatCount(maxEvents)} this tab can keep: ` +
    'the load will stop there and keep what it read. Load fewer days or hosts, or only process starts, to see everything.'
  );
}

export const createLoadSlice =
  (services: NotebookServices): StateCreator<NotebookState, [], [], LoadSlice> =>
  (set, get) => {
    const maxEvents = services.params.maxEvents;
    services.data.onEvent((event) => {
      if (event.type === 'loadProgress' && event.requestId === get().load.requestId) set((s) => ({ load: { ...s.load, progress: event } }));
    });
    services.data.onCrash((message) => {
      // The restarted worker holds no frame: say so rather than show numbers of a capture that is gone.
      set((s) => ({
        load: { ...s.load, status: 'error', summary: null, requestId: null, progress: null, error: `${message}. The capture was lost with it: open it again.` },
      }));
      get().captureChanged('lost');
    });
    // The user's latest action wins over anything started before it (the demo the app opens, the
    // autosave it restores, an earlier file): each capture change takes the next turn number, and
    // only the latest turn may show its result. A new turn cancels the one in flight and waits for
    // it to settle before its own request, so the worker's frame always ends as the latest's.
    let latestTurn = 0;
    let inFlight: Promise<unknown> = Promise.resolve();
    let demoFetch: AbortController | null = null;
    const takeTurn = (): number => {
      demoFetch?.abort();
      demoFetch = null;
      const running = get().load.requestId;
      if (running !== null) services.data.cancel(running);
      return ++latestTurn;
    };
    /** Runs `request` after the previous capture change settled; null when a later turn superseded it. */
    const inTurn = async <T>(turn: number, request: () => Promise<T>): Promise<{ value: T } | null> => {
      await inFlight;
      if (turn !== latestTurn) return null;
      const running = request();
      inFlight = running.catch(() => undefined);
      const value = await running;
      return turn === latestTurn ? { value } : null;
    };

    const loadFiles = async (files: File[], turn: number): Promise<void> => {
      const previous = get().load;
      const warning = budgetWarning(files, maxEvents ?? DEFAULT_MAX_EVENTS);
      set({
        load: {
          ...previous,
          status: 'running',
          progress: null,
          fileNames: files.map((f) => f.name),
          requestId: null,
          error: null,
          wasCancelled: false,
          budgetWarning: warning,
        },
      });
      try {
        const answer = await inTurn(turn, () =>
          services.data.request(
            'load',
            { files, mode: 'replace', label: 'known-good', ...(maxEvents === undefined ? {} : { maxEvents }) },
            { onId: (id) => set((s) => ({ load: { ...s.load, requestId: id } })) },
          ),
        );
        if (answer === null) return;
        const summary = answer.value;
        const isUnreadable = summary.events === 0;
        set({
          load: {
            status: isUnreadable ? 'error' : 'done',
            summary,
            progress: null,
            fileNames: files.map((f) => f.name),
            requestId: null,
            error: isUnreadable ? unreadableMessage(summary) : null,
            wasCancelled: false,
            budgetWarning: warning,
          },
        });
        // Let the status line paint before the sections below start their (heavier) redraws.
        setTimeout(() => get().captureChanged('replaced'), 0);
      } catch (error) {
        if (turn !== latestTurn) return;
        const isCancelled = error instanceof WorkerRequestError && error.isCancelled;
        set({
          load: {
            ...previous,
            status: previous.summary ? 'done' : isCancelled ? 'empty' : 'error',
            requestId: null,
            progress: null,
            error: isCancelled ? null : errorMessage(error),
            wasCancelled: isCancelled,
          },
        });
      }
    };

    return {
      load: idleLoad,
      async openCapture(files) {
        if (files.length === 0) return;
        await loadFiles(files, takeTurn());
      },
      cancelLoad() {
        const id = get().load.requestId;
        if (id !== null) services.data.cancel(id);
      },
      async openDemo() {
        const turn = takeTurn();
        const controller = new AbortController();
        demoFetch = controller;
        set((s) => ({ load: { ...s.load, status: 'running', progress: null, fileNames: [DEMO_FILE_NAME], error: null, wasCancelled: false } }));
        try {
          const response = await fetch(DEMO_CAPTURE_URL, { signal: controller.signal });
          if (!response.ok) throw new Error(`The demo capture is missing (${response.status}); run npm start to generate it.`);
          const blob = await response.blob();
          if (turn !== latestTurn) return;
          demoFetch = null;
          await loadFiles([new File([blob], DEMO_FILE_NAME, { type: 'application/jsonl' })], turn);
        } catch (error) {
          if (turn !== latestTurn) return;
          set((s) => ({ load: { ...s.load, status: 'error', error: errorMessage(error) } }));
        }
      },
      async restoreSavedCapture() {
        // Started by the app: it never cancels a load already begun (the user's file wins), it only waits its turn.
        if (get().load.status === 'running') return null;
        const answer = await inTurn(++latestTurn, () => services.data.request('restoreCapture', {}));
        return answer === null ? null : answer.value;
      },
      setCaptureSummary(summary) {
        set((s) => ({ load: { ...s.load, summary } }));
      },
      showRestoredCapture(summary) {
        set({
          load: {
            status: 'done',
            summary,
            progress: null,
            fileNames: summary.files.map((f) => f.name),
            requestId: null,
            error: null,
            wasCancelled: false,
            budgetWarning: null,
          },
        });
        get().captureChanged('replaced');
      },
      async exportParquet(what) {
        const state = get();
        const say = (text: string, isError = false): void => get().setNotebookMessage({ isError, text });
        const summary = state.load.summary;
        if (!summary) {
          say('There is no capture to export: open one first.', true);
          return;
        }
        const base = captureBaseName(summary);
        try {
          switch (what.kind) {
            case 'capture': {
              const { blob, events, scoredBy } = await services.data.request('exportCaptureParquet', {});
              const name = `${base}.parquet`;
              downloadBlob(name, blob);
              say(`Saved ${name}: ${formatCount(events)} events${scoredBy === null ? '' : ` with the scores of run ${scoredBy}`} (${formatBytes(blob.size)}).`);
              return;
            }
            case 'training-set': {
              const run = state.train.runs.find((r) => r.id === what.runId);
              if (!run || run.origin === 'imported') throw new Error(`Run ${what.runId} was not trained in this notebook, so it has no training set here.`);
              const selection = { eventIds: state.features.config.eventIds, useBalance: state.features.config.useBalance };
              const columns = run.config.features.filter((f) => f.treatment !== 'off').map((f) => f.column);
              const written = await services.data.request('exportTrainingSetParquet', {
                runId: run.id,
                version: run.dataVersion,
                examples: run.examples,
                selection: { ...selection, columns },
                config: run.config,
              });
              const name = `${base}-run-${run.id}-training-set.parquet`;
              downloadBlob(name, written.blob);
              say(
                `Saved ${name}: ${formatCount(written.train)} train, ${formatCount(written.validation)} validation and ${formatCount(written.test)} test rows ` +
                  `of run ${run.id}, with its feature specification (${formatBytes(written.blob.size)}).`,
              );
              return;
            }
            default:
              assertNever(what, 'Parquet export');
          }
        } catch (error) {
          say(`The Parquet file was not made: ${errorMessage(error)}`, true);
        }
      },
    };
  };

/** The capture's name for files made from it: its first file without extensions (`hunt.json.gz` → `hunt`). */
export function captureBaseName(summary: CaptureSummary): string {
  const first = summary.files[0]?.name ?? 'capture';
  const base = first.replace(/^.*[\\/]/, '').replace(/(\.(jsonl|json|csv|gz|zip|parquet|txt))+$/i, '');
  return base === '' ? 'capture' : base;
}

function unreadableMessage(summary: CaptureSummary): string {
  const fatal = summary.files.map((f) => f.fatal).filter((f): f is string => f !== null);
  if (fatal.length > 0) return fatal.join(' ');
  if (summary.problemCount > 0) return `No events could be read: all ${summary.problemCount} rows were rejected (see the problems below).`;
  return 'No process events were found in this capture.';
}
