/**
 * Windows event log records (Sysmon, Security auditing) as JSON, in the layouts public datasets
 * use (docs/formats.md §3): flat (fields beside `EventID`, `Hostname`, `@timestamp`, `Channel`),
 * winlogbeat 6 (`event_id`, `computer_name`, `event_data{}`) and 7+ (`winlog{}`), evtx_dump
 * (`Event.System`, `Event.EventData`) and Velociraptor's `parse_evtx` (`System.Channel`,
 * `System.EventID.Value`, `EventData`). Process events map onto Kernel-Process event ids so they
 * chart and train beside ETW captures; everything else is ignored with a reason.
 */
import { EventId } from './types';
import type { NormalizedEvent } from './types';
import { parseIntegerField } from './integerField';
import type { NormalizeContext } from './normalizeRow';
import type { TimestampParser } from './timestamp';

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Sysmon and Security write "-" where a value is unknown. */
function knownString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && value !== '-' ? value : null;
}

const SYSMON_PROVIDER_GUID = '5770385f-c22a-43e0-bf4c-06f5698ffbd9';
const SECURITY_PROVIDER_GUID = '54849625-5478-4994-a5ba-3e3b0328c30d';

/** Which log a record came from. */
export type EventLogSource = 'sysmon' | 'security' | 'other';

/** One event log record, whatever JSON layout carried it. */
export interface EventLogRecord {
  readonly source: EventLogSource;
  /** Channel or provider as written, for ignored reasons. */
  readonly sourceName: string;
  readonly eventId: number;
  readonly host: string | null;
  /** The record's own time (TimeCreated, @timestamp), as written. */
  readonly time: unknown;
  readonly data: JsonObject;
}

function guidText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return value.replace(/[{}]/g, '').toLowerCase();
}

function sourceOf(channel: unknown, provider: unknown, providerGuid: unknown): EventLogSource {
  const channelText = typeof channel === 'string' ? channel.toLowerCase() : '';
  const providerText = typeof provider === 'string' ? provider.toLowerCase() : '';
  const guid = guidText(providerGuid);
  if (channelText.startsWith('microsoft-windows-sysmon') || providerText === 'microsoft-windows-sysmon' || guid === SYSMON_PROVIDER_GUID) return 'sysmon';
  if (channelText === 'security' || providerText === 'microsoft-windows-security-auditing' || guid === SECURITY_PROVIDER_GUID) return 'security';
  return 'other';
}

function eventIdOf(value: unknown): number {
  // evtx_dump writes `{"#attributes": {"Qualifiers": …}, "#text": 4688}`; parse_evtx `{"Value": 1}`.
  if (isJsonObject(value)) return parseIntegerField(value['#text'] ?? value.Value);
  return parseIntegerField(value);
}

/** evtx_dump renders unnamed or repeated Data as `{"Data": [{"#attributes": {"Name": …}, "#text": …}]}`. */
function flattenEventData(value: unknown): JsonObject | null {
  if (!isJsonObject(value)) return null;
  const list = value.Data;
  if (!Array.isArray(list)) return value;
  const flat: JsonObject = {};
  for (const item of list) {
    if (!isJsonObject(item)) continue;
    const attributes = item['#attributes'];
    const name = isJsonObject(attributes) ? attributes.Name : undefined;
    if (typeof name === 'string') flat[name] = item['#text'];
  }
  return flat;
}

function record(
  channel: unknown,
  provider: unknown,
  providerGuid: unknown,
  eventId: number,
  host: string | null,
  time: unknown,
  data: JsonObject,
): EventLogRecord {
  const source = sourceOf(channel, provider, providerGuid);
  const sourceName = nonEmptyString(channel) ?? nonEmptyString(provider) ?? nonEmptyString(providerGuid) ?? 'unknown log';
  return { source, sourceName, eventId, host, time, data };
}

/**
 * The event log record in a parsed row, or null when the row is not one (an ETW row, say).
 * Velociraptor `parse_evtx` rows count only when their channel is Sysmon or Security, since the
 * Sigma event model of Kernel-Process rows has the same shape.
 */
