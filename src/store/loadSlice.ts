import type { StateCreator } from 'zustand';
import { assertNever } from '../lib/assertNever';
import { downloadBlob } from '../lib/download';
import { formatBytes, formatCount } from '../lib/format';
import { DEFAULT_MAX_EVENTS, estimateEvents } from '../pipeline/budget';
import { WorkerRequestError, type NotebookServices } from './workerClient';
import type { CaptureSummary, LoadProgress } from '../worker/protocol';
import type { NotebookState, SectionStatus } from './types';
import type { RestoredCapture } from '../formats/settings';
import type { CaptureSnapshot } from '../formats/captureSnapshot';
import { errorMessage } from '../lib/errorMessage';
import { CaptureTurns, type CaptureTurn } from './captureTurns';
import { remapRunVersions } from './trainSlice';
import { remapScored } from './evaluateSlice';

export interface LoadRun {
  status: SectionStatus;
  summary: CaptureSummary | null;
  progress: LoadProgress | null;
  /** Names of the files being (or last) loaded; empty while the autosaved capture is restored after a crash. */
  fileNames: string[];
  requestId: number | null;
  error: string | null;
  /** Set when the last load was cancelled (the previous capture stays). */
  wasCancelled: boolean;
  /** Said before a load whose files look larger than the tab's event budget. */
  budgetWarning: string | null;
  /** What happened to the capture without the user asking: the data worker stopped, and what the notebook reopened. */
  notice: string | null;
  /** What the user's latest action stopped: `Stopped opening demo-capture.jsonl: you opened hunt.jsonl after it.` */
  superseded: string | null;
  /**
   * The capture shown (or its absence after a crash) came from the autosave, which must stay as it
   * is: the autosave does not write the capture again until another one is opened.
   */
  keepsSavedCapture: boolean;
}

/** What "Export Parquet" writes: the capture, or the rows a run trained and tested on. */
export type ParquetExport = { kind: 'capture' } | { kind: 'training-set'; runId: number };

export interface LoadSlice {
  load: LoadRun;
  /** Opens files as the capture (replacing the current one); supersedes any change of the capture still running. */
  openCapture: (files: File[]) => Promise<void>;
  cancelLoad: () => void;
  /** Fetches and opens the bundled demo capture (started by the app: any later change supersedes it). */
  openDemo: () => Promise<void>;
  /**
   * Asks the data worker for the autosaved capture, in turn with loads, and shows it when it holds
   * a frame; null when a load is running or started meanwhile (the user's file wins). The worker
   * numbers data versions above `versionsAbove` (those of the runs restored beside it).
   */
  restoreSavedCapture: (versionsAbove: number) => Promise<RestoredCapture | null>;
  /** A mark taken when the user chose a notebook file, before it is read: a capture change started since wins over its capture. */
  captureMark: () => number;
  /**
   * Opens a notebook file's capture as the user's change of the capture (it cancels a load still
   * running) and shows it; null when the user started another change since `mark` or meanwhile.
   */
  openSnapshotCapture: (snapshot: CaptureSnapshot, fileName: string, mark: number) => Promise<CaptureSummary | null>;
  /** The capture's summary changed in the worker (known bad added, time zone changed). */
  setCaptureSummary: (summary: CaptureSummary) => void;
  /** Downloads `<capture>.parquet` (or a run's training set) written by the data worker; the outcome goes to the notebook message. */
  exportParquet: (what: ParquetExport) => Promise<void>;
}

export const DEMO_CAPTURE_URL = 'samples/demo-capture.jsonl';
const DEMO_FILE_NAME = 'demo-capture.jsonl';
const AUTOSAVE_SUBJECT = 'the autosaved capture';

