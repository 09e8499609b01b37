/**
 * Autosave and restore, on the page's side. The page saves the notebook document (settings, run
 * history, cell times); it asks the data worker to save the capture and the training worker to
 * save each finished model, so large data stays where it lives. At startup the saved notebook
 * is restored before the demo would open.
 */
import type { NotebookStoreApi } from '../store/store';
import { addressWithoutFresh } from '../store/urlParams';
import type { NotebookState } from '../store/types';
import type { RestoredCapture } from '../formats/settings';
import { STORES, clearAll, deleteRecord, getRecord, putRecords, saveFailure } from '../lib/idb';
import { field, isRecord } from '../formats/read';
import { isSavedScored } from '../store/evaluateSlice';
import { remapRunVersions } from '../store/trainSlice';
import { notebookDocument, readNotebookDocument, type NotebookDocument } from '../formats/notebookFile';
import { attempt } from '../formats/read';
import { canonicalJson } from '../store/notebookSlice';
import { errorMessage } from '../lib/errorMessage';

const NOTEBOOK_KEY = 'current';
/** What this page keeps beside the notebook document: the autosave limit and the last scored results. */
const PAGE_KEY = 'page';
const SETTINGS_DELAY_MS = 400;
const CAPTURE_DELAY_MS = 800;

type Store = NotebookStoreApi;

/** Whether the notebook holds anything worth restoring (settings alone live in the link). */
function hasWork(state: NotebookState): boolean {
  return state.load.summary !== null || state.train.runs.length > 0;
}

/**
 * Puts a document's settings, runs and cell times into the store, its runs on the capture the data
 * worker now holds (`capture`, which the load slice has shown). Settings are skipped when
 * `applySettings` is false (a settings link wins).
 */
export function applyDocument(store: Store, document: NotebookDocument, capture: RestoredCapture, applySettings: boolean): void {
  const runs = capture.kind === 'frame' ? remapRunVersions(document.runs, capture.savedVersion, capture.summary.version) : document.runs;
  const state = store.getState();
  state.replaceRunHistory(runs);
  store.setState((s) => ({
    ...(applySettings
      ? {
          features: { config: document.settings.features },
          train: { ...s.train, config: document.settings.train },
          knownBad: { ...s.knownBad, config: document.settings.knownBad },
          evaluate: { config: document.settings.evaluate, run: { status: 'empty', scored: null, error: null } },
        }
      : { evaluate: { ...s.evaluate, run: { status: 'empty', scored: null, error: null } } }),
    notebook: {
      ...s.notebook,
      cells: document.cells,
      knownBadRanWith: document.cells['known-bad'] !== undefined ? canonicalJson(applySettings ? document.settings.knownBad : s.knownBad.config) : null,
    },
  }));
  // The zone of hours and weekdays: the worker recomputes (a no-op when the snapshot was in it) and reads later captures in it.
  if (applySettings && document.settings.explore.timeZone !== state.explore.config.timeZone)
    void store.getState().setExploreTimeZone(document.settings.explore.timeZone);
}

/** Shows the saved scored results when their run was restored, on the capture version the worker now holds. */
function restoreScored(store: Store, saved: unknown, capture: RestoredCapture): void {
  if (!isSavedScored(saved) || !store.getState().train.runs.some((run) => run.id === saved.runId)) return;
  const dataVersion = capture.kind === 'frame' && saved.dataVersion === capture.savedVersion ? capture.summary.version : saved.dataVersion;
  store.getState().restoreScored({ ...saved, dataVersion });
}

/** Whether the address carries settings (`#config=`), which then win over the saved ones. */
function addressHasSettings(): boolean {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).has('config');
}

/** What startup found. */
export type StartOutcome = 'restored' | 'fresh' | 'empty';

/**
 * Restores the autosaved notebook, unless the address asks for a fresh one (`?fresh=1`, which
 * clears the saved notebook and is then removed from the address).
 */
