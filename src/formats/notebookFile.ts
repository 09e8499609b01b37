/**
 * The notebook as one document: every section's settings (seeds included), the run history
 * with its curves and metrics, when each cell last ran, and optionally the labelled capture.
 * The same document is autosaved to IndexedDB (without the capture, which the data worker saves
 * itself) and exported as a `*.etwlab.json` file; `parseNotebookFile` rejects a malformed file
 * with a message naming the field.
 */
import type { BalanceStrategy } from '../known-bad/balance';
import type { SessionPattern } from '../known-bad/sessions';
import type { CaptureSummary } from '../pipeline/captureSummary';
import { cellIds, type CellTimes, type EvaluateConfig, type FeaturesConfig, type KnownBadConfig, type RunRecord, type TrainSettings } from './settings';
import { SETTING_LIMITS } from './urlState';
import { readCaptureSnapshot, type CaptureSnapshot } from './captureSnapshot';
import { InvalidDocument, attempt, field, readArray, readBoolean, readChoice, readFinite, readInteger, readRecord, readStrings } from './read';
import { readFeatureSettings, readModelSettings, readRunHistory, readSetting, storableRun } from './runReaders';
import { fromTaggedJson, toTaggedJson } from './taggedJson';
import { splitKinds } from '../ml/splits';
import { errorMessage } from '../lib/errorMessage';

export const NOTEBOOK_FORMAT = 'etwlab-notebook';
export const NOTEBOOK_VERSION = 1;
/** The extension of notebook files. */
export const NOTEBOOK_EXTENSION = '.etwlab.json';

/** Every section's settings. */
export interface NotebookSettings {
  features: FeaturesConfig;
  train: TrainSettings;
  knownBad: KnownBadConfig;
  evaluate: EvaluateConfig;
}

/** The whole notebook as data. */
export interface NotebookDocument {
  format: typeof NOTEBOOK_FORMAT;
  version: typeof NOTEBOOK_VERSION;
  savedAt: number;
  settings: NotebookSettings;
  runs: RunRecord[];
  cells: CellTimes;
  /** What capture the runs were trained on, for people (the frame itself is optional). */
  capture: { fileNames: string[]; events: number; dataVersion: number } | null;
  /** The labelled capture, when the file carries it. */
  frame: CaptureSnapshot | null;
}

/** The parts of the notebook's state a document is made from (the page's store has this shape). */
export interface NotebookDocumentSource {
  load: { summary: CaptureSummary | null };
  features: { config: FeaturesConfig };
  train: { config: TrainSettings; runs: readonly RunRecord[] };
  knownBad: { config: KnownBadConfig };
  evaluate: { config: EvaluateConfig };
  notebook: { cells: CellTimes };
}

/** The store's notebook as a document (with `frame` when given). */
export function notebookDocument(state: NotebookDocumentSource, frame: CaptureSnapshot | null, savedAt: number): NotebookDocument {
  const summary = state.load.summary;
  return {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_VERSION,
    savedAt,
    settings: { features: state.features.config, train: state.train.config, knownBad: state.knownBad.config, evaluate: state.evaluate.config },
    runs: state.train.runs.map(storableRun),
    cells: { ...state.notebook.cells },
    capture: summary ? { fileNames: summary.files.map((f) => f.name), events: summary.events, dataVersion: summary.version } : null,
    frame,
  };
}

/** The file text of a document. */
export function notebookFileText(document: NotebookDocument): string {
  return toTaggedJson(document);
}

// ---- reading ------------------------------------------------------------------------------

function readFeaturesConfig(value: unknown): FeaturesConfig {
  const f = readRecord(value, 'the feature settings');
  const eventIds = readArray(field(f, 'eventIds'), 'the event ids').map((id, i) => readSetting(id, `event id ${i + 1}`, SETTING_LIMITS.eventId));
  if (eventIds.length === 0) throw new InvalidDocument('the feature settings list no event id');
  return {
    settings: readFeatureSettings(field(f, 'settings'), 'feature setting'),
    maxVocabulary: readSetting(field(f, 'maxVocabulary'), 'Max vocabulary', SETTING_LIMITS.maxVocabulary),
    eventIds,
    useBalance: readBoolean(field(f, 'useBalance'), '"use balance"'),
  };
}

function readTrainSettings(value: unknown): TrainSettings {
  const t = readRecord(value, 'the train settings');
  return { model: readModelSettings(field(t, 'model')), split: readChoice(field(t, 'split'), splitKinds, 'Split') };
}

function readShare(value: unknown, what: string): number {
  const share = readFinite(value, what);
  if (share < 0 || share > 1) throw new InvalidDocument(`${what} must be from 0 to 1`);
  return share;
}

function readPattern(value: unknown): SessionPattern {
  const p = readRecord(value, 'the session pattern');
  const kind = readChoice(field(p, 'kind'), ['night', 'weekend', 'other-timezone-office-hours', 'any-time', 'inside-capture'] as const, 'the session pattern');
  return kind === 'other-timezone-office-hours' ? { kind, offsetHours: readInteger(field(p, 'offsetHours'), 'the session time zone', -12, 14) } : { kind };
}

