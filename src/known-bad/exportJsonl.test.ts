import { describe, expect, it } from 'vitest';
import { normalizeRow } from '../ingest/normalizeRow';
import { normalizeContext } from '../ingest/fieldParsers';
import { KERNEL_PROCESS_PROVIDER, fromVelociraptorRow, toJsonl, toVelociraptorRow } from './exportJsonl';
import type { KnownBadEvent } from './types';

const event: KnownBadEvent = {
  eventId: 1,
  timeMs: Date.UTC(2024, 2, 5, 23, 14, 7, 250),
  host: 'WS01',
  imageName: '\\Device\\HarddiskVolume3\\Users\\Public\\svchost.exe',
  parentImage: '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
  processId: 4120,
  parentProcessId: 988,
  kind: 'masquerade-folder',
  sessionId: 3,
  note: 'svchost.exe in \\Users\\Public instead of \\Windows\\System32',
};

describe('toVelociraptorRow', () => {
  it('writes the 0.74 row shape with string EventData and the synthetic marker', () => {
    expect(toVelociraptorRow(event)).toEqual({
      System: { ID: 1, ProcessID: 988, TimeStamp: '2024-03-05T23:14:07.250Z', Provider: KERNEL_PROCESS_PROVIDER, OpCode: 1 },
      ProviderGUID: '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}',
      EventData: {
        ProcessID: '4120',
        ParentProcessID: '988',
        CreateTime: '2024-03-05T23:14:07.250Z',
        ImageName: '\\Device\\HarddiskVolume3\\Users\\Public\\svchost.exe',
        ParentImage: '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
        Synthetic: 'true',
        EtwLabKind: 'masquerade-folder',
        EtwLabSession: '3',
        EtwLabNote: 'svchost.exe in \\Users\\Public instead of \\Windows\\System32',
      },
      Backtrace: [],
      Hostname: 'WS01',
    });
    expect(toVelociraptorRow({ ...event, parentImage: null }).EventData.ParentImage).toBeUndefined();
  });

  it('writes one JSON object per line', () => {
    const text = toJsonl([event, { ...event, processId: 8 }]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(fromVelociraptorRow(JSON.parse(lines[1] ?? ''))?.processId).toBe(8);
  });
});

describe('round trip', () => {
  it('reads its own rows back unchanged', () => {
    const row: unknown = JSON.parse(JSON.stringify(toVelociraptorRow(event)));
    expect(fromVelociraptorRow(row)).toEqual(event);
    expect(fromVelociraptorRow({ ...toVelociraptorRow(event), EventData: { ImageName: 'x' } })).toBeNull();
  });

  // src/ingest/readCapture.ts does not exist yet; the ingest row normaliser it will use does.
  it('is read by the capture row normaliser as a process start', () => {
    const result = normalizeRow(JSON.parse(toJsonl([event])), normalizeContext(null));
    expect(result.kind).toBe('event');
    if (result.kind !== 'event') return;
    expect(result.event).toMatchObject({
      eventId: 1,
      timeMs: event.timeMs,
      host: 'WS01',
      processId: 4120,
      parentProcessId: 988,
      imageName: event.imageName,
      createTimeMs: event.timeMs,
      parentImage: event.parentImage,
    });
  });
});