async function restoreNotebook(store: Store): Promise<StartOutcome> {
  if (store.services.params.isFresh) {
    await clearAll().catch(() => undefined);
    window.history.replaceState(null, '', addressWithoutFresh(window.location, true));
    return 'fresh';
  }
  const page = await getRecord(STORES.notebook, PAGE_KEY).catch(() => undefined);
  const maxSavedEvents = isRecord(page) ? field(page, 'maxSavedEvents') : undefined;
  if (typeof maxSavedEvents === 'number' && Number.isInteger(maxSavedEvents) && maxSavedEvents >= 0) store.getState().setMaxSavedEvents(maxSavedEvents);
  const stored = await getRecord(STORES.notebook, NOTEBOOK_KEY).catch(() => undefined);
  if (stored === undefined) return 'empty';
  const read = attempt(() => readNotebookDocument(stored));
  if (!read.ok) {
    store.getState().setNotebookMessage({ isError: true, text: `The saved notebook could not be read (${read.error}); starting fresh.` });
    return 'empty';
  }
  const document = read.value;
  let capture: RestoredCapture = { kind: 'none' };
  let note: string | null = null;
  // A capture the user opened meanwhile wins: the saved one is then neither shown nor missed.
  let isSuperseded = false;
  try {
    // Runs keep the data versions they were trained on: the worker numbers new data above them.
    const restored = await store.getState().restoreSavedCapture(Math.max(0, ...document.runs.map((run) => run.dataVersion)));
    if (restored === null) isSuperseded = true;
    else capture = restored;
  } catch (error) {
    note = `The saved capture could not be restored (${errorMessage(error)}): open it again.`;
  }
  if (capture.kind === 'summary') note = capture.note;
  else if (capture.kind === 'none' && document.capture !== null && note === null && !isSuperseded) {
    note = `The capture (${document.capture.fileNames.join(', ')}) was not saved: open it again to continue.`;
  }
  applyDocument(store, document, capture, !addressHasSettings());
  restoreScored(store, isRecord(page) ? field(page, 'scored') : undefined, capture);
  const modelRuns = document.runs.filter((run) => run.outcome !== null).map((run) => run.id);
  if (modelRuns.length > 0) {
    const { restored } = await store.services.train.request('restoreRuns', { runIds: modelRuns }).catch(() => ({ restored: [] as number[] }));
    const missing = modelRuns.slice(-6).filter((id) => !restored.includes(id));
    if (missing.length > 0)
      note = [
        note,
        `The model${missing.length > 1 ? 's' : ''} of run ${missing.join(', ')} could not be restored: train again to score with ${missing.length > 1 ? 'them' : 'it'}.`,
      ]
        .filter(Boolean)
        .join(' ');
  }
  store.getState().setRestored({ savedAt: document.savedAt, note });
  return 'restored';
}

/**
 * Follows the store and saves after changes: the document after `SETTINGS_DELAY_MS`, the
 * capture (in the data worker) after `CAPTURE_DELAY_MS` of quiet, each finished model at once.
 */
