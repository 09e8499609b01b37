/**
 * One parsed capture row → one NormalizedEvent, whatever Velociraptor release or artifact wrote
 * it (docs/formats.md §1). This runs once per row of multi-GB files, so it reads properties directly
 * and allocates only the result.
 */
import { eventLogRecordOf, normalizeEventLogRecord } from './eventLogRow';
import type { EventLogResult } from './eventLogRow';
import { isSilkEtwRow, normalizeSilkEtwRow } from './silkEtwRow';
import { isKnownEventId } from './types';
import type { KnownEventId, NormalizedEvent } from './types';
import type { TimestampParser } from './timestamp';
import { parseIntegerField } from './integerField';
import { ownString } from '../lib/ownString';
import type { FieldParsers } from './fieldParsers';

/** Microsoft-Windows-Kernel-Process, lower case without braces. */
/** The Kernel-Process provider GUID, lower case, without braces. */
export const KERNEL_PROCESS_PROVIDER_GUID = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';
/** Data1 of the provider GUID, as the raw EVENT_HEADER (≤0.73) renders ProviderID. */
const KERNEL_PROCESS_GUID_DATA1 = 0x22fb2cd6;
const KERNEL_PROCESS_CHANNEL = 'Microsoft-Windows-Kernel-Process';

/** What the normaliser needs besides the row. */
export interface NormalizeContext {
  /** Host for rows that name none (from the caller or the file name); null keeps it unknown. */
  readonly fallbackHost: string | null;
  /** The file's field parsers, with what they keep between its rows. */
  readonly parsers: FieldParsers;
}

