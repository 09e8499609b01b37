import { describe, expect, it } from 'vitest';
import { normalizeRow } from './normalizeRow';
import { normalizeContext } from './fieldParsers';
import type { NormalizeResult } from './normalizeRow';
import type { NormalizedEvent } from './types';

const context = normalizeContext('fallback');

/** Sysmon 1 EventData as in the OTRF datasets (values abridged). */
const sysmon1 = {
  UtcTime: '2020-10-22 06:57:59.855',
  ProcessGuid: '{39e4a257-2d77-5f91-6b13-000000000700}',
  ProcessId: '10980',
  Image: 'C:\\Windows\\System32\\mshta.exe',
  CommandLine: 'mshta  vbscript:Execute("x")',
  CurrentDirectory: 'C:\\Users\\wardog\\',
  User: 'WORKSTATION5\\wardog',
  IntegrityLevel: 'High',
  ParentProcessGuid: '{39e4a257-2d59-5f91-6813-000000000700}',
  ParentProcessId: '5888',
  ParentImage: 'C:\\Windows\\System32\\cmd.exe',
  ParentCommandLine: '"C:\\windows\\system32\\cmd.exe" ',
};
const security4688 = {
  SubjectUserName: 'wardog',
  SubjectDomainName: 'WORKSTATION5',
  NewProcessId: '0x2ae4',
  NewProcessName: 'C:\\Windows\\System32\\mshta.exe',
  ProcessId: '0x1700',
  CommandLine: 'mshta  vbscript:Execute("x")',
  TargetUserName: '-',
  TargetDomainName: '-',
  ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
};

const start: NormalizedEvent = {
  eventId: 1,
  timeMs: Date.UTC(2020, 9, 22, 6, 57, 59, 855),
  host: 'WORKSTATION5',
  processId: 10980,
  parentProcessId: 5888,
  processSequence: -1,
  parentProcessSequence: -1,
  imageName: 'C:\\Windows\\System32\\mshta.exe',
  createTimeMs: Date.UTC(2020, 9, 22, 6, 57, 59, 855),
  parentImage: 'C:\\Windows\\System32\\cmd.exe',
  commandLine: 'mshta  vbscript:Execute("x")',
  user: 'WORKSTATION5\\wardog',
};
/** 0x2ae4 = 10980, 0x1700 = 5888; 4688 has no UtcTime, so the record time counts. */
const securityStart: NormalizedEvent = {
  ...start,
  timeMs: Date.UTC(2020, 9, 22, 2, 57, 59, 856),
  createTimeMs: Number.NaN,
};

function event(result: NormalizeResult): NormalizedEvent | null {
  return result.kind === 'event' ? result.event : null;
}

describe('event log records: layouts', () => {
  it('reads the flat layout (OTRF 2020+): fields beside EventID, Hostname, @timestamp, Channel; UtcTime wins over @timestamp', () => {
    const row = { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WORKSTATION5', '@timestamp': '2020-10-22T02:57:59.857Z', ...sysmon1 };
    expect(normalizeRow(row, context)).toEqual({ kind: 'event', event: start });
    const security = { EventID: 4688, Channel: 'security', Hostname: 'WORKSTATION5', '@timestamp': '2020-10-22T02:57:59.856Z', ...security4688 };
    expect(normalizeRow(security, context)).toEqual({ kind: 'event', event: { ...securityStart, user: 'WORKSTATION5\\wardog' } });
  });

  it('reads winlogbeat 6 (event_id, computer_name, event_data) and 7+ (winlog)', () => {
    const beat6 = {
      '@timestamp': '2020-10-22T02:57:59.856Z',
      event_id: 4688,
      log_name: 'Security',
      source_name: 'Microsoft-Windows-Security-Auditing',
      computer_name: 'WORKSTATION5',
      host: { name: 'WECserver' },
      event_data: security4688,
    };
    expect(event(normalizeRow(beat6, context))).toEqual(securityStart);
    const beat7 = {
      '@timestamp': '2020-10-22T02:57:59.857Z',
      host: { name: 'WECserver' },
      winlog: { event_id: 1, channel: 'Microsoft-Windows-Sysmon/Operational', computer_name: 'WORKSTATION5', event_data: sysmon1 },
    };
    expect(event(normalizeRow(beat7, context))).toEqual(start);
  });

  it('reads evtx_dump records (Event.System, TimeCreated #attributes, #text event ids, Data lists)', () => {
    const dumped = {
      Event: {
        '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' } },
          EventID: 1,
          TimeCreated: { '#attributes': { SystemTime: '2020-10-22T06:57:59.857Z' } },
          Channel: 'Microsoft-Windows-Sysmon/Operational',
          Computer: 'WORKSTATION5',
        },
        EventData: sysmon1,
      },
    };
    expect(event(normalizeRow(dumped, context))).toEqual(start);
    const withQualifiers = {
      Event: {
        System: {
          Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } },
          EventID: { '#attributes': { Qualifiers: '' }, '#text': 4688 },
          TimeCreated: { '#attributes': { SystemTime: '2020-10-22T02:57:59.856Z' } },
          Channel: 'Security',
          Computer: 'WORKSTATION5',
        },
        EventData: { Data: Object.entries(security4688).map(([Name, text]) => ({ '#attributes': { Name }, '#text': text })) },
      },
    };
    expect(event(normalizeRow(withQualifiers, context))).toEqual(securityStart);
  });

  it('reads Velociraptor parse_evtx rows (System.Channel, EventID.Value, TimeCreated.SystemTime in seconds)', () => {
    const row = {
      System: {
        Provider: { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' },
        EventID: { Value: 1 },
        TimeCreated: { SystemTime: 1603349879.857 },
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: 'WORKSTATION5',
      },
      EventData: sysmon1,
    };
    expect(event(normalizeRow(row, context))).toEqual(start);
    const noUtcTime = { ...row, EventData: { ...sysmon1, UtcTime: undefined } };
    // 1603349879.857 s = 2020-10-22T06:57:59.857Z
    expect(event(normalizeRow(noUtcTime, context))?.timeMs).toBe(Date.UTC(2020, 9, 22, 6, 57, 59, 857));
  });
});

