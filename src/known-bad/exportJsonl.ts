/**
 * Known-bad events as JSON Lines in the row shape of Velociraptor 0.74+ `watch_etw()`
 * (Microsoft-Windows-Kernel-Process event 1), so any reader of those captures reads them back.
 * Each row carries `Synthetic: "true"`, its kind and note, so it is never mistaken for real data.
 */
import { isKnownBadKind, type KnownBadEvent } from './types';

export const KERNEL_PROCESS_PROVIDER = '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}';

/** A 0.74+ row: `EventData` values are strings, as TdhFormatProperty renders them. */
export interface VelociraptorRow {
  System: { ID: 1; ProcessID: number; TimeStamp: string; Provider: string; OpCode: 1 };
  ProviderGUID: string;
  EventData: Record<string, string>;
  Backtrace: never[];
  Hostname: string;
}

/** One event as a Velociraptor row. */
export function toVelociraptorRow(event: KnownBadEvent): VelociraptorRow {
  const time = new Date(event.timeMs).toISOString();
  const eventData: Record<string, string> = {
    ProcessID: String(event.processId),
    ParentProcessID: String(event.parentProcessId),
    CreateTime: time,
    ImageName: event.imageName,
    Synthetic: 'true',
    EtwLabKind: event.kind,
    EtwLabSession: String(event.sessionId),
    EtwLabNote: event.note,
  };
  // Kernel-Process has no parent path; carried like Sysmon's ParentImage so it is not lost.
  if (event.parentImage !== null) eventData.ParentImage = event.parentImage;
  return {
    // The kernel logs a process start in the context of the process that created it.
    System: { ID: 1, ProcessID: event.parentProcessId, TimeStamp: time, Provider: KERNEL_PROCESS_PROVIDER, OpCode: 1 },
    ProviderGUID: KERNEL_PROCESS_PROVIDER,
    EventData: eventData,
    Backtrace: [],
    Hostname: event.host,
  };
}

/** Events as JSON Lines, one row per line, ending with a newline. */
export function toJsonl(events: readonly KnownBadEvent[]): string {
  return events.map((event) => `${JSON.stringify(toVelociraptorRow(event))}\n`).join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === 'string' ? value : null;
}

function integer(record: Record<string, unknown>, key: string): number | null {
  const value = text(record, key);
  return value !== null && /^-?\d+$/.test(value) ? Number(value) : null;
}

/**
 * Reads back a row written by {@link toVelociraptorRow} (for importing an exported set as
 * examples); null when the row is not an EtwLab synthetic known-bad row.
 */
export function fromVelociraptorRow(row: unknown): KnownBadEvent | null {
  if (!isRecord(row) || !isRecord(row.System) || !isRecord(row.EventData)) return null;
  const data = row.EventData;
  const kind = text(data, 'EtwLabKind');
  const timeText = row.System.TimeStamp;
  if (text(data, 'Synthetic') !== 'true' || !isKnownBadKind(kind) || row.System.ID !== 1 || typeof timeText !== 'string') return null;
  const processId = integer(data, 'ProcessID');
  const parentProcessId = integer(data, 'ParentProcessID');
  const imageName = text(data, 'ImageName');
  const timeMs = Date.parse(timeText);
  if (processId === null || parentProcessId === null || imageName === null || Number.isNaN(timeMs)) return null;
  return {
    eventId: 1,
    timeMs,
    host: typeof row.Hostname === 'string' ? row.Hostname : '',
    imageName,
    parentImage: text(data, 'ParentImage'),
    processId,
    parentProcessId,
    kind,
    sessionId: integer(data, 'EtwLabSession') ?? 0,
    note: text(data, 'EtwLabNote') ?? '',
  };
}
