import type { StateCreator } from 'zustand';
import { formatCount } from '../lib/format';
import { DEFAULT_MAX_EVENTS, estimateEvents } from '../pipeline/budget';
import { WorkerRequestError, type NotebookServices } from './workerClient';
import type { CaptureSummary, LoadProgress } from '../worker/protocol';
import type { NotebookState, SectionStatus } from './types';
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

export interface LoadSlice {
  load: LoadRun;
  /** Opens files as the capture (replacing the current one). */
  openCapture: (files: File[]) => Promise<void>;
  cancelLoad: () => void;
  /** Fetches and opens the bundled demo capture. */
  openDemo: () => Promise<void>;
  /** The capture's summary changed in the worker (known bad added, time zone changed). */
  setCaptureSummary: (summary: CaptureSummary) => void;
  /** Shows a capture restored from the autosave or a notebook file. */
  showRestoredCapture: (summary: CaptureSummary) => void;
}

export const DEMO_CAPTURE_URL = 'samples/demo-capture.jsonl';

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
    return {
      load: idleLoad,
      async openCapture(files) {
        if (files.length === 0) return;
        const previous = get().load;
        const warning = budgetWarning(files, maxEvents ?? DEFAULT_MAX_EVENTS);
        set({
          load: {
            ...previous,
            status: 'running',
            progress: null,
            fileNames: files.map((f) => f.name),
            error: null,
            wasCancelled: false,
            budgetWarning: warning,
          },
        });
        try {
          const summary = await services.data.request(
            'load',
            { files, mode: 'replace', label: 'known-good', ...(maxEvents === undefined ? {} : { maxEvents }) },
            {
              onId: (id) => set((s) => ({ load: { ...s.load, requestId: id } })),
            },
          );
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
      },
      cancelLoad() {
        const id = get().load.requestId;
        if (id !== null) services.data.cancel(id);
      },
      async openDemo() {
        try {
          const response = await fetch(DEMO_CAPTURE_URL);
          if (!response.ok) throw new Error(`The demo capture is missing (${response.status}); run npm start to generate it.`);
          const blob = await response.blob();
          await get().openCapture([new File([blob], 'demo-capture.jsonl', { type: 'application/jsonl' })]);
        } catch (error) {
          set((s) => ({ load: { ...s.load, status: 'error', error: errorMessage(error) } }));
        }
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
    };
  };

function unreadableMessage(summary: CaptureSummary): string {
  const fatal = summary.files.map((f) => f.fatal).filter((f): f is string => f !== null);
  if (fatal.length > 0) return fatal.join(' ');
  if (summary.problemCount > 0) return `No events could be read: all ${summary.problemCount} rows were rejected (see the problems below).`;
  return 'No process events were found in this capture.';
}