describe('event log records: events', () => {
  const flat = (eventId: number, channel: string, data: Record<string, unknown>): Record<string, unknown> => ({
    EventID: eventId,
    Channel: channel,
    '@timestamp': '2020-10-22T02:58:00.599Z',
    ...data,
  });
  const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

  it('maps Sysmon 5 to a process stop and Sysmon 7 to an image load of ImageLoaded by Image', () => {
    const stop = flat(5, SYSMON, { UtcTime: '2020-10-22 06:58:00.584', ProcessId: '10980', Image: 'C:\\Windows\\System32\\mshta.exe' });
    expect(event(normalizeRow(stop, context))).toEqual({
      eventId: 2,
      timeMs: Date.UTC(2020, 9, 22, 6, 58, 0, 584),
      host: 'fallback',
      processId: 10980,
      parentProcessId: -1,
      processSequence: -1,
      parentProcessSequence: -1,
      imageName: 'C:\\Windows\\System32\\mshta.exe',
      createTimeMs: Number.NaN,
      parentImage: null,
    });
    const load = flat(7, SYSMON, {
      UtcTime: '2020-10-22 06:57:58.878',
      ProcessId: '8288',
      Image: 'C:\\Windows\\System32\\conhost.exe',
      ImageLoaded: 'C:\\Windows\\System32\\edputil.dll',
      Hostname: 'WORKSTATION5',
    });
    expect(event(normalizeRow(load, context))).toEqual({
      eventId: 5,
      timeMs: Date.UTC(2020, 9, 22, 6, 57, 58, 878),
      host: 'WORKSTATION5',
      processId: 8288,
      parentProcessId: -1,
      processSequence: -1,
      parentProcessSequence: -1,
      imageName: 'C:\\Windows\\System32\\edputil.dll',
      createTimeMs: Number.NaN,
      parentImage: 'C:\\Windows\\System32\\conhost.exe',
    });
  });

  it('maps Security 4689 to a process stop with its hex pid, and 4688 without ParentProcessName to no parent image', () => {
    const stop = flat(4689, 'Security', {
      ProcessName: 'C:\\Windows\\System32\\mshta.exe',
      ProcessId: '0x2ae4',
      SubjectUserName: 'wardog',
      SubjectDomainName: 'W5',
    });
    const stopped = event(normalizeRow(stop, context));
    expect([stopped?.eventId, stopped?.processId, stopped?.imageName, stopped?.user, stopped?.timeMs]).toEqual([
      2,
      0x2ae4,
      'C:\\Windows\\System32\\mshta.exe',
      'W5\\wardog',
      Date.UTC(2020, 9, 22, 2, 58, 0, 599),
    ]);
    const old = Object.fromEntries(Object.entries(security4688).filter(([key]) => key !== 'ParentProcessName' && key !== 'CommandLine'));
    const oldStart = event(normalizeRow(flat(4688, 'Security', old), context));
    expect(oldStart?.parentImage).toBeNull();
    expect(oldStart?.parentProcessId).toBe(0x1700);
    expect(oldStart !== null && 'commandLine' in oldStart).toBe(false);
  });

  it('treats "-" as unknown: a Sysmon ParentImage of "-" is no parent', () => {
    const row = flat(1, SYSMON, { ...sysmon1, ParentImage: '-', User: '-' });
    const result = event(normalizeRow(row, context));
    expect(result?.parentImage).toBeNull();
    expect(result !== null && 'user' in result).toBe(false);
  });

  it('ignores other events of these logs and other logs, naming them', () => {
    expect(normalizeRow(flat(13, SYSMON, { Image: 'x.exe' }), context)).toEqual({ kind: 'ignored', reason: 'Sysmon event 13' });
    expect(normalizeRow(flat(4658, 'security', {}), context)).toEqual({ kind: 'ignored', reason: 'Security event 4658' });
    expect(normalizeRow(flat(4104, 'Microsoft-Windows-PowerShell/Operational', {}), context)).toEqual({
      kind: 'ignored',
      reason: 'Microsoft-Windows-PowerShell/Operational event 4104',
    });
    // Event 1 of the System log is not a process start.
    expect(normalizeRow(flat(1, 'System', {}), context)).toEqual({ kind: 'ignored', reason: 'System event 1' });
    const byProvider = { EventID: 1, SourceName: 'Microsoft-Windows-Sysmon', '@timestamp': '2020-10-22T02:58:00Z', ...sysmon1 };
    expect(event(normalizeRow(byProvider, context))?.imageName).toBe(sysmon1.Image);
  });

  it('rejects process records without an image or a time, as ETW-shaped problems', () => {
    expect(normalizeRow(flat(1, SYSMON, { ...sysmon1, Image: '' }), context)).toEqual({
      kind: 'problem',
      reason: 'Sysmon event 1 without Image',
      looksLikeEtw: true,
    });
    const noTime = { EventID: 4688, Channel: 'Security', ...security4688 };
    expect(normalizeRow(noTime, context)).toEqual({
      kind: 'problem',
      reason: 'Security event 4688 without a readable time (UtcTime, @timestamp, TimeCreated)',
      looksLikeEtw: true,
    });
    expect(normalizeRow({ EventID: 'x', Channel: 'Security' }, context)).toEqual({
      kind: 'problem',
      reason: 'Security record without a readable event id',
      looksLikeEtw: true,
    });
  });
});
