import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../ingest/types';
import { seededRandom } from '../lib/random';
import {
  COLUMN_NAMES,
  Label,
  MISSING,
  appendEvent,
  appendFrameRows,
  capacityOf,
  columnBytes,
  columnSpec,
  commandLineOf,
  emptyFrame,
  frameRows,
  rowBuffers,
  setCapacity,
  setTimeZone,
  type EventFrame,
} from './frame';

const HOSTS = ['WS1', 'WS2', 'DC01', 'ws1'];
const PATHS = [
  '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
  '\\Device\\HarddiskVolume3\\Windows\\System32\\CMD.EXE',
  'C:\\Windows\\explorer.exe',
  '\\Device\\HarddiskVolume3\\Users\\bob\\AppData\\Local\\Temp\\a.exe',
  'svchost.exe',
  '\\Device\\HarddiskVolume2\\Tools\\b.exe',
];
const COMMAND_LINES = ['cmd /c dir', 'explorer.exe', 'a.exe --quiet'];

/** Events with hosts, images, parent images and command lines drawn from small pools, in time order. */
function randomEvents(seed: number, count: number): NormalizedEvent[] {
  const random = seededRandom(seed);
  const start = Date.parse('2026-03-02T09:00:00Z');
  return Array.from({ length: count }, (_, i): NormalizedEvent => {
    const event: NormalizedEvent = {
      eventId: random.pick([1, 2, 5, 6] as const),
      timeMs: start + i * 97_000,
      host: random.next() < 0.1 ? null : random.pick(HOSTS),
      processId: random.int(5000),
      parentProcessId: random.next() < 0.2 ? -1 : random.int(5000),
      processSequence: random.int(100_000),
      parentProcessSequence: -1,
      imageName: random.pick(PATHS),
      createTimeMs: Number.NaN,
      parentImage: random.next() < 0.5 ? null : random.pick(PATHS),
    };
    if (random.next() < 0.3) event.commandLine = random.pick(COMMAND_LINES);
    return event;
  });
}

/** A frame built row by row, as the readers build it. */
function frameOf(events: readonly NormalizedEvent[], timeZone: string, capacity = 16): EventFrame {
  const frame = emptyFrame(capacity);
  frame.timeZone = timeZone;
  for (const event of events) {
    const hostCode = frame.hosts.code(event.host ?? 'unknown');
    appendEvent(frame, event, { hostCode, sourceCode: frame.sources.code('capture.jsonl'), label: Label.KnownBad, isSynthetic: false });
  }
  return frame;
}

/** Everything a frame holds, as plain values, trimmed to its length (a lazy column without cells reads as its fill). */
function contents(frame: EventFrame): Record<string, unknown> {
  const n = frame.length;
  const columns = Object.fromEntries(COLUMN_NAMES.map((name) => [name, Array.from({ length: n }, (_, row) => frame[name][row] ?? columnSpec(name).fill)]));
  const images = frame.images;
  return {
    length: n,
    columns,
    hosts: [...frame.hosts.values],
    sources: [...frame.sources.values],
    paths: [...images.paths.values],
    names: Array.from({ length: images.names.size }, (_, code) => images.names.key(code)),
    folders: Array.from({ length: images.folders.size }, (_, code) => images.folders.key(code)),
    nameOf: Array.from(images.nameOf.subarray(0, images.paths.size)),
    folderOf: Array.from(images.folderOf.subarray(0, images.paths.size)),
    commandLines: [...frame.commandLines.values],
  };
}

