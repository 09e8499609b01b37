/**
 * Autosave of the capture, run inside the data worker: the frame goes from the worker's memory
 * straight into IndexedDB, so the page never holds millions of rows. A capture past the size
 * limit keeps only its summary and a note to open the files again.
 *
 * Stored form: each save is a generation. Its columns are written as slices of at most
 * STORED_SLICE_BYTES, one small transaction each, so a save never copies a whole capture; then
 * one transaction writes the generation's manifest and switches the "current" pointer to it,
 * and only after that is the previous generation deleted. A reload or a crash before the switch
 * leaves the previous complete save current (its leftover slices are deleted by the next save).
 */
import { formatCount } from '../lib/format';
import type { DataSession } from './dataSession';
import type { CaptureSummary } from './protocol';
import {
  columnSlice,
  joinColumn,
  readCaptureSnapshot,
  readStoredManifest,
  sliceCount,
  snapshotManifest,
  type CaptureSummaryOnly,
} from '../formats/captureSnapshot';
import { COLUMN_NAMES, type ColumnName, type FrameColumns } from '../frame/frame';
import { STORES, deleteRange, deleteRecord, getRecord, putRecord, putRecords } from '../lib/idb';
import { field, isRecord } from '../formats/read';
export { DEFAULT_MAX_SAVED_EVENTS, type RestoredCapture, type SavedCapture } from '../formats/settings';
import type { RestoredCapture, SavedCapture } from '../formats/settings';

/** The pointer to the current generation (or, in saves written before generations, the snapshot itself). */
const CURRENT = 'current';
const POINTER_FORMAT = 'etwlab-capture-pointer';

type Generation = number;
const manifestKey = (generation: Generation): IDBValidKey => ['gen', generation, 'manifest'];
const sliceKey = (generation: Generation, name: ColumnName, slice: number): IDBValidKey => ['gen', generation, 'column', name, slice];

/** The note shown when a capture was too large to keep. */
export function tooLargeNote(summary: CaptureSummary, maxEvents: number): string {
  const names = summary.files.map((f) => f.name).join(', ') || 'the capture files';
  return `The capture (${formatCount(summary.events)} events) was larger than the autosave limit of ${formatCount(maxEvents)} events, so only its summary was kept: open ${names} again to continue.`;
}

async function currentGeneration(): Promise<Generation | null> {
  const pointer = await getRecord(STORES.capture, CURRENT);
  if (!isRecord(pointer) || field(pointer, 'format') !== POINTER_FORMAT) return null;
  const generation = field(pointer, 'generation');
  return typeof generation === 'number' && Number.isFinite(generation) ? generation : null;
}

/**
 * Deletes every generation but `keep` (all of them when null). Keys are arrays: arrays sort
 * after numbers and strings, so ['gen', g, []] lies past every key of generation g.
 */
async function deleteGenerationsExcept(keep: Generation | null): Promise<void> {
  if (keep === null) {
    await deleteRange(STORES.capture, IDBKeyRange.bound(['gen', -Infinity], ['gen', Infinity, []]));
    return;
  }
  await deleteRange(STORES.capture, IDBKeyRange.bound(['gen', -Infinity], ['gen', keep], false, true));
  await deleteRange(STORES.capture, IDBKeyRange.bound(['gen', keep, []], ['gen', Infinity, []], true, false));
}

/** Writes a generation's manifest and points "current" at it, in one transaction, then drops the older ones. */
async function commit(generation: Generation, manifest: unknown): Promise<void> {
  await putRecords(STORES.capture, [
    [manifestKey(generation), manifest],
    [CURRENT, { format: POINTER_FORMAT, generation }],
  ]);
  await deleteGenerationsExcept(generation);
}

/** Saves the session's capture (or, past `maxEvents`, its summary); clears the record without a capture. */
export async function saveCapture(session: DataSession, maxEvents: number): Promise<SavedCapture> {
  const previous = await currentGeneration();
  // Slices left by a save that never switched the pointer (a reload mid-save) go first.
  await deleteGenerationsExcept(previous);
  const summary = session.summary();
  const parts = session.storageParts();
  if (!summary || !parts) {
    await deleteRecord(STORES.capture, CURRENT);
    await deleteGenerationsExcept(null);
    return { kind: 'none', events: 0, version: 0 };
  }
  const generation = Math.max(Date.now(), (previous ?? 0) + 1);
  if (summary.events > maxEvents) {
    const record: CaptureSummaryOnly = { format: 'etwlab-capture-summary', version: 1, summary, note: tooLargeNote(summary, maxEvents) };
    await commit(generation, record);
    return { kind: 'summary', events: summary.events, version: summary.version };
  }
  const { frame, rest } = parts;
  const length = frame.length;
  for (const name of COLUMN_NAMES) {
    for (let slice = 0; slice < sliceCount(name, length); slice++) {
      await putRecord(STORES.capture, sliceKey(generation, name, slice), columnSlice(frame, name, slice, length));
    }
  }
  await commit(generation, snapshotManifest(rest, frame));
  return { kind: 'frame', events: summary.events, version: summary.version };
}

/**
 * Loads the saved capture into the session, if one was saved. The session numbers its data
 * versions above `versionsAbove` (those a crashed worker handed out), saved capture or not.
 */
export async function restoreCapture(session: DataSession, versionsAbove = 0): Promise<RestoredCapture> {
  session.continueVersionsAbove(versionsAbove);
  const generation = await currentGeneration();
  const stored = generation === null ? await getRecord(STORES.capture, CURRENT) : await getRecord(STORES.capture, manifestKey(generation));
  if (stored === undefined) return { kind: 'none' };
  if (isRecord(stored) && field(stored, 'format') === 'etwlab-capture-summary') {
    const summary = field(stored, 'summary');
    const note = field(stored, 'note');
    // Written by saveCapture above in this same origin; only its shape is checked.
    if (isRecord(summary) && typeof note === 'string' && isCaptureSummary(summary)) return { kind: 'summary', summary, note };
    return { kind: 'none' };
  }
  // A save from before generations holds the whole snapshot under "current".
  const snapshot = readCaptureSnapshot(generation === null ? stored : await joinSlices(generation, stored));
  const summary = session.restoreSnapshot(snapshot);
  return { kind: 'frame', summary, savedVersion: snapshot.dataVersion };
}

/** The snapshot of a sliced save: its manifest with each column joined from its slices, one column at a time. */
async function joinSlices(generation: Generation, stored: unknown): Promise<unknown> {
  const manifest = readStoredManifest(stored);
  const columns: Partial<FrameColumns> = {};
  for (const name of COLUMN_NAMES) await readColumn(columns, generation, name, manifest.length);
  return { ...manifest.snapshot, frame: { ...manifest.snapshot.frame, columns } };
}

async function readColumn<K extends ColumnName>(columns: Partial<FrameColumns>, generation: Generation, name: K, length: number): Promise<void> {
  const slices: unknown[] = [];
  for (let slice = 0; slice < sliceCount(name, length); slice++) slices.push(await getRecord(STORES.capture, sliceKey(generation, name, slice)));
  columns[name] = joinColumn(name, length, slices);
}

function isCaptureSummary(value: Record<string, unknown>): value is Record<string, unknown> & CaptureSummary {
  return typeof field(value, 'events') === 'number' && Array.isArray(field(value, 'files')) && typeof field(value, 'version') === 'number';
}
