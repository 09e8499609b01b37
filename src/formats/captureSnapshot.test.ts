import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MISSING } from '../frame/frame';
import { NO_FILTER } from '../frame/query';
import { DEFAULT_KNOWN_BAD_CONFIG } from '../store/knownBadSlice';
import { DataSession } from '../worker/dataSession';
import { readCaptureSnapshot, snapshotToFrame, type CaptureSnapshot } from './captureSnapshot';
import { attempt } from './read';
import { fromTaggedJson, toTaggedJson } from './taggedJson';

const CAPTURE = readFileSync(resolve(process.cwd(), 'e2e/fixtures/explore-capture.jsonl'), 'utf8');

async function loadedSession(): Promise<DataSession> {
  const session = new DataSession(() => undefined);
  await session.load(1, { files: [new File([CAPTURE], 'explore-capture.jsonl')], mode: 'replace', label: 'known-good' }, new AbortController().signal);
  session.generateKnownBad({ settings: { ...DEFAULT_KNOWN_BAD_CONFIG.generator, sessions: 3, eventsPerSession: 10 } });
  session.balance({ ratioBad: 0.5, strategy: 'undersample-good', seed: 7 });
  return session;
}

/** A snapshot through a notebook file's text and back. */
function throughFile(snapshot: CaptureSnapshot): CaptureSnapshot {
  return readCaptureSnapshot(fromTaggedJson(toTaggedJson(snapshot)));
}

describe('capture snapshot', () => {
  it('restores the same capture, labels, known-bad state and balance in a new session', async () => {
    const original = await loadedSession();
    const snapshot = original.snapshot();
    if (!snapshot) throw new Error('no snapshot');
    const before = original.summary();
    expect(before?.events).toBeGreaterThan(100);
    expect(before?.labelCounts[2]).toBe(30);

    const restored = new DataSession(() => undefined);
    const summary = restored.restoreSnapshot(throughFile(snapshot));
    // A fresh session takes the saved data version, so runs trained on it stay current.
    // Columns come back trimmed to the rows: 41 bytes a row (no command lines in ETW rows), where the original kept growth room.
    expect({ ...summary, columnBytes: 0 }).toEqual({ ...before, columnBytes: 0 });
    expect(summary.columnBytes).toBe(summary.events * 41);
    expect(restored.knownBadSummary()).toEqual(original.knownBadSummary());
    expect(restored.explore({ filter: NO_FILTER, topN: 10 })).toEqual(original.explore({ filter: NO_FILTER, topN: 10 }));
    expect(restored.rows({ filter: NO_FILTER, offset: 0, limit: 1000 })).toEqual(original.rows({ filter: NO_FILTER, offset: 0, limit: 1000 }));
    const params = { rows: 'labelled' as const, eventIds: [1], columns: ['hour', 'name', 'folder', 'parent'] as const, useBalance: true };
    const a = original.examples({ ...params, columns: [...params.columns] });
    const b = restored.examples({ ...params, columns: [...params.columns] });
    expect(Array.from(b.frameRows)).toEqual(Array.from(a.frameRows));
    expect(b.table).toEqual(a.table);
    expect(restored.exportGenerated()).toEqual(original.exportGenerated());
  });

  it('moves the data version on when the session already handed out a newer one', async () => {
    const session = await loadedSession();
    const snapshot = session.snapshot();
    if (!snapshot) throw new Error('no snapshot');
    const version = session.summary()?.version ?? 0;
    expect(session.restoreSnapshot(snapshot).version).toBe(version + 1);
  });

  it('keeps missing parents missing and columns exactly as long as the frame', async () => {
    const snapshot = (await loadedSession()).snapshot();
    if (!snapshot) throw new Error('no snapshot');
    const frame = snapshotToFrame(throughFile(snapshot).frame);
    expect(frame.length).toBe(snapshot.frame.length);
    expect(frame.parentImage.filter((p) => p === MISSING).length).toBe(snapshot.frame.columns.parentImage.filter((p) => p === MISSING).length);
    expect(Array.from(frame.images.paths.values)).toEqual(snapshot.frame.imagePaths);
  });

  it('rejects tables that list a value twice, codes past their table, short columns and wrong array types', async () => {
    const snapshot = (await loadedSession()).snapshot();
    if (!snapshot) throw new Error('no snapshot');
    const frame = snapshot.frame;
    const first = frame.hosts[0] ?? '';
    const badCodes = frame.columns.host.slice();
    badCodes[3] = frame.hosts.length;
    const cases: [CaptureSnapshot['frame'], RegExp][] = [
      [{ ...frame, hosts: [...frame.hosts, first] }, /host table lists .* twice/],
      [{ ...frame, columns: { ...frame.columns, host: badCodes } }, new RegExp(`column host has code ${frame.hosts.length} at row 3`)],
      [{ ...frame, columns: { ...frame.columns, label: frame.columns.label.subarray(1) } }, /column label holds \d+ values, not \d+/],
    ];
    for (const [bad, message] of cases) {
      const outcome = attempt(() => snapshotToFrame(bad));
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error).toMatch(message);
    }
    const wrongType = attempt(() =>
      readCaptureSnapshot({ ...snapshot, frame: { ...frame, columns: { ...frame.columns, timeMs: Array.from(frame.columns.timeMs) } } }),
    );
    expect(wrongType).toEqual({ ok: false, error: 'the capture frame.columns.timeMs is not a Float64Array' });
    expect(attempt(() => readCaptureSnapshot({ ...snapshot, version: 2 }))).toEqual({
      ok: false,
      error: 'the capture version is not version 1 (this EtwLab reads version 1)',
    });
    const badKind = { ...snapshot.knownBad, generated: [{ ...snapshot.knownBad.generated[0], kind: 'evil' }] };
    const kindOutcome = attempt(() => readCaptureSnapshot({ ...snapshot, knownBad: badKind }));
    expect(kindOutcome.ok).toBe(false);
    if (!kindOutcome.ok) expect(kindOutcome.error).toMatch(/^the capture knownBad\.generated\.0\.kind /);
  });
});

