/**
 * Kernel-Process rows straight from a row template's captures (rowTemplates.ts) to a
 * NormalizedEvent, without the sparse row and the normaliser's walk over it: when a template is
 * made, the paths normalizeRow reads are looked up once in its recorded assignments, giving the
 * capture group of each; a matching row then reads its fields by group number. The plan repeats
 * normalizeRow's rules for the rows it accepts and declines (null) everything else — other
 * providers and event ids, missing or odd values, duplicate keys, event log and SilkETW layouts —
 * which then take the sparse row and normalizeRow, so the outcome never depends on this path
 * (rowFieldScanner.test.ts checks both agree on every generated and real row).
 */
import { parseIntegerField, parseIntegerText } from './integerField';
import type { FieldParsers } from './fieldParsers';
import type { ScanRecording } from './rowFieldScanner';
import { epochNumberToMs } from './timestamp';
import { isKnownEventId, type NormalizedEvent } from './types';

/** How a template captured a kept scalar; strings are captured without their quotes, still escaped. */
export const SlotKind = { String: 0, Number: 1, Literal: 2 } as const;
export type SlotKindCode = (typeof SlotKind)[keyof typeof SlotKind];

/** A path's value in a template: its capture group and kind, or an object (group 0), or absent (null). */
interface Slot {
  readonly group: number;
  /** -1 for an object. */
  readonly kind: SlotKindCode | -1;
}

/** Data1 of the Kernel-Process provider GUID, as the raw EVENT_HEADER (≤0.73) renders ProviderID. */
const KERNEL_PROCESS_GUID_DATA1 = 0x22fb2cd6;

/** Where a template's rows say which provider wrote them (normalizeRow's otherProvider, in its order). */
type ProviderCheck = { readonly kind: 'guid'; readonly group: number } | { readonly kind: 'data1'; readonly group: number } | { readonly kind: 'none' };

/** Capture groups of the fields normalizeRow reads from a Kernel-Process row of one template. */
export interface KernelProcessPlan {
  readonly id: Slot;
  readonly provider: ProviderCheck;
  /** System.TimeStamp, Timestamp, _ts as present, in that order. */
  readonly times: readonly (Slot & { readonly isTs: boolean })[];
  /** String groups of Hostname, Fqdn, Computer, System.Computer, System.Hostname, ClientId as present, in that order. */
  readonly hosts: readonly number[];
  readonly imageName: Slot | null;
  readonly processId: Slot | null;
  readonly parentProcessId: Slot | null;
  readonly sequence: Slot | null;
  readonly parentSequence: Slot | null;
  readonly createTime: Slot | null;
  readonly parentImage: Slot | null;
}

/**
 * The plan of a template whose rows have a System and an EventData object and a scalar
 * System.ID, and none of what sends normalizeRow elsewhere (a string System.Channel, ProcInfo);
 * null otherwise, or when a key repeats (JSON.parse lets the last win, which the plan does not model).
 */
export function kernelProcessPlan(ops: ScanRecording['ops'], kinds: readonly SlotKindCode[]): KernelProcessPlan | null {
  const paths = new Map<string, Slot>();
  const objectPaths: string[] = [''];
  for (const op of ops) {
    const parentPath = objectPaths[op.parent];
    if (parentPath === undefined) return null;
    const path = parentPath === '' ? op.name : `${parentPath}.${op.name}`;
    if (paths.has(path)) return null;
    if (op.group === 0) {
      objectPaths.push(path);
      paths.set(path, { group: 0, kind: -1 });
    } else {
      paths.set(path, { group: op.group, kind: kinds[op.group] ?? SlotKind.Literal });
    }
  }
  const slot = (path: string): Slot | null => paths.get(path) ?? null;
  const id = slot('System.ID');
  const channel = slot('System.Channel');
  if (slot('System')?.kind !== -1 || slot('EventData')?.kind !== -1 || id === null || (id.kind !== SlotKind.Number && id.kind !== SlotKind.String)) return null;
  if (channel?.kind === SlotKind.String || slot('EventData.ProcInfo') !== null) return null;
  const times: (Slot & { isTs: boolean })[] = [];
  for (const path of ['System.TimeStamp', 'Timestamp', '_ts']) {
    const time = slot(path);
    if (time !== null) times.push({ ...time, isTs: path === '_ts' });
  }
  const hosts: number[] = [];
  for (const path of ['Hostname', 'Fqdn', 'Computer', 'System.Computer', 'System.Hostname', 'ClientId']) {
    const host = slot(path);
    if (host?.kind === SlotKind.String) hosts.push(host.group);
  }
  return {
    id,
    provider: providerCheck(slot),
    times,
    hosts,
    imageName: slot('EventData.ImageName'),
    processId: slot('EventData.ProcessID'),
    parentProcessId: slot('EventData.ParentProcessID'),
    sequence: slot('EventData.ProcessSequenceNumber'),
    parentSequence: slot('EventData.ParentProcessSequenceNumber'),
    createTime: slot('EventData.CreateTime'),
    parentImage: slot('EventData.ParentImage'),
  };
}

