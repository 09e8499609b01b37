/**
 * The loaded capture as plain data: each frame column trimmed to its length, the string tables
 * as arrays in code order, the known-bad state and what the load reported. The data worker
 * writes it to IndexedDB (structured clone keeps the typed arrays) and a notebook file may
 * carry it as tagged JSON; `readCaptureSnapshot` checks an untrusted one before it is used.
 */
import type { ParentResolution } from '../enrich/parents';
import { COLUMN_NAMES, MISSING, emptyFrame, refreshCasings, type EventFrame } from '../frame/frame';
import type { CaptureFormat, LineProblem } from '../ingest/types';
import type { BalanceStrategy } from '../known-bad/balance';
import type { HourSpan, IocEntry, IocProblem } from '../known-bad/iocCsv';
import type { ActorSession } from '../known-bad/sessions';
import { KNOWN_BAD_KINDS, type KnownBadEvent } from '../known-bad/types';
import { KnownBadState } from '../pipeline/knownBadState';
import type { CaptureSummary, LoadedFile, LoadOutcome } from '../pipeline/captureSummary';
import {
  InvalidDocument,
  field,
  readArray,
  readBoolean,
  readChoice,
  readFinite,
  readInteger,
  readNumber,
  readNumberOrNull,
  readRecord,
  readString,
  readStringOrNull,
  readStrings,
} from './read';

/** What the last load reported, kept beside the frame. */
export type LoadRecord = Pick<LoadOutcome, 'files' | 'problems' | 'problemCount' | 'ignoredCount' | 'parents' | 'seconds' | 'truncated'>;

/** The frame's columns saved with a snapshot, each exactly `length` long (command lines are optional). */
export type SnapshotColumns = Pick<EventFrame, (typeof COLUMN_NAMES)[number]>;

/** A frame as plain data. */
export interface FrameSnapshot {
  length: number;
  utcOffsetMinutes: number;
  columns: SnapshotColumns;
  hosts: string[];
  sources: string[];
  /** Image paths in code order; names, folders and volumes are derived again from them. */
  imagePaths: string[];
}

/** The known-bad state kept beside the frame. */
export interface KnownBadSnapshot {
  generated: KnownBadEvent[];
  sessions: ActorSession[];
  counts: Record<string, number> | null;
  iocs: { fileName: string; entries: IocEntry[]; problems: IocProblem[]; marked: number } | null;
  balanced: { rows: Uint32Array; indices: Uint32Array; good: number; bad: number; ratioBad: number; strategy: BalanceStrategy } | null;
}

/** Everything the data worker needs to hold the capture again. */
export interface CaptureSnapshot {
  format: 'etwlab-capture';
  version: 1;
  /** CaptureSummary.version at saving, so runs trained on it are not stale after a restore. */
  dataVersion: number;
  load: LoadRecord;
  frame: FrameSnapshot;
  knownBad: KnownBadSnapshot;
}

/** A capture too large to keep: only its summary, and what to do. */
export interface CaptureSummaryOnly {
  format: 'etwlab-capture-summary';
  version: 1;
  summary: CaptureSummary;
  note: string;
}

/** The frame's columns copied to its length. */
export function frameToSnapshot(frame: EventFrame): FrameSnapshot {
  const n = frame.length;
  return {
    length: n,
    utcOffsetMinutes: frame.utcOffsetMinutes,
    columns: {
      eventId: frame.eventId.slice(0, n),
      timeMs: frame.timeMs.slice(0, n),
      hour: frame.hour.slice(0, n),
      weekday: frame.weekday.slice(0, n),
      host: frame.host.slice(0, n),
      source: frame.source.slice(0, n),
      processId: frame.processId.slice(0, n),
      parentProcessId: frame.parentProcessId.slice(0, n),
      sequence: frame.sequence.slice(0, n),
      parentSequence: frame.parentSequence.slice(0, n),
      image: frame.image.slice(0, n),
      parentImage: frame.parentImage.slice(0, n),
      label: frame.label.slice(0, n),
      synthetic: frame.synthetic.slice(0, n),
    },
    hosts: [...frame.hosts.values],
    sources: [...frame.sources.values],
    imagePaths: [...frame.images.paths.values],
  };
}

/** The known-bad state as plain data. */
export function knownBadToSnapshot(state: KnownBadState): KnownBadSnapshot {
  const balanced = state.balanced;
  return {
    generated: state.generated.map((event) => ({ ...event })),
    sessions: state.sessions.map((session) => ({ ...session })),
    counts: state.counts ? { ...state.counts } : null,
    iocs: state.iocs ? { ...state.iocs, entries: [...state.iocs.entries], problems: [...state.iocs.problems] } : null,
    balanced: balanced
      ? {
          rows: balanced.rows.slice(),
          indices: balanced.result.indices.slice(),
          good: balanced.result.good,
          bad: balanced.result.bad,
          ratioBad: balanced.ratioBad,
          strategy: balanced.strategy,
        }
      : null,
  };
}

