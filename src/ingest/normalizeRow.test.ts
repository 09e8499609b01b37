import { describe, expect, it } from 'vitest';
import { normalizeRow } from './normalizeRow';
import { normalizeContext } from './fieldParsers';
import type { NormalizeResult } from './normalizeRow';
import type { NormalizedEvent } from './types';
import { artifactRow, imageLoadData, markedTime, processStartData, processStopData, rawHeaderRow, sigmaRow, v074Row } from '../test-support/testRows';

const context = normalizeContext('C.00112233aabbccdd');
const CMD = '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe';

function eventOf(result: NormalizeResult): NormalizedEvent {
  if (result.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(result)}`);
  return result.event;
}

describe('normalizeRow: row shapes', () => {
  it('reads a Velociraptor 0.74 ProcessStart', () => {
    const row = v074Row(
      1,
      '2025-03-04T10:15:30.1234567Z',
      processStartData('10756', '0x2C834', '4321', '2001', markedTime('2025', '03', '04T10:15:30.120000000Z'), CMD),
      4321,
    );
    expect(eventOf(normalizeRow(row, context))).toEqual({
      eventId: 1,
      timeMs: Date.UTC(2025, 2, 4, 10, 15, 30, 123),
      host: 'C.00112233aabbccdd',
      processId: 10756,
      parentProcessId: 4321,
      processSequence: 182324,
      parentProcessSequence: 2001,
      imageName: CMD,
      createTimeMs: Date.UTC(2025, 2, 4, 10, 15, 30, 120),
      parentImage: null,
    } satisfies NormalizedEvent);
  });

  it('reads a 0.7.1–0.73 raw EVENT_HEADER row with an offset time string', () => {
    const row = rawHeaderRow(5, '2025-03-04T11:15:31.5+01:00', imageLoadData('10756', '\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll'), true);
    const event = eventOf(normalizeRow(row, context));
    expect(event.eventId).toBe(5);
    expect(event.timeMs).toBe(Date.UTC(2025, 2, 4, 10, 15, 31, 500));
    expect(event.processId).toBe(10756);
    expect(event.parentProcessId).toBe(-1);
    expect(event.processSequence).toBe(-1);
    expect(event.imageName).toBe('\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll');
    expect(event.createTimeMs).toBeNaN();
  });

  it('reads a ≤0.7.0 row whose TimeStamp is a FILETIME number', () => {
    const ms = Date.UTC(2025, 2, 4, 10, 15, 32, 250);
    const fileTime = (ms + 11_644_473_600_000) * 10_000;
    const row = rawHeaderRow(6, fileTime, imageLoadData('900', '\\Device\\HarddiskVolume3\\Windows\\System32\\kernel32.dll'), false);
    const event = eventOf(normalizeRow(row, context));
    expect(event.eventId).toBe(6);
    expect(event.timeMs).toBe(ms);
    expect(event.processId).toBe(900);
  });

  it('reads the Sigma event model with host and parent image', () => {
    const data = {
      ...processStartData('888', '13463', '5916', '3280', markedTime('2024', '12', '19T08:10:41.597027800Z'), CMD),
      ProcInfo: { Pid: '888', ParentImage: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
    };
    const event = eventOf(normalizeRow(sigmaRow(1, '2024-12-19T08:10:45Z', 'WIN-LAB07', data), context));
    expect(event.timeMs).toBe(Date.UTC(2024, 11, 19, 8, 10, 45));
    expect(event.host).toBe('WIN-LAB07');
    expect(event.parentImage).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(event.createTimeMs).toBe(Date.UTC(2024, 11, 19, 8, 10, 41, 597));
    expect(event.processSequence).toBe(13463);
    expect(event.parentProcessSequence).toBe(3280);
  });

  it('reads a Windows.ETW.KernelProcess artifact row with _ts seconds', () => {
    const row = artifactRow(
      2,
      1_741_083_340,
      processStopData('10756', '0x2C834', markedTime('2025', '03', '04T10:15:30.120000000Z'), markedTime('2025', '03', '04T10:15:39.870000000Z'), 'cmd.exe'),
    );
    expect(eventOf(normalizeRow(row, normalizeContext(null)))).toEqual({
      eventId: 2,
      timeMs: 1_741_083_340_000,
      host: null,
      processId: 10756,
      parentProcessId: -1,
      processSequence: 182324,
      parentProcessSequence: -1,
      imageName: 'cmd.exe',
      createTimeMs: Date.UTC(2025, 2, 4, 10, 15, 30, 120),
      parentImage: null,
    } satisfies NormalizedEvent);
  });

  it('falls back to CreateTime (event 1) and ExitTime (event 2) when a row has no time field', () => {
    const start = artifactRow(1, undefined, processStartData('7', '1', '4', '0', markedTime('2025', '03', '04T10:00:00.500000000Z'), CMD));
    expect(eventOf(normalizeRow(start, context)).timeMs).toBe(Date.UTC(2025, 2, 4, 10, 0, 0, 500));
    const stop = artifactRow(
      2,
      undefined,
      processStopData('7', '1', markedTime('2025', '03', '04T10:00:00.500000000Z'), markedTime('2025', '03', '04T10:00:09.000000000Z'), 'cmd.exe'),
    );
    expect(eventOf(normalizeRow(stop, context)).timeMs).toBe(Date.UTC(2025, 2, 4, 10, 0, 9));
  });

  it('accepts the numeric strings a CSV cell holds for EID and _ts', () => {
    const row = { EID: '5', _ts: '1741083330', EventData: imageLoadData('0x1F4', 'C:\\Windows\\System32\\user32.dll') };
    const event = eventOf(normalizeRow(row, context));
    expect(event.eventId).toBe(5);
    expect(event.timeMs).toBe(1_741_083_330_000);
    expect(event.processId).toBe(500);
  });

  it('prefers System.TimeStamp over Timestamp over _ts', () => {
    const row = { ...v074Row(5, '2025-03-04T10:00:00Z', imageLoadData('1', 'a.dll')), Timestamp: '2025-03-04T11:00:00Z', _ts: 1 };
    expect(eventOf(normalizeRow(row, context)).timeMs).toBe(Date.UTC(2025, 2, 4, 10));
  });

  it('takes the host from Hostname, Fqdn, Computer, System.Computer, then ClientId', () => {
    const base = sigmaRow(5, '2025-03-04T10:00:00Z', 'SYS-COMPUTER', imageLoadData('1', 'a.dll'));
    expect(eventOf(normalizeRow({ ...base, ClientId: 'C.1111111111111111', Hostname: 'HOST-A' }, context)).host).toBe('HOST-A');
    expect(eventOf(normalizeRow({ ...base, ClientId: 'C.1111111111111111', Fqdn: 'b.corp.local' }, context)).host).toBe('b.corp.local');
    expect(eventOf(normalizeRow({ ...base, Computer: 'TOP-C' }, context)).host).toBe('TOP-C');
    expect(eventOf(normalizeRow({ ...base, ClientId: 'C.1111111111111111' }, context)).host).toBe('SYS-COMPUTER');
    const noSystemHost = artifactRow(5, 1, imageLoadData('1', 'a.dll'));
    expect(eventOf(normalizeRow({ ...noSystemHost, ClientId: 'C.1111111111111111' }, context)).host).toBe('C.1111111111111111');
  });
});

describe('normalizeRow: ignored rows', () => {
  it('ignores other Kernel-Process events such as rundown 15', () => {
    expect(normalizeRow(v074Row(15, '2025-03-04T10:00:00Z', { ProcessID: '4' }), context)).toEqual({ kind: 'ignored', reason: 'event id 15' });
  });

  it('ignores event 1 of other providers, by ProviderGUID, ProviderID and Channel', () => {
    const dns = { ...v074Row(1, '2025-03-04T10:00:00Z', imageLoadData('1', 'a.dll')), ProviderGUID: '{1C95126E-7EEA-49A9-A3FE-A378B03DDB4D}' };
    expect(normalizeRow(dns, context)).toEqual({ kind: 'ignored', reason: 'provider {1C95126E-7EEA-49A9-A3FE-A378B03DDB4D}' });
    const otherRaw = rawHeaderRow(1, '2025-03-04T10:00:00Z', imageLoadData('1', 'a.dll'), false);
    Object.assign(Object(otherRaw.System), { ProviderID: { Data1: 1, Data2: 2, Data3: 3, Data4: [] } });
    expect(normalizeRow(otherRaw, context)).toEqual({ kind: 'ignored', reason: 'provider ProviderID.Data1 1' });
    const powerShell = sigmaRow(1, '2025-03-04T10:00:00Z', 'W', imageLoadData('1', 'a.dll'));
    const powerShellRow = { ...powerShell, System: { Channel: 'Microsoft-Windows-PowerShell/Operational', EventID: { Value: 1 } } };
    expect(normalizeRow(powerShellRow, context)).toEqual({ kind: 'ignored', reason: 'provider Microsoft-Windows-PowerShell/Operational' });
  });

  it('accepts the provider GUID in lower case without braces', () => {
    const row = { ...v074Row(5, '2025-03-04T10:00:00Z', imageLoadData('1', 'a.dll')), ProviderGUID: '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716' };
    expect(normalizeRow(row, context).kind).toBe('event');
  });
});

describe('normalizeRow: problems', () => {
  const time = '2025-03-04T10:00:00Z';
  const cases: [string, unknown, string, boolean][] = [
    ['array', [1, 2], 'row is not a JSON object', false],
    ['number', 42, 'row is not a JSON object', false],
    ['null', null, 'row is not a JSON object', false],
    ['Sysmon flat row', { EventID: 1, Image: 'C:\\x.exe', Hostname: 'H' }, 'missing event id (System.ID, System.EventID or EID)', false],
    ['System as text', { System: 'x', EventData: {} }, 'System is not an object', false],
    ['event id of wrong type', { System: { ID: true, TimeStamp: time }, EventData: {} }, 'System.ID is not an event id: true', true],
    ['event id text', { EID: 'start', EventData: {} }, 'EID is not an event id: "start"', true],
    ['missing EventData', { System: { ID: 1, TimeStamp: time } }, 'missing EventData', true],
    ['EventData as text', { System: { ID: 1, TimeStamp: time }, EventData: '{}' }, 'EventData is not an object', true],
    ['missing ImageName', v074Row(1, time, { ProcessID: '5' }), 'missing EventData.ImageName', true],
    ['missing ImageName for ImageLoad', v074Row(5, time, { ProcessID: '5' }), 'missing EventData.ImageName', true],
    ['numeric ImageName', v074Row(6, time, { ProcessID: '5', ImageName: 7 }), 'EventData.ImageName is not a string: 7', true],
    ['empty ImageName', v074Row(1, time, { ProcessID: '5', ImageName: '' }), 'empty EventData.ImageName', true],
    ['unparsable TimeStamp', v074Row(5, 'soon', imageLoadData('1', 'a.dll')), 'unparsable System.TimeStamp "soon"', true],
    ['impossible _ts', artifactRow(5, -5, imageLoadData('1', 'a.dll')), 'unparsable _ts -5', true],
    ['no time at all', artifactRow(5, undefined, imageLoadData('1', 'a.dll')), 'missing time (System.TimeStamp, Timestamp or _ts)', true],
  ];
  for (const [name, row, reason, looksLikeEtw] of cases) {
    it(`rejects ${name}`, () => {
      expect(normalizeRow(row, context)).toEqual({ kind: 'problem', reason, looksLikeEtw });
    });
  }

  it('keeps an empty ImageName of ProcessStop (a bare name may be empty)', () => {
    const row = v074Row(2, time, { ProcessID: '5' });
    expect(eventOf(normalizeRow(row, context)).imageName).toBe('');
  });
});