/** Outcome for one row: an event, a valid row EtwLab does not model, or a rejected row. */
export type NormalizeResult =
  | { readonly kind: 'event'; readonly event: NormalizedEvent }
  | { readonly kind: 'ignored'; readonly reason: string }
  | {
      readonly kind: 'problem';
      readonly reason: string;
      /** The row has an ETW event id, so the file is an ETW capture even if this row is bad. */
      readonly looksLikeEtw: boolean;
    };

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(reason: string, looksLikeEtw: boolean): NormalizeResult {
  return { kind: 'problem', reason, looksLikeEtw };
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Short rendering of a bad value for a problem reason (never walks nested values). */
function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/** Tells the Kernel-Process provider GUID text; one per file (FieldParsers), whose rows repeat the same text. */
export class KernelProcessGuids {
  /** The last text that matched. */
  private lastMatch = '';

  /** True for the Kernel-Process provider GUID in any case, with or without braces. */
  isKernelProcessGuidText(text: string): boolean {
    if (text === this.lastMatch) return true;
    let start = 0;
    let end = text.length;
    if (text.charCodeAt(0) === 123) start = 1; // '{'
    if (text.charCodeAt(end - 1) === 125) end -= 1; // '}'
    const isKernelProcess = end - start === 36 && text.slice(start, end).toLowerCase() === KERNEL_PROCESS_PROVIDER_GUID;
    // Its own string: the text may be a slice that would keep a whole chunk of the capture alive.
    if (isKernelProcess) this.lastMatch = ownString(text);
    return isKernelProcess;
  }
}

/** The provider a row names when it is not Kernel-Process, else null (also when it names none). */
function otherProvider(row: JsonObject, system: JsonObject | null, guids: KernelProcessGuids): string | null {
  const rowGuid = row.ProviderGUID;
  if (typeof rowGuid === 'string') return guids.isKernelProcessGuidText(rowGuid) ? null : rowGuid;
  if (system === null) return null;
  const provider = system.Provider;
  if (typeof provider === 'string') return guids.isKernelProcessGuidText(provider) ? null : provider;
  const providerId = system.ProviderID;
  if (isJsonObject(providerId) && typeof providerId.Data1 === 'number') {
    return providerId.Data1 === KERNEL_PROCESS_GUID_DATA1 ? null : `ProviderID.Data1 ${providerId.Data1}`;
  }
  const channel = system.Channel;
  if (typeof channel === 'string' && !channel.startsWith(KERNEL_PROCESS_CHANNEL)) return channel;
  return null;
}

function hostOf(row: JsonObject, system: JsonObject | null): string | null {
  return (
    nonEmptyString(row.Hostname) ??
    nonEmptyString(row.Fqdn) ??
    nonEmptyString(row.Computer) ??
    (system === null ? null : (nonEmptyString(system.Computer) ?? nonEmptyString(system.Hostname))) ??
    nonEmptyString(row.ClientId)
  );
}

/** CreateTime/ExitTime carry invisible U+200E marks between the parts of the date. */
function markedTimeToMs(value: unknown, times: TimestampParser): number {
  return typeof value === 'string' ? times.parseMarked(value) : Number.NaN;
}

type TimeResult = number | { readonly reason: string };

/** Event time: System.TimeStamp, else Timestamp (Sigma model), else _ts, else the process's own time. */
function eventTimeOf(row: JsonObject, system: JsonObject | null, data: JsonObject, eventId: KnownEventId, times: TimestampParser): TimeResult {
  let field: string;
  let value: unknown = system === null ? undefined : system.TimeStamp;
  if (value !== undefined && value !== null) {
    field = 'System.TimeStamp';
  } else if ((value = row.Timestamp) !== undefined && value !== null) {
    field = 'Timestamp';
  } else if ((value = row._ts) !== undefined && value !== null && value !== '') {
    field = '_ts';
  } else {
    // Rows of `velociraptor query` (no _ts) of the KernelProcess artifact still carry these.
    const ownTime = eventId === 1 ? data.CreateTime : eventId === 2 ? data.ExitTime : undefined;
    const ms = markedTimeToMs(ownTime, times);
    return Number.isNaN(ms) ? { reason: 'missing time (System.TimeStamp, Timestamp or _ts)' } : ms;
  }
  const ms = times.valueToMs(value);
  return Number.isNaN(ms) ? { reason: `unparsable ${field} ${preview(value)}` } : ms;
}

/** A recognised record of another source is an event row even when it is a bad one. */
function fromOtherSource(result: EventLogResult): NormalizeResult {
  return result.kind === 'problem' ? problem(result.reason, true) : result;
}

/**
 * Normalises one parsed row. Accepts Velociraptor 0.74+ (`System.ID`, RFC 3339
 * `System.TimeStamp`), 0.7.1–0.73 and ≤0.7.0 (raw EVENT_HEADER), the Sigma event model
 * (`System.EventID.Value`, `Timestamp`) and `Windows.ETW.KernelProcess` rows (`EID`, `_ts`);
 * also Sysmon and Security event log records in their JSON layouts (see eventLogRow.ts) and
 * SilkETW rows (see silkEtwRow.ts).
 * Valid rows of other events or providers are `ignored`; rows lacking what an event needs are
 * `problem`s with a short reason.
 */
export function normalizeRow(row: unknown, context: NormalizeContext): NormalizeResult {
  if (!isJsonObject(row)) return problem('row is not a JSON object', false);
  const systemValue = row.System;
  const system = isJsonObject(systemValue) ? systemValue : null;
  // Event log records and SilkETW rows: Kernel-Process rows have no string System.Channel.
  if (system === null || typeof system.Channel === 'string') {
    const logRecord = eventLogRecordOf(row);
    if (logRecord !== null) return fromOtherSource(normalizeEventLogRecord(logRecord, context));
    if (system === null && isSilkEtwRow(row)) return fromOtherSource(normalizeSilkEtwRow(row, context));
  }

  let idValue: unknown;
  let idField = 'System.ID';
  if (system !== null) {
    idValue = system.ID;
    if (idValue === undefined) {
      const eventIdValue = system.EventID;
      idField = 'System.EventID';
      idValue = isJsonObject(eventIdValue) ? eventIdValue.Value : eventIdValue;
    }
  }
  if (idValue === undefined || idValue === null) {
    idValue = row.EID;
    idField = 'EID';
  }
  if (idValue === undefined || idValue === null || idValue === '') {
    return problem(systemValue !== undefined && system === null ? 'System is not an object' : 'missing event id (System.ID, System.EventID or EID)', false);
  }
  const eventId = parseIntegerField(idValue);
  if (eventId < 0) return problem(`${idField} is not an event id: ${preview(idValue)}`, true);

  const provider = otherProvider(row, system, context.parsers.guids);
  if (provider !== null) return { kind: 'ignored', reason: `provider ${provider}` };
  if (!isKnownEventId(eventId)) return { kind: 'ignored', reason: `event id ${eventId}` };

  const data = row.EventData;
  if (!isJsonObject(data)) {
    return problem(data === undefined || data === null ? 'missing EventData' : 'EventData is not an object', true);
  }

  const image = data.ImageName;
  let imageName: string;
  if (typeof image === 'string' && (image !== '' || eventId === 2)) {
    imageName = image;
  } else if (eventId === 2 && (image === undefined || image === null)) {
    imageName = '';
  } else if (image === undefined || image === null) {
    return problem('missing EventData.ImageName', true);
  } else if (typeof image !== 'string') {
    return problem(`EventData.ImageName is not a string: ${preview(image)}`, true);
  } else {
    return problem('empty EventData.ImageName', true);
  }

  const times = context.parsers.times;
  const time = eventTimeOf(row, system, data, eventId, times);
  if (typeof time !== 'number') return problem(time.reason, true);

  const isProcessEvent = eventId === 1 || eventId === 2;
  const procInfo = data.ProcInfo;
  const parentImage = (isJsonObject(procInfo) ? nonEmptyString(procInfo.ParentImage) : null) ?? nonEmptyString(data.ParentImage);

  const event: NormalizedEvent = {
    eventId,
    timeMs: time,
    host: hostOf(row, system) ?? context.fallbackHost,
    processId: parseIntegerField(data.ProcessID),
    parentProcessId: eventId === 1 ? parseIntegerField(data.ParentProcessID) : -1,
    processSequence: isProcessEvent ? parseIntegerField(data.ProcessSequenceNumber) : -1,
    parentProcessSequence: eventId === 1 ? parseIntegerField(data.ParentProcessSequenceNumber) : -1,
    imageName,
    createTimeMs: isProcessEvent ? markedTimeToMs(data.CreateTime, times) : Number.NaN,
    parentImage,
  };
  return { kind: 'event', event };
}
