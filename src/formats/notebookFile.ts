/**
 * The notebook as one document: every section's settings (seeds included), the run history
 * with its curves and metrics, when each cell last ran, and optionally the labelled capture.
 * The same document is autosaved to IndexedDB (without the capture, which the data worker saves
 * itself) and exported as a `*.etwlab.json` file; `parseNotebookFile` rejects a malformed file
 * with a message naming the field.
 */
import * as v from 'valibot';
import type { CaptureSummary } from '../pipeline/captureSummary';
import {
  DEFAULT_EXPLORE_SETTINGS,
  EvaluateConfigSchema,
  ExploreSettingsSchema,
  FeaturesConfigSchema,
  KnownBadConfigSchema,
  RunHistorySchema,
  TrainSettingsSchema,
  storableRun,
  type CellTimes,
  type EvaluateConfig,
  type FeaturesConfig,
  type KnownBadConfig,
  type RunRecord,
  type TrainSettings,
} from './settings';
import { readCaptureSnapshot, type CaptureSnapshot } from './captureSnapshot';
import { InvalidDocument, attempt, field, isRecord } from './read';
import { exactly, finite, list, parse, record, text, wholeNumber } from './schema';
import { fromTaggedJson, toTaggedJson } from './taggedJson';
import { errorMessage } from '../lib/errorMessage';

export const NOTEBOOK_FORMAT = 'etwlab-notebook';
export const NOTEBOOK_VERSION = 1;
/** The extension of notebook files. */
export const NOTEBOOK_EXTENSION = '.etwlab.json';

/** The parts of the notebook's state a document is made from (the page's store has this shape). */
export interface NotebookDocumentSource {
  load: { summary: CaptureSummary | null };
  features: { config: FeaturesConfig };
  train: { config: TrainSettings; runs: readonly RunRecord[] };
  knownBad: { config: KnownBadConfig };
  evaluate: { config: EvaluateConfig };
  explore: { config: { timeZone: string } };
  notebook: { cells: CellTimes };
}

/** The store's notebook as a document (with `frame` when given). */
export function notebookDocument(state: NotebookDocumentSource, frame: CaptureSnapshot | null, savedAt: number): NotebookDocument {
  const summary = state.load.summary;
  return {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_VERSION,
    savedAt,
    settings: {
      features: state.features.config,
      train: state.train.config,
      knownBad: state.knownBad.config,
      evaluate: state.evaluate.config,
      explore: { timeZone: state.explore.config.timeZone },
    },
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

/** Every section's settings. */
export const NotebookSettingsSchema = record({
  features: FeaturesConfigSchema,
  train: TrainSettingsSchema,
  knownBad: KnownBadConfigSchema,
  evaluate: EvaluateConfigSchema,
  /** The zone of hours and weekdays; notebooks saved before zones were named have none (UTC). */
  explore: v.optional(ExploreSettingsSchema, () => DEFAULT_EXPLORE_SETTINGS),
});
export type NotebookSettings = v.InferOutput<typeof NotebookSettingsSchema>;

const CellTimesSchema = record({
  load: v.exactOptional(finite),
  explore: v.exactOptional(finite),
  'known-bad': v.exactOptional(finite),
  features: v.exactOptional(finite),
  train: v.exactOptional(finite),
  evaluate: v.exactOptional(finite),
}) satisfies v.GenericSchema<unknown, CellTimes>;

/** The labelled capture, read by the capture snapshot's own reader. */
const FrameSchema = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    try {
      return readCaptureSnapshot(dataset.value);
    } catch (error) {
      if (!(error instanceof InvalidDocument)) throw error;
      addIssue({ message: error.message });
      return NEVER;
    }
  }),
);

/** The whole notebook as data; a document is checked as a whole and rejected naming the first bad field. */
export const NotebookDocumentSchema = v.pipe(
  v.custom<Record<string, unknown>>(isRecord, 'the notebook is not an object'),
  v.check((d) => field(d, 'format') === NOTEBOOK_FORMAT, 'this is not an EtwLab notebook file'),
  v.check(
    (d) => field(d, 'version') === NOTEBOOK_VERSION,
    (issue) => `notebook version ${JSON.stringify(field(issue.input, 'version')) ?? 'missing'} is not ${NOTEBOOK_VERSION}`,
  ),
  record({
    format: exactly(NOTEBOOK_FORMAT),
    version: exactly(NOTEBOOK_VERSION),
    savedAt: finite,
    settings: NotebookSettingsSchema,
    runs: RunHistorySchema,
    cells: CellTimesSchema,
    /** What capture the runs were trained on, for people (the frame itself is optional). */
    capture: v.nullish(record({ fileNames: list(text), events: wholeNumber(), dataVersion: wholeNumber() }), null),
    /** The labelled capture, when the file carries it. */
    frame: v.nullish(FrameSchema, null),
  }),
);
export type NotebookDocument = v.InferOutput<typeof NotebookDocumentSchema>;

/** Checks a document; throws InvalidDocument naming the first bad field. */
export function readNotebookDocument(value: unknown): NotebookDocument {
  return parse(NotebookDocumentSchema, value);
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
