import { MISSING, commandLineOf, type EventFrame } from './frame';

/** Filters shared by every Explore chart and the events table. Empty lists mean "all". */
export interface FrameFilter {
  eventIds: number[];
  hostCodes: number[];
  labels: number[];
  timeFromMs: number | null;
  timeToMs: number | null;
  /** Case-insensitive substring of the file name or folder. */
  text: string;
  nameCode: number | null;
  folderCode: number | null;
  hour: number | null;
  weekday: number | null;
}

export const NO_FILTER: FrameFilter = {
  eventIds: [],
  hostCodes: [],
  labels: [],
  timeFromMs: null,
  timeToMs: null,
  text: '',
  nameCode: null,
  folderCode: null,
  hour: null,
  weekday: null,
};

function lookup(values: readonly number[], size: number): Uint8Array | null {
  if (values.length === 0) return null;
  const table = new Uint8Array(size);
  for (const value of values) if (value >= 0 && value < size) table[value] = 1;
  return table;
}

/**
 * A row mask (1 = kept) for a filter. Conditions on names and folders are evaluated once per
 * distinct image path, then read per row by code.
 */
export function filterMask(frame: EventFrame, filter: FrameFilter): Uint8Array {
  const images = frame.images;
  const imageCount = images.paths.size;
  const needle = filter.text.trim().toLowerCase();
  let imageOk: Uint8Array | null = null;
  if (needle !== '' || filter.nameCode !== null || filter.folderCode !== null) {
    imageOk = new Uint8Array(imageCount);
    for (let code = 0; code < imageCount; code++) {
      const name = images.name(code);
      const folder = images.folder(code);
      if (filter.nameCode !== null && name !== filter.nameCode) continue;
      if (filter.folderCode !== null && folder !== filter.folderCode) continue;
      if (needle !== '' && !images.names.key(name).includes(needle) && !images.folders.key(folder).includes(needle)) continue;
      imageOk[code] = 1;
    }
  }
  const eventOk = lookup(filter.eventIds, 256);
  const hostOk = lookup(filter.hostCodes, 65536);
  const labelOk = lookup(filter.labels, 256);
  const from = filter.timeFromMs ?? -Infinity;
  const to = filter.timeToMs ?? Infinity;
  const mask = new Uint8Array(frame.length);
  for (let row = 0; row < frame.length; row++) {
    if (eventOk && eventOk[frame.eventId[row] ?? 0] !== 1) continue;
    if (hostOk && hostOk[frame.host[row] ?? 0] !== 1) continue;
    if (labelOk && labelOk[frame.label[row] ?? 0] !== 1) continue;
    if (imageOk && imageOk[frame.image[row] ?? 0] !== 1) continue;
    if (filter.hour !== null && frame.hour[row] !== filter.hour) continue;
    if (filter.weekday !== null && frame.weekday[row] !== filter.weekday) continue;
    const time = frame.timeMs[row] ?? Number.NaN;
    if ((filter.timeFromMs !== null || filter.timeToMs !== null) && !(time >= from && time <= to)) continue;
    mask[row] = 1;
  }
  return mask;
}

/** Count of one category value, split by label (unlabelled, known good, known bad). */
export interface CategoryCount {
  code: number;
  value: string;
  total: number;
  byLabel: [number, number, number];
}

/** Everything the Explore charts draw, computed in one pass over the masked rows. */
export interface ExploreAggregate {
  totalRows: number;
  matchedRows: number;
  byLabel: [number, number, number];
  /** [label][hour 0..23] */
  hourByLabel: number[][];
  /** [label][weekday 0..6], 0 = Sunday */
  weekdayByLabel: number[][];
  /** [weekday][hour] */
  heatmap: number[][];
  eventIdCounts: { eventId: number; count: number }[];
  topNames: CategoryCount[];
  topFolders: CategoryCount[];
  uniqueNames: number;
  uniqueFolders: number;
  hosts: CategoryCount[];
  timeRange: [number, number] | null;
}

function topCategories(
  counts: Uint32Array,
  labelCounts: Uint32Array,
  limit: number,
  display: (code: number) => string,
): { top: CategoryCount[]; unique: number } {
  const codes: number[] = [];
  for (let code = 0; code < counts.length; code++) if ((counts[code] ?? 0) > 0) codes.push(code);
  // Ties are broken by value so the order is stable for tests and screenshots.
  codes.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || display(a).localeCompare(display(b)));
  const top = codes.slice(0, limit).map((code) => ({
    code,
    value: display(code),
    total: counts[code] ?? 0,
    byLabel: [labelCounts[code * 3] ?? 0, labelCounts[code * 3 + 1] ?? 0, labelCounts[code * 3 + 2] ?? 0] as [number, number, number],
  }));
  return { top, unique: codes.length };
}

/**
 * The mask of a filter, or null when it keeps every row: a view that filters nothing (the
 * default Explore filter on a capture of process starts) then holds no byte per event.
 */
export function keptRows(frame: EventFrame, filter: FrameFilter): Uint8Array | null {
  const mask = filterMask(frame, filter);
  let kept = 0;
  for (let row = 0; row < frame.length; row++) kept += mask[row] ?? 0;
  return kept === frame.length ? null : mask;
}

