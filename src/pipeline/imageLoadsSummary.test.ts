import { describe, expect, it } from 'vitest';
import { Label, appendEvent, emptyFrame } from '../frame/frame';
import { NO_FILTER, filterMask } from '../frame/query';
import type { NormalizedEvent } from '../ingest/types';
import { imageLoadFilter, isUsualDllFolder, summariseImageLoads } from './imageLoadsSummary';

function load(dll: string, loadedBy: string | null, host = 0): [NormalizedEvent, number] {
  return [
    {
      eventId: 5,
      timeMs: Date.UTC(2025, 2, 4, 10),
      host: null,
      processId: 1,
      parentProcessId: -1,
      processSequence: -1,
      parentProcessSequence: -1,
      imageName: dll,
      createTimeMs: Number.NaN,
      parentImage: loadedBy,
    },
    host,
  ];
}

const SYS = 'C:\\Windows\\System32\\';
const DEV = '\\Device\\HarddiskVolume3\\Windows\\System32\\';
const EXPLORER = 'C:\\Windows\\explorer.exe';
const CMD = 'C:\\Windows\\System32\\cmd.exe';
const WORD = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE';

/** 10 loads by hand: ntdll everywhere, a DLL from Temp, a start row that must not count. */
function frameOfLoads() {
  const frame = emptyFrame(16);
  const rows: [NormalizedEvent, number][] = [
    load(`${SYS}ntdll.dll`, EXPLORER),
    load(`${DEV}ntdll.dll`, CMD),
    load(`${SYS}NTDLL.DLL`, WORD),
    load(`${SYS}kernel32.dll`, EXPLORER),
    load(`${SYS}kernel32.dll`, CMD),
    load('C:\\Users\\bob\\AppData\\Local\\Temp\\evil.dll', WORD),
    load('C:\\Users\\bob\\AppData\\Local\\Temp\\evil.dll', WORD),
    load('C:\\Users\\bob\\AppData\\Local\\Temp\\helper.dll', CMD),
    load('C:\\Program Files (x86)\\Vendor\\vendor.dll', WORD),
    load(`${SYS}winspool.drv`, null, 1),
  ];
  for (const [event, host] of rows) appendEvent(frame, event, { hostCode: host, sourceCode: 0, label: Label.Unlabelled, isSynthetic: false });
  const start: NormalizedEvent = { ...load(CMD, EXPLORER)[0], eventId: 1 };
  appendEvent(frame, start, { hostCode: 0, sourceCode: 0, label: Label.Unlabelled, isSynthetic: false });
  return frame;
}

describe('isUsualDllFolder', () => {
  it('accepts the system and program folders and below, on any case, and nothing else', () => {
    expect(
      [
        '\\Windows\\System32',
        '\\windows\\system32\\wbem',
        '\\Windows\\SysWOW64',
        '\\Windows\\WinSxS\\amd64_x',
        '\\Program Files',
        '\\Program Files (x86)\\V',
        '\\Windows\\Microsoft.NET\\Framework64',
      ].map(isUsualDllFolder),
    ).toEqual([true, true, true, true, true, true, true]);
    expect(['\\Windows', '\\Windows\\System32Evil', '\\Users\\bob\\AppData\\Local\\Temp', '\\ProgramData', '\\Windows\\Temp'].map(isUsualDllFolder)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('summariseImageLoads', () => {
  it('counts DLLs, folders, unusual folders and per-process load sets of image loads only', () => {
    const frame = frameOfLoads();
    const summary = summariseImageLoads(frame, filterMask(frame, imageLoadFilter(NO_FILTER)), 10);
    expect([summary.loads, summary.distinctDlls, summary.distinctFolders, summary.loadingProcesses, summary.unattributed]).toEqual([10, 6, 3, 3, 1]);
    // ntdll: 3 loads by explorer, cmd, WINWORD; kernel32: 2 by explorer, cmd; evil: 2 by WINWORD.
    expect(summary.topDlls.slice(0, 3)).toEqual([
      { name: 'ntdll.dll', loads: 3, processes: 3 },
      { name: 'evil.dll', loads: 2, processes: 1 },
      { name: 'kernel32.dll', loads: 2, processes: 2 },
    ]);
    expect(summary.topFolders).toEqual([
      { folder: '\\Windows\\System32', loads: 6, isUnusual: false },
      { folder: '\\Users\\bob\\AppData\\Local\\Temp', loads: 3, isUnusual: true },
      { folder: '\\Program Files (x86)\\Vendor', loads: 1, isUnusual: false },
    ]);
    expect(summary.unusualLoads).toBe(3);
    expect(summary.unusualFolders).toEqual([
      { folder: '\\Users\\bob\\AppData\\Local\\Temp', loads: 3, dlls: ['evil.dll', 'helper.dll'], processes: ['WINWORD.EXE', 'cmd.exe'] },
    ]);
    // WINWORD: 4 loads (ntdll, evil ×2, vendor); cmd: 3 (ntdll, kernel32, helper); explorer: 2.
    expect(summary.processes.map((p) => [p.name, p.loads, p.dlls])).toEqual([
      ['WINWORD.EXE', 4, 3],
      ['cmd.exe', 3, 3],
      ['explorer.exe', 2, 2],
    ]);
    // Rarest first: loaded by 1 process (fewer loads first), then by 3.
    expect(summary.processes[0]?.rarest).toEqual([
      { name: 'vendor.dll', loads: 1, processes: 1 },
      { name: 'evil.dll', loads: 2, processes: 1 },
      { name: 'ntdll.dll', loads: 3, processes: 3 },
    ]);
    expect(summary.processes[1]?.rarest.map((d) => d.name)).toEqual(['helper.dll', 'kernel32.dll', 'ntdll.dll']);
  });

  it('keeps the host filter and cuts lists at topN', () => {
    const frame = frameOfLoads();
    const hostOne = summariseImageLoads(frame, filterMask(frame, imageLoadFilter({ ...NO_FILTER, hostCodes: [1], eventIds: [1] })), 10);
    expect([hostOne.loads, hostOne.unattributed, hostOne.topDlls.map((d) => d.name)]).toEqual([1, 1, ['winspool.drv']]);
    const top1 = summariseImageLoads(frame, filterMask(frame, imageLoadFilter(NO_FILTER)), 1);
    expect([top1.topDlls.length, top1.topFolders.length, top1.processes.length]).toEqual([1, 1, 1]);
  });
});
