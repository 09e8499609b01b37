/**
 * Autosave of the capture, run inside the data worker: the frame goes from the worker's memory
 * straight into IndexedDB, so the page never holds millions of rows. A capture past the size
 * limit keeps only its summary and a note to open the files again.
 */
import { formatCount } from '../lib/format';
import type { DataSession } from './dataSession';
import type { CaptureSummary } from './protocol';
import { readCaptureSnapshot, type CaptureSummaryOnly } from '../formats/captureSnapshot';
import { STORES, deleteRecord, getRecord, putRecord } from '../lib/idb';
import { field, isRecord } from '../formats/read';
export { DEFAULT_MAX_SAVED_EVENTS, type RestoredCapture, type SavedCapture } from '../formats/settings';
import type { RestoredCapture, SavedCapture } from '../formats/settings';

const KEY = 'current';

/** The note shown when a capture was too large to keep. */
export function tooLargeNote(summary: CaptureSummary, maxEvents: number): string {
  const names = summary.files.map((f) => f.name).join(', ') || 'the capture files';
  return `The capture (${formatCount(summary.events)} events) was larger than the autosave limit of ${formatCount(maxEvents)} events, so only its summary was kept: open ${names} again to continue.`;
}

/** Saves the session's capture (or, past `maxEvents`, its summary); clears the record without a capture. */
export async function saveCapture(session: DataSession, maxEvents: number): Promise<SavedCapture> {
  const summary = session.summary();
  if (!summary) {
    await deleteRecord(STORES.capture, KEY);
    return { kind: 'none', events: 0, version: 0 };
  }
  if (summary.events > maxEvents) {
    const record: CaptureSummaryOnly = { format: 'etwlab-capture-summary', version: 1, summary, note: tooLargeNote(summary, maxEvents) };
    await putRecord(STORES.capture, KEY, record);
    return { kind: 'summary', events: summary.events, version: summary.version };
  }
  const snapshot = session.snapshot();
  await putRecord(STORES.capture, KEY, snapshot);
  return { kind: 'frame', events: summary.events, version: summary.version };
}

/** Loads the saved capture into the session, if one was saved. */
export async function restoreCapture(session: DataSession): Promise<RestoredCapture> {
  const stored = await getRecord(STORES.capture, KEY);
  if (stored === undefined) return { kind: 'none' };
  if (isRecord(stored) && field(stored, 'format') === 'etwlab-capture-summary') {
    const summary = field(stored, 'summary');
    const note = field(stored, 'note');
    // Written by saveCapture above in this same origin; only its shape is checked.
    if (isRecord(summary) && typeof note === 'string' && isCaptureSummary(summary)) return { kind: 'summary', summary, note };
    return { kind: 'none' };
  }
  const snapshot = readCaptureSnapshot(stored);
  const summary = session.restoreSnapshot(snapshot);
  return { kind: 'frame', summary, savedVersion: snapshot.dataVersion };
}

function isCaptureSummary(value: Record<string, unknown>): value is Record<string, unknown> & CaptureSummary {
  return typeof field(value, 'events') === 'number' && Array.isArray(field(value, 'files')) && typeof field(value, 'version') === 'number';
}