describe('command lines in a snapshot', () => {
  const COMMAND_LINES = readFileSync(resolve(process.cwd(), 'e2e/fixtures/command-lines.jsonl'), 'utf8');

  async function commandLineSession(): Promise<DataSession> {
    const session = new DataSession(() => undefined);
    await session.load(1, { files: [new File([COMMAND_LINES], 'command-lines.jsonl')], mode: 'replace', label: 'known-good' }, new AbortController().signal);
    return session;
  }

  const commandLinesOf = (session: DataSession): (string | null)[] =>
    session.rows({ filter: NO_FILTER, offset: 0, limit: 100 }).rows.map((row) => row.commandLine);

  it('keeps Sysmon and Security 4688 command lines through a notebook file', async () => {
    const original = await commandLineSession();
    const snapshot = original.snapshot();
    if (!snapshot) throw new Error('no snapshot');
    const before = commandLinesOf(original);
    expect(before).toContain('whoami /all');
    expect(before).toContain('reg.exe query HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run');
    const restored = new DataSession(() => undefined);
    restored.restoreSnapshot(throughFile(snapshot));
    expect(commandLinesOf(restored)).toEqual(before);
  });

  it('reads a snapshot written before command lines were kept, as rows without one', async () => {
    const snapshot = (await commandLineSession()).snapshot();
    if (!snapshot) throw new Error('no snapshot');
    // What an older version wrote: no command-line column and no command-line table.
    const olderColumns: Record<string, unknown> = { ...snapshot.frame.columns };
    delete olderColumns.commandLine;
    const olderFrame: Record<string, unknown> = { ...snapshot.frame, columns: olderColumns };
    delete olderFrame.commandLines;
    const older = readCaptureSnapshot(fromTaggedJson(toTaggedJson({ ...snapshot, frame: olderFrame })));
    expect(older.frame.commandLines).toEqual([]);
    expect(Array.from(older.frame.columns.commandLine)).toEqual(new Array<number>(snapshot.frame.length).fill(MISSING));
    const restored = new DataSession(() => undefined);
    restored.restoreSnapshot(older);
    expect(commandLinesOf(restored).every((line) => line === null)).toBe(true);
  });

  it("keeps the named time zone, and reads an older snapshot's fixed offset as a UTC±hh:mm zone", async () => {
    const session = await loadedSession();
    session.setTimeZone('Europe/Berlin');
    const snapshot = session.snapshot();
    if (!snapshot) throw new Error('no snapshot');
    const kept = throughFile(snapshot);
    expect(kept.frame.timeZone).toBe('Europe/Berlin');
    expect(snapshotToFrame(kept.frame).timeZone).toBe('Europe/Berlin');
    // What an older version wrote: hours at a fixed offset and no zone name.
    const olderFrame: Record<string, unknown> = { ...snapshot.frame, utcOffsetMinutes: 330 };
    delete olderFrame.timeZone;
    const older = readCaptureSnapshot(fromTaggedJson(toTaggedJson({ ...snapshot, frame: olderFrame })));
    expect(snapshotToFrame(older.frame).timeZone).toBe('UTC+05:30');
    // A zone this browser does not know is refused, naming it.
    const unknown = { ...snapshot, frame: { ...snapshot.frame, timeZone: 'Mars/Base' } };
    expect(() => readCaptureSnapshot(fromTaggedJson(toTaggedJson(unknown)))).toThrow('Mars/Base');
  });

  it('rejects a command-line code past its table', async () => {
    const snapshot = (await commandLineSession()).snapshot();
    if (!snapshot) throw new Error('no snapshot');
    const codes = snapshot.frame.columns.commandLine.slice();
    codes[0] = snapshot.frame.commandLines.length;
    const outcome = attempt(() => snapshotToFrame({ ...snapshot.frame, columns: { ...snapshot.frame.columns, commandLine: codes } }));
    expect(outcome).toEqual({
      ok: false,
      error: `column commandLine has code ${snapshot.frame.commandLines.length} at row 0, past its ${snapshot.frame.commandLines.length} values`,
    });
  });
});

describe('tagged JSON', () => {
  it('keeps typed arrays, NaN and infinities, and leaves look-alike strings alone', () => {
    const value = {
      f32: Float32Array.from([0.5, -1.25, 3]),
      u8: Uint8Array.from([0, 255]),
      u32: Uint32Array.from([MISSING, 7]),
      f64: Float64Array.from([1e300, -0]),
      i32: Int32Array.from([-1, 2]),
      u16: Uint16Array.from([65535]),
      numbers: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1],
      text: ['NaN', '$num'],
      lookAlike: { $num: 'NaN', other: 1 },
    };
    const back = fromTaggedJson(toTaggedJson(value));
    expect(back).toEqual(value);
    expect(toTaggedJson({ a: Uint8Array.from([1, 2, 3]) })).toBe('{"a":{"$u8":"AQID"}}');
  });

  it('rejects malformed tags', () => {
    expect(() => fromTaggedJson('{"$f32":"AQI="}')).toThrow('$f32 holds 2 bytes, not whole elements');
    expect(() => fromTaggedJson('{"$u8":"not base64!"}')).toThrow('$u8 holds text that is not base64');
    expect(() => fromTaggedJson('{"$num":"1"}')).toThrow('$num holds "1", not NaN or Infinity');
  });
});