describe('appendFrameRows', () => {
  it('gives the frame that one pass over all rows gives, codes included, wherever the rows are cut', () => {
    const events = randomEvents(11, 400);
    const whole = frameOf(events, 'UTC+01:00');
    for (const cut of [0, 1, 37, 200, 399, 400]) {
      const target = frameOf(events.slice(0, cut), 'UTC+01:00');
      const rest = frameOf(events.slice(cut), 'UTC+01:00');
      appendFrameRows(target, frameRows(rest));
      expect(contents(target)).toEqual(contents(whole));
    }
  });

  it('maps codes of strings the target has not seen, or has under another code', () => {
    const cmd = PATHS[0] ?? '';
    const temp = PATHS[3] ?? '';
    const base = (partial: Partial<NormalizedEvent>): NormalizedEvent => ({
      eventId: 1,
      timeMs: Date.parse('2026-03-02T10:00:00Z'),
      host: 'WS1',
      processId: 10,
      parentProcessId: -1,
      processSequence: 1,
      parentProcessSequence: -1,
      imageName: cmd,
      createTimeMs: Number.NaN,
      parentImage: null,
      ...partial,
    });
    const target = frameOf([base({}), base({ host: 'WS2', imageName: temp })], 'UTC');
    const rest = frameOf([base({ host: 'DC01', imageName: temp, parentImage: cmd, commandLine: 'x' }), base({ host: 'WS2' })], 'UTC');
    // In `rest`: hosts DC01=0, WS2=1; paths temp=0, cmd=1. In `target`: WS1=0, WS2=1, DC01 new=2; cmd=0, temp=1.
    appendFrameRows(target, frameRows(rest));
    expect(target.length).toBe(4);
    expect(Array.from(target.host.subarray(0, 4))).toEqual([0, 1, 2, 1]);
    expect(Array.from(target.image.subarray(0, 4))).toEqual([0, 1, 1, 0]);
    expect(Array.from(target.parentImage.subarray(0, 4))).toEqual([MISSING, MISSING, 0, MISSING]);
    expect(Array.from(target.commandLine.subarray(0, 4))).toEqual([MISSING, MISSING, 0, MISSING]);
    expect(target.hosts.values).toEqual(['WS1', 'WS2', 'DC01']);
  });

  it('appends rows with command lines to a frame without, and rows without to one with', () => {
    const events = randomEvents(12, 300);
    const bare = events.map(({ commandLine: _, ...event }) => event);
    const mixed = [...bare.slice(0, 150), ...events.slice(150)];
    const target = frameOf(mixed.slice(0, 150), 'UTC');
    expect(target.commandLine.length).toBe(0);
    appendFrameRows(target, frameRows(frameOf(mixed.slice(150), 'UTC')));
    expect(contents(target)).toEqual(contents(frameOf(mixed, 'UTC')));

    const reversed = [...events.slice(0, 150), ...bare.slice(150)];
    const withLines = frameOf(reversed.slice(0, 150), 'UTC');
    // Rows dropped (a rewound load) leave codes in cells past the length: appended rows without command lines must not keep them.
    appendFrameRows(withLines, frameRows(frameOf(events.slice(150, 200), 'UTC')));
    withLines.length = 150;
    appendFrameRows(withLines, frameRows(frameOf(reversed.slice(150), 'UTC')));
    expect(contents(withLines)).toEqual(contents(frameOf(reversed, 'UTC')));
  });

  it('grows the target once to the final size', () => {
    const events = randomEvents(5, 300);
    const target = frameOf(events.slice(0, 100), 'UTC', 100);
    expect(capacityOf(target)).toBe(100);
    appendFrameRows(target, frameRows(frameOf(events.slice(100), 'UTC')));
    expect(capacityOf(target)).toBe(300);
    expect(target.commandLine.length).toBe(300);
  });

  it('recomputes hour and weekday when the rows were read in another time zone', () => {
    // 97 s apart from 2 March 2026: 6,000 events run past New York's change to summer time on 8 March.
    const events = randomEvents(3, 6000);
    const target = frameOf(events.slice(0, 50), 'America/New_York');
    appendFrameRows(target, frameRows(frameOf(events.slice(50), 'UTC')));
    expect(contents(target)).toEqual(contents(frameOf(events, 'America/New_York')));
  });

  it('puts every row at its wall-clock hour across a daylight-saving change', () => {
    const events = randomEvents(4, 6000);
    const frame = frameOf(events, 'UTC');
    setTimeZone(frame, 'America/New_York');
    const format = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', hour: 'numeric' });
    for (let row = 0; row < frame.length; row++) expect(frame.hour[row]).toBe(Number(format.format(frame.timeMs[row] ?? 0)));
    // The rows do cross the change: the first is 5 hours behind UTC, the last 4.
    const behind = (row: number) => (new Date(frame.timeMs[row] ?? 0).getUTCHours() - (frame.hour[row] ?? 0) + 24) % 24;
    expect([behind(0), behind(frame.length - 1)]).toEqual([5, 4]);
    expect(frame.timeZone).toBe('America/New_York');
    expect(frame.utcOffsetMinutes).toBe(-300);
    expect(() => setTimeZone(frame, 'Nowhere/Land')).toThrow('unknown time zone');
  });

  it('gives the command-line column cells only once a row has a command line', () => {
    const events = randomEvents(8, 200).map(({ commandLine: _, ...event }) => event);
    const frame = frameOf(events, 'UTC');
    setCapacity(frame, frame.length);
    expect(frame.commandLine.length).toBe(0);
    expect(columnBytes(frame)).toBe(frame.length * 41);
    expect(commandLineOf(frame, 3)).toBeNull();
    const withLine = frameOf([...events, { ...events[0]!, commandLine: 'cmd /c dir' }], 'UTC', 64);
    expect(withLine.commandLine.length).toBe(capacityOf(withLine));
    expect(commandLineOf(withLine, 200)).toBe('cmd /c dir');
    expect(Array.from(withLine.commandLine.subarray(0, 200)).every((code) => code === MISSING)).toBe(true);
  });

  it('lists each column buffer once for transfer', () => {
    const rows = frameRows(frameOf(randomEvents(1, 10), 'UTC'));
    const buffers = rowBuffers(rows);
    expect(buffers).toHaveLength(15);
    expect(new Set(buffers).size).toBe(15);
  });
});