function providerCheck(slot: (path: string) => Slot | null): ProviderCheck {
  for (const path of ['ProviderGUID', 'System.Provider']) {
    const guid = slot(path);
    if (guid?.kind === SlotKind.String) return { kind: 'guid', group: guid.group };
  }
  const data1 = slot('System.ProviderID.Data1');
  if (slot('System.ProviderID')?.kind === -1 && data1?.kind === SlotKind.Number) return { kind: 'data1', group: data1.group };
  return { kind: 'none' };
}

const MAX_UNESCAPED = 4096;

/**
 * String captures' values, with the escaped ones decoded once per file: a capture repeats a few
 * hundred image paths, each with backslashes. One per file (FieldParsers), so a worker holds
 * none of them after a load.
 */
export class UnescapedStrings {
  /** Decoded escaped strings, by their JSON text. */
  private readonly decoded = new Map<string, string>();

  /** A string capture's value (the text between its quotes, escapes and all). */
  stringValue(body: string): string {
    if (body.indexOf('\\') < 0) return body;
    const decoded = this.decoded;
    const known = decoded.get(body);
    if (known !== undefined) return known;
    const parsed: unknown = JSON.parse(`"${body}"`);
    const value = typeof parsed === 'string' ? parsed : body;
    if (decoded.size >= MAX_UNESCAPED) decoded.clear();
    decoded.set(body, value);
    return value;
  }
}

/**
 * What a plan reads of a row a template matched, by capture group: over a RegExp match of the
 * decoded line ({@link RegExpCaptures}) or over byte spans of the UTF-8 line (byteTemplates.ts).
 * Each method gives what the named function of the string path gives for the group's text, so
 * {@link templateEvent} holds the rules once for both.
 */
export interface RowCaptures {
  /** stringValue of a string group. */
  string(group: number): string;
  /** True when a string group's text is empty. */
  isEmptyString(group: number): boolean;
  /** Number() of a number group's text. */
  number(group: number): number;
  /** True when a literal group is `null`. */
  isNull(group: number): boolean;
  /** parseIntegerText of a string group's value. */
  integerText(group: number): number;
  /** TimestampParser.parse of a string group's value. */
  timestamp(group: number): number;
  /** TimestampParser.parseMarked of a string group's value. */
  markedTimestamp(group: number): number;
  /** isKernelProcessGuidText of a string group's value. */
  isKernelProcessGuid(group: number): boolean;
}

/** {@link RowCaptures} of a template RegExp's match; one per reader, pointed at each match in turn. */
export class RegExpCaptures implements RowCaptures {
  match: RegExpExecArray | null = null;
  private readonly parsers: FieldParsers;

  /** Reads values with the file's parsers. */
  constructor(parsers: FieldParsers) {
    this.parsers = parsers;
  }

  private text(group: number): string {
    return this.match?.[group] ?? '';
  }

  string(group: number): string {
    return this.parsers.strings.stringValue(this.text(group));
  }

  isEmptyString(group: number): boolean {
    return this.text(group) === '';
  }

  number(group: number): number {
    return Number(this.text(group));
  }

  isNull(group: number): boolean {
    return this.text(group) === 'null';
  }