/** A new frame from a snapshot; throws InvalidDocument when a code points outside its table. */
export function snapshotToFrame(snapshot: FrameSnapshot): EventFrame {
  const frame = emptyFrame(0);
  const tables = [
    [snapshot.hosts, frame.hosts, 'host'],
    [snapshot.sources, frame.sources, 'source file'],
  ] as const;
  for (const [values, dictionary, what] of tables) {
    values.forEach((value, index) => {
      if (dictionary.code(value) !== index) throw new InvalidDocument(`the ${what} table lists ${JSON.stringify(value)} twice`);
    });
  }
  snapshot.imagePaths.forEach((path, index) => {
    if (frame.images.code(path) !== index) throw new InvalidDocument(`the image path table lists ${JSON.stringify(path)} twice`);
  });
  const n = snapshot.length;
  const c = snapshot.columns;
  for (const name of COLUMN_NAMES) {
    if (c[name].length !== n) throw new InvalidDocument(`column ${name} holds ${c[name].length} values, not ${n}`);
  }
  checkCodes(c.host, snapshot.hosts.length, 'host', false);
  checkCodes(c.source, snapshot.sources.length, 'source', false);
  checkCodes(c.image, snapshot.imagePaths.length, 'image', false);
  checkCodes(c.parentImage, snapshot.imagePaths.length, 'parentImage', true);
  checkCodes(c.label, 3, 'label', false);
  checkCodes(c.synthetic, 2, 'synthetic', false);
  checkCodes(c.hour, 24, 'hour', false);
  checkCodes(c.weekday, 7, 'weekday', false);
  Object.assign(frame, {
    length: n,
    utcOffsetMinutes: snapshot.utcOffsetMinutes,
    eventId: c.eventId.slice(),
    timeMs: c.timeMs.slice(),
    hour: c.hour.slice(),
    weekday: c.weekday.slice(),
    host: c.host.slice(),
    source: c.source.slice(),
    processId: c.processId.slice(),
    parentProcessId: c.parentProcessId.slice(),
    sequence: c.sequence.slice(),
    parentSequence: c.parentSequence.slice(),
    image: c.image.slice(),
    parentImage: c.parentImage.slice(),
    label: c.label.slice(),
    synthetic: c.synthetic.slice(),
  });
  refreshCasings(frame);
  return frame;
}

function checkCodes(column: Uint8Array | Uint16Array | Uint32Array, size: number, what: string, allowMissing: boolean): void {
  for (let row = 0; row < column.length; row++) {
    const code = column[row] ?? 0;
    if (code >= size && !(allowMissing && code === MISSING))
      throw new InvalidDocument(`column ${what} has code ${code} at row ${row}, past its ${size} values`);
  }
}

/** Known-bad state from a snapshot; balanced rows must lie inside a frame of `frameLength` rows. */
export function snapshotToKnownBad(snapshot: KnownBadSnapshot, frameLength: number): KnownBadState {
  const state = new KnownBadState();
  state.generated = snapshot.generated;
  state.sessions = snapshot.sessions;
  state.counts = snapshot.counts;
  state.iocs = snapshot.iocs;
  const balanced = snapshot.balanced;
  if (balanced) {
    checkCodes(balanced.rows, frameLength, 'balanced rows', false);
    state.balanced = {
      rows: balanced.rows,
      result: { indices: balanced.indices, good: balanced.good, bad: balanced.bad },
      ratioBad: balanced.ratioBad,
      strategy: balanced.strategy,
    };
  }
  return state;
}

// ---- reading an untrusted snapshot --------------------------------------------------------

function readTyped<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(
  value: unknown,
  make: { new (n: number): T; name: string },
  what: string,
): T {
  if (!(value instanceof make)) throw new InvalidDocument(`${what} is not a ${make.name}`);
  return value;
}

function readColumns(value: unknown): SnapshotColumns {
  const c = readRecord(value, 'the frame columns');
  const u8 = (key: string): Uint8Array => readTyped(field(c, key), Uint8Array, `column ${key}`);
  const u16 = (key: string): Uint16Array => readTyped(field(c, key), Uint16Array, `column ${key}`);
  const u32 = (key: string): Uint32Array => readTyped(field(c, key), Uint32Array, `column ${key}`);
  return {
    eventId: u8('eventId'),
    timeMs: readTyped(field(c, 'timeMs'), Float64Array, 'column timeMs'),
    hour: u8('hour'),
    weekday: u8('weekday'),
    host: u16('host'),
    source: u16('source'),
    processId: u32('processId'),
    parentProcessId: u32('parentProcessId'),
    sequence: u32('sequence'),
    parentSequence: u32('parentSequence'),
    image: u32('image'),
    parentImage: u32('parentImage'),
    label: u8('label'),
    synthetic: u8('synthetic'),
  };
}