export function eventLogRecordOf(row: JsonObject): EventLogRecord | null {
  const system = row.System;
  if (isJsonObject(system)) {
    // Kernel-Process rows have no Channel (0.74+) or a numeric one (raw header): leave them fast.
    if (typeof system.Channel !== 'string' || row.EventData === undefined) return null;
    const provider = system.Provider;
    const providerName = isJsonObject(provider) ? provider.Name : undefined;
    const providerGuid = isJsonObject(provider) ? provider.Guid : undefined;
    if (sourceOf(system.Channel, providerName, providerGuid) === 'other') return null;
    const created = system.TimeCreated;
    const time = isJsonObject(created) ? created.SystemTime : created;
    return record(
      system.Channel,
      providerName,
      providerGuid,
      eventIdOf(system.EventID),
      nonEmptyString(system.Computer),
      time,
      flattenEventData(row.EventData) ?? {},
    );
  }
  if (row.EventID !== undefined && (row.Channel !== undefined || row.SourceName !== undefined || row.ProviderGuid !== undefined)) {
    return record(
      row.Channel,
      row.SourceName ?? row.ProviderName,
      row.ProviderGuid,
      eventIdOf(row.EventID),
      nonEmptyString(row.Hostname) ?? nonEmptyString(row.Computer) ?? nonEmptyString(row.ComputerName),
      row['@timestamp'] ?? row.TimeCreated ?? row.EventTime,
      row,
    );
  }
  const eventData = row.event_data;
  if (row.event_id !== undefined && isJsonObject(eventData)) {
    return record(row.log_name, row.source_name, row.provider_guid, eventIdOf(row.event_id), nonEmptyString(row.computer_name), row['@timestamp'], eventData);
  }
  const winlog = row.winlog;
  if (isJsonObject(winlog) && winlog.event_id !== undefined) {
    return record(
      winlog.channel,
      winlog.provider_name,
      winlog.provider_guid,
      eventIdOf(winlog.event_id),
      nonEmptyString(winlog.computer_name),
      row['@timestamp'],
      flattenEventData(winlog.event_data) ?? {},
    );
  }
  const event = row.Event;
  if (isJsonObject(event) && isJsonObject(event.System)) {
    const eventSystem = event.System;
    const provider = eventSystem.Provider;
    const attributes = isJsonObject(provider) ? provider['#attributes'] : undefined;
    const created = eventSystem.TimeCreated;
    const createdAttributes = isJsonObject(created) ? created['#attributes'] : undefined;
    return record(
      eventSystem.Channel,
      isJsonObject(attributes) ? attributes.Name : undefined,
      isJsonObject(attributes) ? attributes.Guid : undefined,
      eventIdOf(eventSystem.EventID),
      nonEmptyString(eventSystem.Computer),
      isJsonObject(createdAttributes) ? createdAttributes.SystemTime : undefined,
      flattenEventData(event.EventData) ?? {},
    );
  }
  return null;
}

/** Outcome for one record: the same three kinds as a Kernel-Process row. */
export type EventLogResult =
  | { readonly kind: 'event'; readonly event: NormalizedEvent }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'problem'; readonly reason: string };

function sourceLabel(record: EventLogRecord): string {
  return record.source === 'sysmon' ? 'Sysmon' : record.source === 'security' ? 'Security' : record.sourceName;
}

function timeOf(record: EventLogRecord, preferred: unknown, times: TimestampParser): number | { reason: string } {
  // Sysmon's UtcTime is the event's own UTC time; @timestamp/TimeCreated are the shipper's and
  // in the OTRF datasets sit hours off (local time written with a Z).
  const own = times.valueToMs(preferred);
  if (!Number.isNaN(own)) return own;
  const shipped = times.valueToMs(record.time);
  if (!Number.isNaN(shipped)) return shipped;
  return { reason: `${sourceLabel(record)} event ${record.eventId} without a readable time (UtcTime, @timestamp, TimeCreated)` };
}

function securityUser(data: JsonObject): string | null {
  const target = knownString(data.TargetUserName);
  if (target !== null) {
    const domain = knownString(data.TargetDomainName);
    return domain === null ? target : `${domain}\\${target}`;
  }
  const subject = knownString(data.SubjectUserName);
  if (subject === null) return null;
  const domain = knownString(data.SubjectDomainName);
  return domain === null ? subject : `${domain}\\${subject}`;
}

