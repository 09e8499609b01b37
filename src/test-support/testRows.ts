/**
 * Row builders for tests, one per row shape of docs/formats.md §1, with realistic values. Each takes
 * the EventData and the time so tests state the values they assert.
 */

export const KERNEL_PROCESS_GUID_TEXT = '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}';

/** ProviderID as the raw EVENT_HEADER renders a GUID (Velociraptor ≤0.73). */
export const KERNEL_PROCESS_PROVIDER_ID = {
  Data1: 586886358,
  Data2: 3707,
  Data3: 16939,
  Data4: [160, 199, 47, 173, 31, 208, 231, 22],
};

/** A CreateTime as TdhFormatProperty renders it: U+200E before each date part. */
export function markedTime(year: string, month: string, dayAndTime: string): string {
  return `\u200e${year}\u200e-\u200e${month}\u200e-\u200e${dayAndTime}`;
}

/** Velociraptor 0.74+ watch_etw row. */
export function v074Row(id: number, timeStamp: string, eventData: Record<string, unknown>, emitterPid = 4): Record<string, unknown> {
  return {
    System: { ID: id, ProcessID: emitterPid, TimeStamp: timeStamp, Provider: KERNEL_PROCESS_GUID_TEXT, OpCode: id === 2 ? 2 : 1 },
    ProviderGUID: KERNEL_PROCESS_GUID_TEXT,
    EventData: eventData,
    Backtrace: [],
  };
}

/** Velociraptor 0.7.1–0.73 (with ProviderGUID) or ≤0.7.0 (without) row: System is the raw EVENT_HEADER. */
export function rawHeaderRow(id: number, timeStamp: string | number, eventData: Record<string, unknown>, hasProviderGuid: boolean): Record<string, unknown> {
  const system = {
    ID: id,
    Version: 3,
    Channel: 16,
    Level: 4,
    OpCode: 1,
    Task: 1,
    Keyword: Number('9223372036854775824'),
    ThreadID: 7312,
    ProcessID: 5916,
    TimeStamp: timeStamp,
    ProviderID: KERNEL_PROCESS_PROVIDER_ID,
    ActivityID: { Data1: 0, Data2: 0, Data3: 0, Data4: [0, 0, 0, 0, 0, 0, 0, 0] },
    Flags: 576,
    KernelTime: 0,
    UserTime: 0,
    ProcessorTime: 0,
  };
  return hasProviderGuid ? { System: system, ProviderGUID: KERNEL_PROCESS_GUID_TEXT, EventData: eventData } : { System: system, EventData: eventData };
}

/** Velociraptor's Sigma event model row (as in data/velociraptor/KernelProcess.json). */
export function sigmaRow(id: number, timestamp: string, computer: string, eventData: Record<string, unknown>): Record<string, unknown> {
  return {
    Timestamp: timestamp,
    System: {
      Channel: 'Microsoft-Windows-Kernel-Process',
      Computer: computer,
      EventType: id === 1 ? 'ProcessStart' : 'ImageLoad',
      EventID: { Value: id },
    },
    EventData: eventData,
  };
}

/** Windows.ETW.KernelProcess artifact row: no System, only _ts as time. */
export function artifactRow(id: number, ts: number | undefined, eventData: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {
    EID: id,
    EventType: id === 1 ? 'ProcessStart' : id === 2 ? 'ProcessStop' : id === 5 ? 'ImageLoad' : 'ImageUnload',
    ParentProcInfo: { Name: 'explorer.exe', Exe: 'C:\\Windows\\explorer.exe' },
    ParentCallChain: ['C:\\Windows\\System32\\winlogon.exe', 'C:\\Windows\\explorer.exe'],
    EventData: eventData,
  };
  if (ts !== undefined) row._ts = ts;
  return row;
}

/** EventData of a ProcessStart v3. */
export function processStartData(
  pid: string,
  sequence: string,
  parentPid: string,
  parentSequence: string,
  createTime: string,
  imageName: string,
): Record<string, unknown> {
  return {
    ProcessID: pid,
    ProcessSequenceNumber: sequence,
    CreateTime: createTime,
    ParentProcessID: parentPid,
    ParentProcessSequenceNumber: parentSequence,
    SessionID: '1',
    Flags: '0',
    ProcessTokenElevationType: '3',
    ProcessTokenIsElevated: '0',
    MandatoryLabel: 'S-1-16-8192',
    ImageName: imageName,
    ImageChecksum: '0x6C1F1',
    TimeDateStamp: '0x5C3E4D2A',
    PackageFullName: '',
    PackageRelativeAppId: '',
  };
}

/** EventData of a ProcessStop v2: ImageName is the bare file name. */
export function processStopData(pid: string, sequence: string, createTime: string, exitTime: string, imageName: string): Record<string, unknown> {
  return {
    ProcessID: pid,
    ProcessSequenceNumber: sequence,
    CreateTime: createTime,
    ExitTime: exitTime,
    ExitCode: '0',
    TokenElevationType: '3',
    HandleCount: '48',
    CommitCharge: '1245184',
    CommitPeak: '1351680',
    CPUCycleCount: '17623145',
    ReadOperationCount: '2',
    WriteOperationCount: '0',
    ReadTransferKiloBytes: '12',
    WriteTransferKiloBytes: '0',
    HardFaultCount: '0',
    ImageName: imageName,
  };
}

/** EventData of an ImageLoad/ImageUnload. */
export function imageLoadData(pid: string, imageName: string): Record<string, unknown> {
  return {
    ImageBase: '0x7FFB2C4A0000',
    ImageSize: '0x1F8000',
    ProcessID: pid,
    ImageCheckSum: '0x1F9A3B',
    TimeDateStamp: '0x8E3C7F21',
    DefaultBase: '0x7FFB2C4A0000',
    ImageName: imageName,
  };
}