function readFrame(value: unknown): FrameSnapshot {
  const f = readRecord(value, 'the frame');
  return {
    length: readInteger(field(f, 'length'), 'the frame length'),
    utcOffsetMinutes: readInteger(field(f, 'utcOffsetMinutes'), 'the UTC offset', -24 * 60, 24 * 60),
    columns: readColumns(field(f, 'columns')),
    hosts: readStrings(field(f, 'hosts'), 'the host table'),
    sources: readStrings(field(f, 'sources'), 'the source table'),
    imagePaths: readStrings(field(f, 'imagePaths'), 'the image path table'),
  };
}

function readHourSpan(value: unknown, what: string): HourSpan | null {
  if (value === null) return null;
  const h = readRecord(value, what);
  return { from: readInteger(field(h, 'from'), `${what}.from`, 0, 23), to: readInteger(field(h, 'to'), `${what}.to`, 0, 23) };
}

function readEvent(value: unknown, i: number): KnownBadEvent {
  const what = `generated event ${i + 1}`;
  const e = readRecord(value, what);
  if (field(e, 'eventId') !== 1) throw new InvalidDocument(`${what} is not a process start`);
  return {
    eventId: 1,
    timeMs: readNumber(field(e, 'timeMs'), `${what} time`),
    host: readString(field(e, 'host'), `${what} host`),
    imageName: readString(field(e, 'imageName'), `${what} image`),
    parentImage: readStringOrNull(field(e, 'parentImage'), `${what} parent image`),
    processId: readFinite(field(e, 'processId'), `${what} process id`),
    parentProcessId: readFinite(field(e, 'parentProcessId'), `${what} parent process id`),
    kind: readChoice(field(e, 'kind'), KNOWN_BAD_KINDS, `${what} kind`),
    sessionId: readFinite(field(e, 'sessionId'), `${what} session`),
    note: readString(field(e, 'note'), `${what} note`),
  };
}

function readSession(value: unknown, i: number): ActorSession {
  const what = `actor session ${i + 1}`;
  const s = readRecord(value, what);
  return {
    id: readFinite(field(s, 'id'), `${what} id`),
    startMs: readNumber(field(s, 'startMs'), `${what} start`),
    endMs: readNumber(field(s, 'endMs'), `${what} end`),
    host: readString(field(s, 'host'), `${what} host`),
    hours: readHourSpan(field(s, 'hours'), `${what} hours`),
    source: readChoice(field(s, 'source'), ['ioc', 'imported', 'pattern'] as const, `${what} source`),
    label: readString(field(s, 'label'), `${what} label`),
  };
}

function readIocEntry(value: unknown, i: number): IocEntry {
  const what = `IOC entry ${i + 1}`;
  const e = readRecord(value, what);
  return {
    line: readInteger(field(e, 'line'), `${what} line`),
    name: readStringOrNull(field(e, 'name'), `${what} name`),
    path: readStringOrNull(field(e, 'path'), `${what} path`),
    firstSeenMs: readNumberOrNull(field(e, 'firstSeenMs'), `${what} first seen`),
    lastSeenMs: readNumberOrNull(field(e, 'lastSeenMs'), `${what} last seen`),
    hours: readHourSpan(field(e, 'hours'), `${what} hours`),
    actor: readStringOrNull(field(e, 'actor'), `${what} actor`),
    note: readStringOrNull(field(e, 'note'), `${what} note`),
  };
}

function readCounts(value: unknown): Record<string, number> | null {
  if (value === null) return null;
  const r = readRecord(value, 'the generated counts');
  const counts: Record<string, number> = {};
  for (const key of Object.keys(r)) counts[key] = readFinite(field(r, key), `the count of ${key}`);
  return counts;
}