function installAutosave(store: Store): () => void {
  let documentTimer: ReturnType<typeof setTimeout> | null = null;
  let captureTimer: ReturnType<typeof setTimeout> | null = null;
  // The capture (version and size limit) last scheduled for saving; a restored one is saved already.
  const captureKey = (state: NotebookState): string => `${state.load.summary?.version ?? 'none'}/${state.notebook.maxSavedEvents}`;
  let scheduledCapture = captureKey(store.getState());
  const savedModels = new Set<number>(store.getState().train.runs.map((r) => r.id));
  const failures = new Map<string, string>();
  // Saves scheduled or running: "Saved" shows only when none is left.
  let pending = 0;
  const begin = (): void => {
    pending++;
    if (failures.size === 0) store.getState().setSaveState({ status: 'saving' });
  };
  const end = (): void => {
    pending = Math.max(0, pending - 1);
    if (failures.size > 0) store.getState().setSaveState({ status: 'error', error: [...failures.values()].join(' ') });
    else if (pending === 0) store.getState().setSaveState({ status: 'saved', error: null, savedAt: Date.now() });
  };
  const report = (what: string, error: unknown): void => {
    failures.set(what, saveFailure(what, error));
  };
  const succeeded = (what: string): void => {
    failures.delete(what);
  };

  const saveDocument = async (): Promise<void> => {
    documentTimer = null;
    const state = store.getState();
    try {
      const page = { maxSavedEvents: state.notebook.maxSavedEvents, scored: state.evaluate.run.scored };
      // After a data worker crash the page may hold less than was saved: keep the save until the next capture.
      if (!hasWork(state) && !state.load.keepsSavedCapture) {
        await deleteRecord(STORES.notebook, NOTEBOOK_KEY);
        await putRecords(STORES.notebook, [[PAGE_KEY, page]]);
      } else if (hasWork(state)) {
        // Two writes: the document must not depend on the page record (scored results) storing.
        await putRecords(STORES.notebook, [[NOTEBOOK_KEY, notebookDocument(state, null, Date.now())]]);
        await putRecords(STORES.notebook, [[PAGE_KEY, page]]);
      }
      succeeded('The notebook');
    } catch (error) {
      report('The notebook', error);
    } finally {
      end();
    }
  };

  const saveCapture = async (): Promise<void> => {
    captureTimer = null;
    try {
      // After a crash the new worker holds no capture: the save stays as it is until another capture opens.
      const { load } = store.getState();
      if (load.keepsSavedCapture && load.summary === null) {
        succeeded('The capture');
        return;
      }
      await store.services.data.request('saveCapture', { maxEvents: store.getState().notebook.maxSavedEvents });
      succeeded('The capture');
    } catch (error) {
      report('The capture', error);
    } finally {
      end();
    }
  };

  const saveModel = async (runId: number): Promise<void> => {
    try {
      await store.services.train.request('saveRun', { runId });
      succeeded(`The model of run ${runId}`);
    } catch (error) {
      report(`The model of run ${runId}`, error);
    } finally {
      end();
    }
  };

  const unsubscribe = store.subscribe((state, previous) => {
    const documentChanged =
      state.features.config !== previous.features.config ||
      state.train.config !== previous.train.config ||
      state.knownBad.config !== previous.knownBad.config ||
      state.evaluate.config !== previous.evaluate.config ||
      state.explore.config.timeZone !== previous.explore.config.timeZone ||
      state.notebook.cells !== previous.notebook.cells ||
      state.load.summary !== previous.load.summary ||
      state.evaluate.run.scored !== previous.evaluate.run.scored ||
      state.notebook.maxSavedEvents !== previous.notebook.maxSavedEvents ||
      (state.train.runs !== previous.train.runs && state.train.activeRunId === null);
    if (documentChanged && documentTimer === null) {
      begin();
      documentTimer = setTimeout(() => void saveDocument(), SETTINGS_DELAY_MS);
    }

    // A capture restored from the autosave is saved already.
    if (state.load.keepsSavedCapture && state.load.summary !== previous.load.summary) scheduledCapture = captureKey(state);
    else if (state.load.status !== 'running' && captureKey(state) !== scheduledCapture) {
      scheduledCapture = captureKey(state);
      if (captureTimer !== null) clearTimeout(captureTimer);
      else begin();
      captureTimer = setTimeout(() => void saveCapture(), CAPTURE_DELAY_MS);
    }

    // Models to save: a run that just finished training here, or a model just imported. Runs read
    // from a notebook file come without models and are not saved.
    if (state.train.runs !== previous.train.runs) {
      for (const run of state.train.runs) {
        if (savedModels.has(run.id) || run.outcome === null || run.status === 'running' || run.status === 'failed') continue;
        const before = previous.train.runs.find((p) => p.id === run.id);
        const isNewModel = before === undefined ? run.origin === 'imported' : before.status === 'running';
        if (!isNewModel) continue;
        savedModels.add(run.id);
        begin();
        void saveModel(run.id);
      }
    }
  });
  return (): void => {
    unsubscribe();
    if (documentTimer !== null) clearTimeout(documentTimer);
    if (captureTimer !== null) clearTimeout(captureTimer);
  };
}

/** A page's startup and autosave; the app makes one per page and starts it once. */
export class NotebookPersistence {
  private stopAutosave: (() => void) | null = null;
  private starting: Promise<StartOutcome> | null = null;

  constructor(private readonly store: Store) {}

  /**
   * Startup (the first call; later calls get the same outcome): restore, then open the demo when
   * nothing was restored and the address allows it, then autosave from there on.
   */
  start(): Promise<StartOutcome> {
    const store = this.store;
    this.starting ??= (async () => {
      const outcome = await restoreNotebook(store).catch(() => 'empty' as const);
      this.stopAutosave = installAutosave(store);
      if (outcome !== 'restored' && store.services.params.shouldOpenDemo && store.getState().load.status === 'empty') await store.getState().openDemo();
      return outcome;
    })();
    return this.starting;
  }

  /** Clears everything saved and reloads the page empty (the demo opens as on a first visit). */
  async startFresh(): Promise<void> {
    this.stopAutosave?.();
    this.stopAutosave = null;
    await clearAll().catch(() => undefined);
    window.location.replace(addressWithoutFresh(window.location, false));
  }
}