function readKnownBadConfig(value: unknown): KnownBadConfig {
  const k = readRecord(value, 'the known-bad settings');
  const g = readRecord(field(k, 'generator'), 'the generator settings');
  const mix = readRecord(field(g, 'mix'), 'the known-bad mix');
  const b = readRecord(field(k, 'balance'), 'the balance settings');
  const strategies: readonly BalanceStrategy[] = ['undersample-good', 'oversample-bad'];
  return {
    generator: {
      seed: readSetting(field(g, 'seed'), 'the generator seed', SETTING_LIMITS.seed),
      sessions: readInteger(field(g, 'sessions'), 'the number of sessions', 0, 100_000),
      eventsPerSession: readInteger(field(g, 'eventsPerSession'), 'the events per session', 0, 1_000_000),
      mix: {
        actorTools: readShare(field(mix, 'actorTools'), 'the actor-tool share'),
        masqueradeFolder: readShare(field(mix, 'masqueradeFolder'), 'the wrong-folder share'),
        nearMissName: readShare(field(mix, 'nearMissName'), 'the near-miss share'),
        wrongParent: readShare(field(mix, 'wrongParent'), 'the wrong-parent share'),
      },
      sessionPattern: readPattern(field(g, 'sessionPattern')),
      includeLolbas: readBoolean(field(g, 'includeLolbas'), '"include LOLBAS"'),
      includeSigma: readBoolean(field(g, 'includeSigma'), '"include Sigma"'),
      useIocs: readBoolean(field(g, 'useIocs'), '"use IOCs"'),
    },
    balance: {
      ratioBad: readShare(field(b, 'ratioBad'), 'the known-bad ratio'),
      strategy: readChoice(field(b, 'strategy'), strategies, 'the balance strategy'),
      seed: readSetting(field(b, 'seed'), 'the balance seed', SETTING_LIMITS.seed),
    },
    markCaptureWithIocs: readBoolean(field(k, 'markCaptureWithIocs'), '"mark the capture with IOCs"'),
  };
}

function readEvaluateConfig(value: unknown): EvaluateConfig {
  const e = readRecord(value, 'the evaluate settings');
  const runId = field(e, 'runId');
  return {
    threshold: readShare(field(e, 'threshold'), 'the threshold'),
    runId: runId === null ? null : readInteger(runId, 'the run shown', 1),
    compareRunIds: readArray(field(e, 'compareRunIds'), 'the compared runs').map((id, i) => readInteger(id, `compared run ${i + 1}`, 1)),
    topK: readInteger(field(e, 'topK'), 'the number of suspicious events', 1, 10_000),
  };
}

function readCells(value: unknown): CellTimes {
  const c = readRecord(value, 'the cell times');
  const cells: CellTimes = {};
  for (const id of cellIds) {
    const at = field(c, id);
    if (at !== undefined) cells[id] = readFinite(at, `the last run of ${id}`);
  }
  return cells;
}

/** Checks a document field by field; throws InvalidDocument naming the first bad field. */
export function readNotebookDocument(value: unknown): NotebookDocument {
  const d = readRecord(value, 'the notebook');
  if (field(d, 'format') !== NOTEBOOK_FORMAT) throw new InvalidDocument('this is not an EtwLab notebook file');
  const version = field(d, 'version');
  if (version !== NOTEBOOK_VERSION) throw new InvalidDocument(`notebook version ${JSON.stringify(version) ?? 'missing'} is not ${NOTEBOOK_VERSION}`);
  const s = readRecord(field(d, 'settings'), 'the settings');
  const captureValue = field(d, 'capture');
  const frameValue = field(d, 'frame');
  let capture: NotebookDocument['capture'] = null;
  if (captureValue !== null && captureValue !== undefined) {
    const c = readRecord(captureValue, 'the capture description');
    capture = {
      fileNames: readStrings(field(c, 'fileNames'), 'the capture file names'),
      events: readInteger(field(c, 'events'), 'the capture event count'),
      dataVersion: readInteger(field(c, 'dataVersion'), 'the capture data version'),
    };
  }
  return {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_VERSION,
    savedAt: readFinite(field(d, 'savedAt'), 'the save time'),
    settings: {
      features: readFeaturesConfig(field(s, 'features')),
      train: readTrainSettings(field(s, 'train')),
      knownBad: readKnownBadConfig(field(s, 'knownBad')),
      evaluate: readEvaluateConfig(field(s, 'evaluate')),
    },
    runs: readRunHistory(field(d, 'runs')),
    cells: readCells(field(d, 'cells')),
    capture,
    frame: frameValue === null || frameValue === undefined ? null : readCaptureSnapshot(frameValue),
  };
}

/** Reads a notebook file's text. */
export function parseNotebookFile(text: string): { ok: true; document: NotebookDocument } | { ok: false; error: string } {
  const read = attempt(() => readNotebookDocument(parseText(text)));
  return read.ok ? { ok: true, document: read.value } : { ok: false, error: `This notebook file cannot be opened: ${read.error}.` };
}

function parseText(text: string): unknown {
  try {
    return fromTaggedJson(text);
  } catch (error) {
    throw new InvalidDocument(`it is not JSON (${errorMessage(error)})`);
  }
}