/** The Load cell before any capture: nothing loaded, nothing said. */
export const EMPTY_LOAD: LoadRun = {
  status: 'empty',
  summary: null,
  progress: null,
  fileNames: [],
  requestId: null,
  error: null,
  wasCancelled: false,
  budgetWarning: null,
  notice: null,
  superseded: null,
  keepsSavedCapture: false,
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

/** The highest data version the page knows of (the capture shown, runs, scores): a restarted worker numbers above it. */
function highestVersion(state: NotebookState): number {
  return Math.max(0, state.load.summary?.version ?? 0, state.evaluate.run.scored?.dataVersion ?? 0, ...state.train.runs.map((run) => run.dataVersion));
}

/** What a data worker crash took with it: the load it interrupted, the capture shown, the data versions handed out. */
interface LostWork {
  interrupted: string[];
  shown: CaptureSummary | null;
  versionsAbove: number;
}

/** Names in a sentence: `a.jsonl`, `a.jsonl and b.jsonl`, `3 files`. */
function namesText(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.length} files`;
}

export const createLoadSlice =
  (services: NotebookServices): StateCreator<NotebookState, [], [], LoadSlice> =>
  (set, get) => {
    const maxEvents = services.params.maxEvents;
    services.data.onEvent((event) => {
      if (event.type === 'loadProgress' && event.requestId === get().load.requestId) set((s) => ({ load: { ...s.load, progress: event } }));
    });
    // The user's latest action wins over anything started before it (the demo the app opens, the
    // autosave it restores, an earlier file): see CaptureTurns.
    const turns = new CaptureTurns(
      () => {
        const running = get().load.requestId;
        if (running !== null) services.data.cancel(running);
      },
      (turn, by) => set((s) => ({ load: { ...s.load, superseded: `Stopped opening ${turn.subject}: you opened ${by.subject} after it.` } })),
    );
    /** Starts a user's change of the capture: what it stopped is said again only if this one stops something. */
    const beginUserTurn = (subject: string): CaptureTurn => {
      set((s) => ({ load: { ...s.load, superseded: null } }));
      return turns.begin('user', subject);
    };
    /** Shows the capture the worker now holds, and tells the sections. */
    const showCapture = (summary: CaptureSummary, extra: Partial<LoadRun>): void => {
      set({ load: { ...EMPTY_LOAD, status: 'done', summary, fileNames: summary.files.map((f) => f.name), superseded: get().load.superseded, ...extra } });
      // Let the status line paint before the sections below start their (heavier) redraws.
      setTimeout(() => get().captureChanged('replaced'), 0);
    };

    // The worker died and took its capture with it: whatever it was doing is over, and the page
    // must not keep showing a capture that is gone. A new worker restores the autosave (left as it
    // was until then) or the notebook shows no capture, and says which.
    let recovery: CaptureTurn | null = null;
    services.data.onCrash((message) => {
      const state = get();
      const lost: LostWork = {
        interrupted: state.load.status === 'running' ? state.load.fileNames : [],
        shown: state.load.summary,
        versionsAbove: highestVersion(state),
      };
      const isRestoring = recovery !== null && turns.isLatest(recovery);
      const turn = turns.begin('app', AUTOSAVE_SUBJECT);
      recovery = turn;
      set({
        load: {
          ...EMPTY_LOAD,
          status: isRestoring ? 'empty' : 'running',
          notice: `${message}. Restoring the last autosaved capture…`,
          keepsSavedCapture: true,
        },
      });
      get().captureChanged('lost');
      if (isRestoring) {
        // Restoring the autosave stopped the worker again: do not try it a third time.
        set((s) => ({ load: { ...s.load, notice: `${message} again while restoring the autosaved capture: open the capture again (the autosave is kept).` } }));
        return;
      }
      void recover(turn, message, lost);
    });

    const recover = (turn: CaptureTurn, message: string, { interrupted, shown, versionsAbove }: LostWork): Promise<void> =>
      turns.settle(turn, async () => {
        const notLoaded = interrupted.length > 0 ? ` ${namesText(interrupted)} was not loaded: open it again.` : '';
        const shownNames = namesText(shown?.files.map((f) => f.name) ?? []);
        try {
          const zone = get().explore.config.timeZone;
          const answer = await turns.run(turn, async () => {
            const restored = await services.data.request('restoreCapture', { versionsAbove });
            // The new worker reads hours in the page's zone (no change when the restored capture is in it already).
            const zoned = await services.data.request('setTimeZone', { zone });
            return { restored, zoned };
          });
          if (answer === null) return;
          const { restored, zoned } = answer.value;
          if (restored.kind === 'frame') {
            const from = restored.savedVersion;
            const to = restored.summary.version;
            // Runs and scores made on the saved data stay current on it; any made on data never saved are stale.
            set((s) => ({
              train: { ...s.train, runs: remapRunVersions(s.train.runs, from, to) },
              evaluate: { ...s.evaluate, run: { ...s.evaluate.run, scored: remapScored(s.evaluate.run.scored, from, to) } },
            }));
            const summary = zoned ?? restored.summary;
            const names = namesText(summary.files.map((f) => f.name));
            // The page showed a capture (or changes to it) newer than the save: say that they are gone.
            const newer =
              shown !== null && shown.version !== from ? ` The capture shown before (${shownNames}) was newer than that save: what changed since is lost.` : '';
            showCapture(summary, {
              notice: `${message}. The notebook reopened the last autosaved capture (${names}, ${formatCount(summary.events)} events).${newer}${notLoaded}`,
              keepsSavedCapture: summary.version === to,
            });
            return;
          }
          const lost =
            restored.kind === 'summary'
              ? ` ${restored.note}`
              : shown !== null
                ? ` The capture (${shownNames}) had not been autosaved and was lost with it: open it again.`
                : '';
          set({ load: { ...EMPTY_LOAD, notice: `${message}.${lost}${notLoaded}`, keepsSavedCapture: true } });
        } catch (error) {
          if (!turns.isLatest(turn)) return;
          set({
            load: {
              ...EMPTY_LOAD,
              notice: `${message}. The autosaved capture could not be restored (${errorMessage(error)}): open the capture again.${notLoaded}`,
              keepsSavedCapture: true,
            },
          });
        }
      });

    const loadFiles = async (files: File[], turn: CaptureTurn): Promise<void> => {
      const previous = get().load;
      const warning = budgetWarning(files, maxEvents ?? DEFAULT_MAX_EVENTS);
      const fileNames = files.map((f) => f.name);
      set({ load: { ...previous, status: 'running', progress: null, fileNames, requestId: null, error: null, wasCancelled: false, budgetWarning: warning } });
      try {
        const answer = await turns.run(turn, () =>
          services.data.request(
            'load',
            { files, mode: 'replace', label: 'known-good', ...(maxEvents === undefined ? {} : { maxEvents }) },
            { onId: (id) => set((s) => ({ load: { ...s.load, requestId: id } })) },
          ),
        );
        if (answer === null) return;
        const summary = answer.value;
        const isUnreadable = summary.events === 0;
        showCapture(summary, {
          status: isUnreadable ? 'error' : 'done',
          fileNames,
          error: isUnreadable ? unreadableMessage(summary) : null,
          budgetWarning: warning,
        });
      } catch (error) {
        if (!turns.isLatest(turn)) return;
        const isCancelled = error instanceof WorkerRequestError && error.isCancelled;
        set({
          load: {
            ...previous,
            status: previous.summary ? 'done' : isCancelled ? 'empty' : 'error',
            requestId: null,
            progress: null,
            error: isCancelled ? null : errorMessage(error),
            wasCancelled: isCancelled,
            superseded: get().load.superseded,
          },
        });
      }
    };

    return {
      load: EMPTY_LOAD,
      async openCapture(files) {
        if (files.length === 0) return;
        const turn = beginUserTurn(namesText(files.map((f) => f.name)));
        await turns.settle(turn, () => loadFiles(files, turn));
      },
      cancelLoad() {
        const id = get().load.requestId;
        if (id !== null) services.data.cancel(id);
      },
      async openDemo() {
        const turn = turns.begin('app', DEMO_FILE_NAME);
        set((s) => ({ load: { ...s.load, status: 'running', progress: null, fileNames: [DEMO_FILE_NAME], error: null, wasCancelled: false } }));
        await turns.settle(turn, async () => {
          try {
            const response = await fetch(DEMO_CAPTURE_URL, { signal: turn.signal });
            if (!response.ok) throw new Error(`The demo capture is missing (${response.status}); run npm start to generate it.`);
            const blob = await response.blob();
            if (!turns.isLatest(turn)) return;
            await loadFiles([new File([blob], DEMO_FILE_NAME, { type: 'application/jsonl' })], turn);
          } catch (error) {
            if (!turns.isLatest(turn)) return;
            set((s) => ({ load: { ...s.load, status: 'error', error: errorMessage(error) } }));
          }
        });
      },
      async restoreSavedCapture(versionsAbove) {
        // Started by the app: it never cancels a load already begun (the user's file wins).
        if (get().load.status === 'running') return null;
        const turn = turns.begin('app', AUTOSAVE_SUBJECT);
        const before = get().load;
        // "Restoring the last autosaved capture…" rather than "No capture loaded yet" while it reads.
        set({ load: { ...before, status: 'running', progress: null, fileNames: [] } });
        try {
          const answer = await turns.run(turn, () => services.data.request('restoreCapture', { versionsAbove }));
          if (answer === null) return null;
          if (answer.value.kind === 'frame') showCapture(answer.value.summary, { keepsSavedCapture: true });
          else set({ load: before });
          return answer.value;
        } catch (error) {
          if (turns.isLatest(turn)) set({ load: before });
          throw error;
        }
      },
      captureMark() {
        return turns.mark();
      },
      async openSnapshotCapture(snapshot, fileName, mark) {
        if (turns.hasUserTurnSince(mark)) return null;
        const subject = `the capture in ${fileName}`;
        const turn = beginUserTurn(subject);
        const previous = get().load;
        set({
          load: {
            ...previous,
            status: 'running',
            progress: null,
            fileNames: [fileName],
            requestId: null,
            error: null,
            wasCancelled: false,
            budgetWarning: null,
          },
        });
        return turns.settle(turn, async () => {
          try {
            const answer = await turns.run(turn, () => services.data.request('openSnapshot', { snapshot }));
            if (answer === null) return null;
            showCapture(answer.value, {});
            return answer.value;
          } catch (error) {
            // The caller says why; the previous capture stays (the worker refused the snapshot before replacing its frame).
            if (turns.isLatest(turn)) set({ load: { ...previous, superseded: get().load.superseded } });
            throw error;
          }
        });
      },
      setCaptureSummary(summary) {
        // The worker's capture changed: it is no longer the one in the autosave.
        set((s) => ({ load: { ...s.load, summary, keepsSavedCapture: false } }));
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