interface Mapped {
  eventId: NormalizedEvent['eventId'];
  image: unknown;
  imageField: string;
  processId: unknown;
  parentProcessId: unknown;
  parentImage: unknown;
  ownTime: unknown;
  createTime: unknown;
  commandLine: unknown;
  user: string | null;
}

/** Field mapping per (log, event id), or null for events EtwLab does not model. */
function mapping(record: EventLogRecord): Mapped | null {
  const data = record.data;
  if (record.source === 'sysmon') {
    const user = knownString(data.User);
    switch (record.eventId) {
      case 1:
        return {
          eventId: EventId.ProcessStart,
          image: data.Image,
          imageField: 'Image',
          processId: data.ProcessId,
          parentProcessId: data.ParentProcessId,
          parentImage: data.ParentImage,
          ownTime: data.UtcTime,
          createTime: data.UtcTime,
          commandLine: data.CommandLine,
          user,
        };
      case 5:
        return {
          eventId: EventId.ProcessStop,
          image: data.Image,
          imageField: 'Image',
          processId: data.ProcessId,
          parentProcessId: undefined,
          parentImage: undefined,
          ownTime: data.UtcTime,
          createTime: undefined,
          commandLine: undefined,
          user,
        };
      case 7:
        return {
          eventId: EventId.ImageLoad,
          image: data.ImageLoaded,
          imageField: 'ImageLoaded',
          processId: data.ProcessId,
          parentProcessId: undefined,
          parentImage: data.Image,
          ownTime: data.UtcTime,
          createTime: undefined,
          commandLine: undefined,
          user,
        };
      default:
        return null;
    }
  }
  if (record.source === 'security') {
    switch (record.eventId) {
      case 4688:
        return {
          eventId: EventId.ProcessStart,
          image: data.NewProcessName,
          imageField: 'NewProcessName',
          processId: data.NewProcessId,
          // In 4688, ProcessId is the creator's pid.
          parentProcessId: data.ProcessId,
          parentImage: data.ParentProcessName,
          ownTime: undefined,
          createTime: undefined,
          commandLine: data.CommandLine,
          user: securityUser(data),
        };
      case 4689:
        return {
          eventId: EventId.ProcessStop,
          image: data.ProcessName,
          imageField: 'ProcessName',
          processId: data.ProcessId,
          parentProcessId: undefined,
          parentImage: undefined,
          ownTime: undefined,
          createTime: undefined,
          commandLine: undefined,
          user: securityUser(data),
        };
      default:
        return null;
    }
  }
  return null;
}

/**
 * Sysmon 1 → process start, 5 → process stop, 7 → image load (ImageLoaded is the image, Image
 * the loading process); Security 4688 → process start (NewProcessId, ProcessId = creator),
 * 4689 → process stop. Other records are ignored, naming log and event id.
 */
export function normalizeEventLogRecord(record: EventLogRecord, context: NormalizeContext): EventLogResult {
  if (record.eventId < 0) return { kind: 'problem', reason: `${sourceLabel(record)} record without a readable event id` };
  const mapped = mapping(record);
  if (mapped === null) return { kind: 'ignored', reason: `${sourceLabel(record)} event ${record.eventId}` };
  const image = knownString(mapped.image);
  if (image === null) return { kind: 'problem', reason: `${sourceLabel(record)} event ${record.eventId} without ${mapped.imageField}` };
  const times = context.parsers.times;
  const time = timeOf(record, mapped.ownTime, times);
  if (typeof time !== 'number') return { kind: 'problem', reason: time.reason };
  const event: NormalizedEvent = {
    eventId: mapped.eventId,
    timeMs: time,
    host: record.host ?? context.fallbackHost,
    processId: parseIntegerField(mapped.processId),
    parentProcessId: parseIntegerField(mapped.parentProcessId),
    processSequence: -1,
    parentProcessSequence: -1,
    imageName: image,
    createTimeMs: mapped.createTime === undefined ? Number.NaN : times.valueToMs(mapped.createTime),
    parentImage: knownString(mapped.parentImage),
  };
  const commandLine = nonEmptyString(mapped.commandLine);
  if (commandLine !== null) event.commandLine = commandLine;
  if (mapped.user !== null) event.user = mapped.user;
  return { kind: 'event', event };
}