function readKnownBad(value: unknown): KnownBadSnapshot {
  const k = readRecord(value, 'the known-bad state');
  const iocsValue = field(k, 'iocs');
  const balancedValue = field(k, 'balanced');
  let iocs: KnownBadSnapshot['iocs'] = null;
  if (iocsValue !== null) {
    const i = readRecord(iocsValue, 'the IOC list');
    iocs = {
      fileName: readString(field(i, 'fileName'), 'the IOC file name'),
      entries: readArray(field(i, 'entries'), 'the IOC entries').map(readIocEntry),
      problems: readArray(field(i, 'problems'), 'the IOC problems').map((p, n) => {
        const r = readRecord(p, `IOC problem ${n + 1}`);
        return { line: readInteger(field(r, 'line'), `IOC problem ${n + 1} line`), reason: readString(field(r, 'reason'), `IOC problem ${n + 1} reason`) };
      }),
      marked: readInteger(field(i, 'marked'), 'the IOC marked count'),
    };
  }
  let balanced: KnownBadSnapshot['balanced'] = null;
  if (balancedValue !== null) {
    const b = readRecord(balancedValue, 'the balance');
    balanced = {
      rows: readTyped(field(b, 'rows'), Uint32Array, 'the balanced rows'),
      indices: readTyped(field(b, 'indices'), Uint32Array, 'the balanced indices'),
      good: readInteger(field(b, 'good'), 'the balanced good count'),
      bad: readInteger(field(b, 'bad'), 'the balanced bad count'),
      ratioBad: readFinite(field(b, 'ratioBad'), 'the balance ratio'),
      strategy: readChoice(field(b, 'strategy'), ['undersample-good', 'oversample-bad'] as const, 'the balance strategy'),
    };
  }
  return {
    generated: readArray(field(k, 'generated'), 'the generated events').map(readEvent),
    sessions: readArray(field(k, 'sessions'), 'the actor sessions').map(readSession),
    counts: readCounts(field(k, 'counts')),
    iocs,
    balanced,
  };
}

const FORMATS: readonly CaptureFormat[] = ['jsonl', 'json-array', 'csv', 'zip'];

function readLoadedFile(value: unknown, i: number): LoadedFile {
  const what = `loaded file ${i + 1}`;
  const f = readRecord(value, what);
  const format = field(f, 'format');
  return {
    name: readString(field(f, 'name'), `${what} name`),
    bytes: readFinite(field(f, 'bytes'), `${what} size`),
    format: format === null ? null : readChoice(format, FORMATS, `${what} format`),
    isGzip: readBoolean(field(f, 'isGzip'), `${what} gzip flag`),
    events: readInteger(field(f, 'events'), `${what} events`),
    problems: readInteger(field(f, 'problems'), `${what} problems`),
    ignored: readInteger(field(f, 'ignored'), `${what} ignored`),
    fatal: readStringOrNull(field(f, 'fatal'), `${what} fatal message`),
  };
}

function readProblem(value: unknown, i: number): LineProblem {
  const p = readRecord(value, `problem ${i + 1}`);
  return {
    file: readString(field(p, 'file'), `problem ${i + 1} file`),
    line: readInteger(field(p, 'line'), `problem ${i + 1} line`),
    reason: readString(field(p, 'reason'), `problem ${i + 1} reason`),
  };
}

const PARENT_KEYS = ['startsWithParent', 'resolvedBySequence', 'resolvedByTime', 'unresolved', 'stopsCompleted', 'imageLoadsAttributed'] as const;

function readParents(value: unknown): ParentResolution {
  const p = readRecord(value, 'the parent resolution');
  const [a, b, c, d, e, f] = PARENT_KEYS.map((key) => readInteger(field(p, key), `parents.${key}`));
  return {
    startsWithParent: a ?? 0,
    resolvedBySequence: b ?? 0,
    resolvedByTime: c ?? 0,
    unresolved: d ?? 0,
    stopsCompleted: e ?? 0,
    imageLoadsAttributed: f ?? 0,
  };
}

function readLoad(value: unknown): LoadRecord {
  const l = readRecord(value, 'the load record');
  return {
    files: readArray(field(l, 'files'), 'the loaded files').map(readLoadedFile),
    problems: readArray(field(l, 'problems'), 'the load problems').map(readProblem),
    problemCount: readInteger(field(l, 'problemCount'), 'the problem count'),
    ignoredCount: readInteger(field(l, 'ignoredCount'), 'the ignored count'),
    parents: readParents(field(l, 'parents')),
    seconds: readFinite(field(l, 'seconds'), 'the load time'),
    truncated: readStringOrNull(field(l, 'truncated'), 'the truncation note'),
  };
}

/** Checks an untrusted capture snapshot field by field (codes are checked when it becomes a frame). */
export function readCaptureSnapshot(value: unknown): CaptureSnapshot {
  const s = readRecord(value, 'the capture');
  if (field(s, 'format') !== 'etwlab-capture' || field(s, 'version') !== 1) throw new InvalidDocument('the capture is not an EtwLab capture of version 1');
  return {
    format: 'etwlab-capture',
    version: 1,
    dataVersion: readInteger(field(s, 'dataVersion'), 'the data version'),
    load: readLoad(field(s, 'load')),
    frame: readFrame(field(s, 'frame')),
    knownBad: readKnownBad(field(s, 'knownBad')),
  };
}
