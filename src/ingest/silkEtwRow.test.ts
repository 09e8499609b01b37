import { describe, expect, it } from 'vitest';
import { normalizeRow } from './normalizeRow';
import { normalizeContext } from './fieldParsers';

const context = normalizeContext('WIN-LAB07');

/** A SilkETW row as its README shows them: payload strings with thousands separators. */
function silkRow(eventName: string, payload: Record<string, string>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ProviderGuid: '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716',
    YaraMatch: [],
    ProviderName: 'Microsoft-Windows-Kernel-Process',
    EventName: eventName,
    Opcode: 1,
    OpcodeName: 'Start',
    TimeStamp: '2019-03-03T17:58:14.2862348+01:00',
    ThreadID: 11996,
    ProcessID: 7984,
    ProcessName: 'N/A',
    PointerSize: 8,
    EventDataLength: 116,
    XmlEventData: { FormattedMessage: '…', MSec: '3044.3189', PID: '7984', TID: '11996', PName: '', ...payload },
    ...overrides,
  };
}

describe('SilkETW rows', () => {
  it('reads ProcessStart/Start with thousands separators and the offset of TimeStamp', () => {
    const row = silkRow('ProcessStart/Start', {
      ProcessID: '8,416',
      ParentProcessID: '7,984',
      ImageName: '\\Device\\HarddiskVolume4\\Windows\\System32\\notepad.exe',
      CreateTime: '2019-03-03T16:58:14.2800000Z',
    });
    expect(normalizeRow(row, context)).toEqual({
      kind: 'event',
      event: {
        eventId: 1,
        // 17:58:14.286 at +01:00 is 16:58:14.286 UTC.
        timeMs: Date.UTC(2019, 2, 3, 16, 58, 14, 286),
        host: 'WIN-LAB07',
        processId: 8416,
        parentProcessId: 7984,
        processSequence: -1,
        parentProcessSequence: -1,
        imageName: '\\Device\\HarddiskVolume4\\Windows\\System32\\notepad.exe',
        createTimeMs: Date.UTC(2019, 2, 3, 16, 58, 14, 280),
        parentImage: null,
      },
    });
  });

  it('reads ImageLoad (pid from the payload, else the header) and ProcessStop/Stop', () => {
    const load = normalizeRow(silkRow('ImageLoad', { ProcessID: '1,234', ImageName: '\\Device\\HarddiskVolume4\\Temp\\evil.dll' }), context);
    expect(load.kind === 'event' ? [load.event.eventId, load.event.processId, load.event.imageName] : load).toEqual([
      5,
      1234,
      '\\Device\\HarddiskVolume4\\Temp\\evil.dll',
    ]);
    const headerPid = normalizeRow(silkRow('ImageUnload', { ImageName: 'C:\\x.dll' }), context);
    expect(headerPid.kind === 'event' ? [headerPid.event.eventId, headerPid.event.processId] : headerPid).toEqual([6, 7984]);
    const stop = normalizeRow(silkRow('ProcessStop/Stop', { ProcessID: '8,416', ImageName: 'notepad.exe' }), context);
    expect(stop.kind === 'event' ? [stop.event.eventId, stop.event.processId, stop.event.imageName] : stop).toEqual([2, 8416, 'notepad.exe']);
  });

  it('ignores other providers and events, and rejects rows without ImageName', () => {
    const network = silkRow(
      'KERNEL_NETWORK_TASK_TCPIP/Datareceived.',
      {},
      { ProviderGuid: '7dd42a49-5329-4832-8dfd-43d979153a88', ProviderName: 'Microsoft-Windows-Kernel-Network' },
    );
    expect(normalizeRow(network, context)).toEqual({ kind: 'ignored', reason: 'provider Microsoft-Windows-Kernel-Network' });
    expect(normalizeRow(silkRow('ThreadStart/Start', {}), context)).toEqual({ kind: 'ignored', reason: 'event ThreadStart/Start' });
    expect(normalizeRow(silkRow('ProcessStart/Start', { ProcessID: '1' }), context)).toEqual({
      kind: 'problem',
      reason: 'ProcessStart/Start without XmlEventData.ImageName',
      looksLikeEtw: true,
    });
  });
});
