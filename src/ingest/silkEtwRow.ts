/**
 * SilkETW JSON Lines (docs/formats.md §3): `ProviderGuid` lower case without braces, `EventName`
 * such as "ProcessStart/Start" instead of an event id, `TimeStamp` with an offset, and the
 * payload in `XmlEventData` as strings, numbers with thousands separators ("8,416").
 */
import { EventId } from './types';
import type { KnownEventId, NormalizedEvent } from './types';
import { parseIntegerField } from './integerField';
import type { NormalizeContext } from './normalizeRow';

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KERNEL_PROCESS_GUID = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';

/** TraceEvent names an event "Task/Opcode"; the task tells the Kernel-Process event. */
const EVENT_BY_TASK: Readonly<Record<string, KnownEventId>> = {
  ProcessStart: EventId.ProcessStart,
  ProcessStop: EventId.ProcessStop,
  ImageLoad: EventId.ImageLoad,
  ImageUnload: EventId.ImageUnload,
};

/** True for a SilkETW row: an EventName and an XmlEventData payload. */
export function isSilkEtwRow(row: JsonObject): boolean {
  return typeof row.EventName === 'string' && isJsonObject(row.XmlEventData);
}

export type SilkEtwResult =
  | { readonly kind: 'event'; readonly event: NormalizedEvent }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'problem'; readonly reason: string };

/** One SilkETW row (see {@link isSilkEtwRow}) → a Kernel-Process event, or why not. */
export function normalizeSilkEtwRow(row: JsonObject, context: NormalizeContext): SilkEtwResult {
  const guid = typeof row.ProviderGuid === 'string' ? row.ProviderGuid.replace(/[{}]/g, '').toLowerCase() : '';
  if (guid !== KERNEL_PROCESS_GUID && row.ProviderName !== 'Microsoft-Windows-Kernel-Process') {
    return { kind: 'ignored', reason: `provider ${typeof row.ProviderName === 'string' ? row.ProviderName : guid}` };
  }
  const eventName = typeof row.EventName === 'string' ? row.EventName : '';
  const slash = eventName.indexOf('/');
  const eventId = EVENT_BY_TASK[slash < 0 ? eventName : eventName.slice(0, slash)];
  if (eventId === undefined) return { kind: 'ignored', reason: `event ${eventName}` };
  const data = row.XmlEventData;
  if (!isJsonObject(data)) return { kind: 'problem', reason: 'XmlEventData is not an object' };
  const image = data.ImageName;
  if (typeof image !== 'string' || (image === '' && eventId !== EventId.ProcessStop)) {
    return { kind: 'problem', reason: `${eventName} without XmlEventData.ImageName` };
  }
  const times = context.parsers.times;
  const timeMs = times.valueToMs(row.TimeStamp);
  if (Number.isNaN(timeMs)) return { kind: 'problem', reason: `${eventName} without a readable TimeStamp` };
  const isProcessEvent = eventId === EventId.ProcessStart || eventId === EventId.ProcessStop;
  const payloadPid = parseIntegerField(data.ProcessID);
  const createTime = data.CreateTime;
  const event: NormalizedEvent = {
    eventId,
    timeMs,
    host: (typeof row.Hostname === 'string' && row.Hostname !== '' ? row.Hostname : null) ?? context.fallbackHost,
    // An image load's header pid is the loading process, as its payload ProcessID is.
    processId: payloadPid >= 0 || isProcessEvent ? payloadPid : parseIntegerField(row.ProcessID),
    parentProcessId: eventId === EventId.ProcessStart ? parseIntegerField(data.ParentProcessID) : -1,
    processSequence: isProcessEvent ? parseIntegerField(data.ProcessSequenceNumber) : -1,
    parentProcessSequence: eventId === EventId.ProcessStart ? parseIntegerField(data.ParentProcessSequenceNumber) : -1,
    imageName: image,
    createTimeMs: isProcessEvent && typeof createTime === 'string' ? times.parseMarked(createTime) : Number.NaN,
    parentImage: null,
  };
  return { kind: 'event', event };
}