  integerText(group: number): number {
    const text = this.text(group);
    // A backslash is no digit, so text that parses needs no unescaping; text that does not may after it.
    const value = parseIntegerText(text);
    return value >= 0 || text.indexOf('\\') < 0 ? value : parseIntegerText(this.parsers.strings.stringValue(text));
  }

  timestamp(group: number): number {
    return this.parsers.times.parse(this.string(group));
  }

  markedTimestamp(group: number): number {
    return this.parsers.times.parseMarked(this.string(group));
  }

  isKernelProcessGuid(group: number): boolean {
    return this.parsers.guids.isKernelProcessGuidText(this.string(group));
  }
}

/** normalizeRow's parseIntegerField of a slot's value (-1 for objects, literals and absent slots). */
function integerOf(captures: RowCaptures, slot: Slot | null): number {
  if (slot === null || slot.group === 0) return -1;
  if (slot.kind === SlotKind.String) return captures.integerText(slot.group);
  return slot.kind === SlotKind.Number ? parseIntegerField(captures.number(slot.group)) : -1;
}

/** Event time as normalizeRow's eventTimeOf finds it; null where it would report a problem or fall back to the process's own time. */
function timeOf(plan: KernelProcessPlan, captures: RowCaptures): number | null {
  for (const time of plan.times) {
    if (time.kind === -1) return null;
    let ms: number;
    if (time.kind === SlotKind.Literal) {
      if (captures.isNull(time.group)) continue;
      return null;
    } else if (time.kind === SlotKind.Number) {
      ms = epochNumberToMs(captures.number(time.group));
    } else {
      if (time.isTs && captures.isEmptyString(time.group)) continue;
      ms = captures.timestamp(time.group);
    }
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

function isKernelProcess(provider: ProviderCheck, captures: RowCaptures): boolean {
  switch (provider.kind) {
    case 'guid':
      return captures.isKernelProcessGuid(provider.group);
    case 'data1':
      return captures.number(provider.group) === KERNEL_PROCESS_GUID_DATA1;
    case 'none':
      return true;
  }
}

/** The first non-empty host string, as normalizeRow's hostOf. */
function hostOf(plan: KernelProcessPlan, captures: RowCaptures): string | null {
  for (const group of plan.hosts) {
    if (!captures.isEmptyString(group)) return captures.string(group);
  }
  return null;
}

/**
 * The event normalizeRow makes of a row `captures` holds the groups of, matched with the
 * template of `plan`, or null when the row is one it would ignore or reject, or one the plan
 * leaves to it.
 */
export function templateEvent(plan: KernelProcessPlan, captures: RowCaptures, fallbackHost: string | null): NormalizedEvent | null {
  const id = plan.id;
  const eventId = id.kind === SlotKind.Number ? parseIntegerField(captures.number(id.group)) : captures.integerText(id.group);
  if (eventId < 0 || !isKernelProcess(plan.provider, captures) || !isKnownEventId(eventId)) return null;

  const image = plan.imageName;
  let imageName: string;
  if (image === null) {
    if (eventId !== 2) return null;
    imageName = '';
  } else {
    if (image.kind !== SlotKind.String) return null;
    imageName = captures.string(image.group);
    if (imageName === '' && eventId !== 2) return null;
  }

  const timeMs = timeOf(plan, captures);
  if (timeMs === null) return null;

  const isProcessEvent = eventId === 1 || eventId === 2;
  const parentImageSlot = plan.parentImage;
  const parentImage = parentImageSlot?.kind === SlotKind.String ? captures.string(parentImageSlot.group) : '';
  const createTime = plan.createTime;
  return {
    eventId,
    timeMs,
    host: hostOf(plan, captures) ?? fallbackHost,
    processId: integerOf(captures, plan.processId),
    parentProcessId: eventId === 1 ? integerOf(captures, plan.parentProcessId) : -1,
    processSequence: isProcessEvent ? integerOf(captures, plan.sequence) : -1,
    parentProcessSequence: eventId === 1 ? integerOf(captures, plan.parentSequence) : -1,
    imageName,
    createTimeMs: isProcessEvent && createTime?.kind === SlotKind.String ? captures.markedTimestamp(createTime.group) : Number.NaN,
    parentImage: parentImage === '' ? null : parentImage,
  };
}
