import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../ingest/types';
import { resolveParents } from '../enrich/parents';
import { Label, MISSING, appendEvent, emptyFrame, refreshCasings, setCapacity, type EventFrame } from './frame';
import { NO_FILTER, aggregate, filterMask, keptRows, rowsPage } from './query';

function event(partial: Partial<NormalizedEvent>): NormalizedEvent {
  return {
    eventId: 1,
    timeMs: Date.parse('2026-03-02T09:00:00Z'),
    host: 'WS1',
    processId: -1,
    parentProcessId: -1,
    processSequence: -1,
    parentProcessSequence: -1,
    imageName: '',
    createTimeMs: Number.NaN,
    parentImage: null,
    ...partial,
  };
}

function frameOf(events: NormalizedEvent[]): EventFrame {
  const frame = emptyFrame(2);
  for (const e of events) {
    appendEvent(frame, e, {
      hostCode: frame.hosts.code(e.host ?? 'unknown'),
      sourceCode: frame.sources.code('t.jsonl'),
      label: Label.KnownGood,
      isSynthetic: false,
    });
  }
  return frame;
}

const t = (iso: string): number => Date.parse(iso);

describe('event frame', () => {
  it('grows past its capacity and keeps every value', () => {
    const frame = frameOf(Array.from({ length: 5000 }, (_, i) => event({ processId: i * 4, imageName: `\\Device\\HarddiskVolume3\\Windows\\p${i % 7}.exe` })));
    expect(frame.length).toBe(5000);
    expect(frame.processId[4999]).toBe(4999 * 4);
    expect(frame.images.names.size).toBe(7);
    setCapacity(frame, frame.length);
    expect(frame.eventId.length).toBe(5000);
  });

  it('groups names and folders case-insensitively across volumes and shows the common casing', () => {
    const frame = frameOf([
      event({ imageName: '\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe' }),
      event({ imageName: '\\Device\\HarddiskVolume2\\WINDOWS\\system32\\SVCHOST.EXE' }),
      event({ imageName: 'C:\\Windows\\System32\\svchost.exe' }),
    ]);
    refreshCasings(frame);
    const result = aggregate(frame, filterMask(frame, NO_FILTER), 10);
    expect(result.uniqueNames).toBe(1);
    expect(result.uniqueFolders).toBe(1);
    expect(result.topNames[0]).toMatchObject({ value: 'svchost.exe', total: 3 });
    expect(result.topFolders[0]).toMatchObject({ value: '\\Windows\\System32', total: 3 });
  });

  it('computes hour and weekday in UTC', () => {
    const frame = frameOf([event({ timeMs: t('2026-03-01T23:30:00Z'), imageName: 'C:\\a.exe' })]);
    expect(frame.hour[0]).toBe(23);
    expect(frame.weekday[0]).toBe(0);
  });
});

describe('parent resolution', () => {
  const sys = '\\Device\\HarddiskVolume3\\Windows\\System32\\';
  it('resolves by sequence, then by latest earlier start of the pid on the same host, and counts the rest', () => {
    const frame = frameOf([
      event({ timeMs: t('2026-03-02T08:00:00Z'), processId: 100, processSequence: 10, imageName: `${sys}services.exe` }),
      // pid 100 reused later by explorer
      event({ timeMs: t('2026-03-02T08:30:00Z'), processId: 100, processSequence: 20, imageName: `${sys}..\\explorer.exe` }),
      // svchost names its parent by pid and sequence 10: services, even though explorer holds pid 100 now
      event({
        timeMs: t('2026-03-02T09:00:00Z'),
        processId: 200,
        processSequence: 30,
        parentProcessId: 100,
        parentProcessSequence: 10,
        imageName: `${sys}svchost.exe`,
      }),
      // no sequence: latest earlier start of pid 100 = explorer
      event({ timeMs: t('2026-03-02T09:05:00Z'), processId: 204, parentProcessId: 100, imageName: `${sys}cmd.exe` }),
      // same pid on another host does not count
      event({ timeMs: t('2026-03-02T09:06:00Z'), host: 'WS2', processId: 208, parentProcessId: 100, imageName: `${sys}cmd.exe` }),
      // stop of svchost: short name gets the full path
      event({ eventId: 2, timeMs: t('2026-03-02T10:00:00Z'), processId: 200, processSequence: 30, imageName: 'svchost.exe' }),
      // a long name's stop carries its first 14 characters only
      event({ timeMs: t('2026-03-02T09:07:00Z'), processId: 300, processSequence: 40, imageName: `${sys}SearchProtocolHost.exe` }),
      event({ eventId: 2, timeMs: t('2026-03-02T09:08:00Z'), processId: 300, processSequence: 40, imageName: 'SearchProtocol' }),
      // image load by cmd
      event({ eventId: 5, timeMs: t('2026-03-02T09:05:01Z'), processId: 204, imageName: `${sys}kernel32.dll` }),
    ]);
    const result = resolveParents(frame);
    const nameOf = (row: number): string | null => {
      const code = frame.parentImage[row] ?? MISSING;
      return code === MISSING ? null : frame.images.names.key(frame.images.name(code));
    };
    expect(nameOf(2)).toBe('services.exe');
    expect(nameOf(3)).toBe('explorer.exe');
    expect(nameOf(4)).toBeNull();
    expect(frame.image[5]).toBe(frame.image[2]);
    expect(frame.image[7]).toBe(frame.image[6]);
    expect(nameOf(8)).toBe('cmd.exe');
    expect(result).toEqual({
      startsWithParent: 3,
      resolvedBySequence: 1,
      resolvedByTime: 1,
      unresolved: 1,
      stopsCompleted: 2,
      imageLoadsAttributed: 1,
    });
  });
});