/** Aggregates the rows kept by `mask` (every row for null) for the Explore section. */
export function aggregate(frame: EventFrame, mask: Uint8Array | null, topN: number): ExploreAggregate {
  const images = frame.images;
  const nameCounts = new Uint32Array(images.names.size);
  const nameLabels = new Uint32Array(images.names.size * 3);
  const folderCounts = new Uint32Array(images.folders.size);
  const folderLabels = new Uint32Array(images.folders.size * 3);
  const hostCounts = new Uint32Array(frame.hosts.size);
  const hostLabels = new Uint32Array(frame.hosts.size * 3);
  const hour = [0, 1, 2].map(() => new Array<number>(24).fill(0));
  const weekday = [0, 1, 2].map(() => new Array<number>(7).fill(0));
  const heat = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const eventIds = new Uint32Array(256);
  const byLabel: [number, number, number] = [0, 0, 0];
  let matched = 0;
  let minTime = Infinity;
  let maxTime = -Infinity;
  for (let row = 0; row < frame.length; row++) {
    if (mask !== null && mask[row] !== 1) continue;
    matched++;
    const label = Math.min(frame.label[row] ?? 0, 2);
    byLabel[label] = (byLabel[label] ?? 0) + 1;
    const image = frame.image[row] ?? 0;
    const name = images.name(image);
    const folder = images.folder(image);
    const host = frame.host[row] ?? 0;
    nameCounts[name] = (nameCounts[name] ?? 0) + 1;
    nameLabels[name * 3 + label] = (nameLabels[name * 3 + label] ?? 0) + 1;
    folderCounts[folder] = (folderCounts[folder] ?? 0) + 1;
    folderLabels[folder * 3 + label] = (folderLabels[folder * 3 + label] ?? 0) + 1;
    hostCounts[host] = (hostCounts[host] ?? 0) + 1;
    hostLabels[host * 3 + label] = (hostLabels[host * 3 + label] ?? 0) + 1;
    const eventId = frame.eventId[row] ?? 0;
    eventIds[eventId] = (eventIds[eventId] ?? 0) + 1;
    const h = frame.hour[row] ?? 255;
    const d = frame.weekday[row] ?? 255;
    const hourRow = hour[label];
    const weekdayRow = weekday[label];
    if (h < 24 && hourRow) hourRow[h] = (hourRow[h] ?? 0) + 1;
    if (d < 7 && weekdayRow) weekdayRow[d] = (weekdayRow[d] ?? 0) + 1;
    const heatRow = heat[d];
    if (h < 24 && heatRow) heatRow[h] = (heatRow[h] ?? 0) + 1;
    const time = frame.timeMs[row] ?? Number.NaN;
    if (time < minTime) minTime = time;
    if (time > maxTime) maxTime = time;
  }
  const names = topCategories(nameCounts, nameLabels, topN, (code) => images.names.display(code));
  const folders = topCategories(folderCounts, folderLabels, topN, (code) => images.folders.display(code));
  const hosts = topCategories(hostCounts, hostLabels, 1000, (code) => frame.hosts.value(code));
  const eventIdCounts: { eventId: number; count: number }[] = [];
  eventIds.forEach((count, eventId) => {
    if (count > 0) eventIdCounts.push({ eventId, count });
  });
  return {
    totalRows: frame.length,
    matchedRows: matched,
    byLabel,
    hourByLabel: hour,
    weekdayByLabel: weekday,
    heatmap: heat,
    eventIdCounts,
    topNames: names.top,
    topFolders: folders.top,
    uniqueNames: names.unique,
    uniqueFolders: folders.unique,
    hosts: hosts.top,
    timeRange: matched > 0 && Number.isFinite(minTime) ? [minTime, maxTime] : null,
  };
}

/** One event as the events table shows it (strings are raw capture text: render as text). */
export interface EventRowView {
  row: number;
  timeMs: number;
  eventId: number;
  host: string;
  name: string;
  folder: string;
  volume: string;
  processId: number | null;
  parentProcessId: number | null;
  parentName: string | null;
  label: number;
  isSynthetic: boolean;
  source: string;
  /** Command line when the source had one (Sysmon 1, Security 4688), else null. */
  commandLine: string | null;
}

/** A page of the rows kept by `mask`, in frame order. */
export function rowsPage(frame: EventFrame, mask: Uint8Array, offset: number, limit: number): { rows: EventRowView[]; matched: number } {
  const rows: EventRowView[] = [];
  let seen = 0;
  for (let row = 0; row < frame.length; row++) {
    if (mask[row] !== 1) continue;
    if (seen >= offset && rows.length < limit) rows.push(viewRow(frame, row));
    seen++;
  }
  return { rows, matched: seen };
}

export function viewRow(frame: EventFrame, row: number): EventRowView {
  const images = frame.images;
  const image = frame.image[row] ?? 0;
  const parent = frame.parentImage[row] ?? MISSING;
  const pid = frame.processId[row] ?? MISSING;
  const ppid = frame.parentProcessId[row] ?? MISSING;
  return {
    row,
    timeMs: frame.timeMs[row] ?? Number.NaN,
    eventId: frame.eventId[row] ?? 0,
    host: frame.hosts.value(frame.host[row] ?? 0),
    name: images.names.display(images.name(image)),
    folder: images.folders.display(images.folder(image)),
    volume: images.volumes.value(images.volumeOf[image] ?? 0),
    processId: pid === MISSING ? null : pid,
    parentProcessId: ppid === MISSING ? null : ppid,
    parentName: parent === MISSING ? null : images.names.display(images.name(parent)),
    label: frame.label[row] ?? 0,
    isSynthetic: frame.synthetic[row] === 1,
    source: frame.sources.value(frame.source[row] ?? 0),
    commandLine: commandLineOf(frame, row),
  };
}