describe('filters and aggregates', () => {
  const frame = frameOf([
    event({ timeMs: t('2026-03-02T09:00:00Z'), imageName: 'C:\\Windows\\System32\\svchost.exe' }),
    event({ timeMs: t('2026-03-02T09:10:00Z'), imageName: 'C:\\Windows\\System32\\svchost.exe' }),
    event({ timeMs: t('2026-03-02T22:00:00Z'), imageName: 'C:\\Users\\Public\\svchost.exe' }),
    event({ eventId: 5, timeMs: t('2026-03-03T09:00:00Z'), imageName: 'C:\\Windows\\System32\\ntdll.dll' }),
  ]);
  frame.label[2] = Label.KnownBad;

  it('counts hours by label and event ids', () => {
    const result = aggregate(frame, filterMask(frame, NO_FILTER), 10);
    expect(result.matchedRows).toBe(4);
    expect(result.byLabel).toEqual([0, 3, 1]);
    expect(result.hourByLabel[1]?.[9]).toBe(3);
    expect(result.hourByLabel[2]?.[22]).toBe(1);
    expect(result.eventIdCounts).toEqual([
      { eventId: 1, count: 3 },
      { eventId: 5, count: 1 },
    ]);
    expect(result.heatmap[1]?.[9]).toBe(2);
  });

  it('filters by event id, text, folder and time, and pages rows', () => {
    expect(aggregate(frame, filterMask(frame, { ...NO_FILTER, eventIds: [1] }), 10).matchedRows).toBe(3);
    expect(aggregate(frame, filterMask(frame, { ...NO_FILTER, text: 'PUBLIC' }), 10).matchedRows).toBe(1);
    const folder = frame.images.folders.find('\\windows\\system32');
    expect(aggregate(frame, filterMask(frame, { ...NO_FILTER, folderCode: folder }), 10).matchedRows).toBe(3);
    const mask = filterMask(frame, { ...NO_FILTER, timeFromMs: t('2026-03-02T09:05:00Z'), timeToMs: t('2026-03-02T23:00:00Z') });
    const page = rowsPage(frame, mask, 0, 10);
    expect(page.matched).toBe(2);
    expect(page.rows.map((r) => r.folder)).toEqual(['\\Windows\\System32', '\\Users\\Public']);
  });

  it('holds no mask for a filter that keeps every row, and aggregates the same without one', () => {
    expect(keptRows(frame, NO_FILTER)).toBeNull();
    expect(keptRows(frame, { ...NO_FILTER, eventIds: [1, 5] })).toBeNull();
    expect(Array.from(keptRows(frame, { ...NO_FILTER, eventIds: [1] }) ?? [])).toEqual([1, 1, 1, 0]);
    expect(aggregate(frame, null, 10)).toEqual(aggregate(frame, filterMask(frame, NO_FILTER), 10));
  });
});
