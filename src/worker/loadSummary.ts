import { columnBytes, type EventFrame } from '../frame/frame';
import type { CaptureSummary, LoadOutcome } from '../pipeline/captureSummary';

/** Hosts the summary names, most events first (as Explore lists them). */
const MAX_HOSTS = 1000;

/** What the summary counts over the rows. */
interface RowCounts {
  eventIdCounts: { eventId: number; count: number }[];
  timeRange: [number, number] | null;
  /** By event count, most first, ties by name (as Explore's host list). */
  hosts: string[];
  uniqueNames: number;
  uniqueFolders: number;
  labelCounts: [number, number, number];
  syntheticCount: number;
}

/**
 * The summary's counts in one pass over the rows. Explore's `aggregate` gives the same figures,
 * but also counts hours, weekdays and per-label tallies of every name, folder and host: this pass
 * is what stands between a load's last row and its status line, so it counts only what the
 * summary shows (distinct names and folders through the image codes seen, a few thousand at most).
 */
function countRows(frame: EventFrame): RowCounts {
  const images = frame.images;
  const imageSeen = new Uint8Array(images.paths.size);
  const hostCounts = new Uint32Array(frame.hosts.size);
  const eventIds = new Uint32Array(256);
  const labelCounts: [number, number, number] = [0, 0, 0];
  let syntheticCount = 0;
  // A code past the table (none is written so) reads as name 0 and folder 0, as `images.name` reads it.
  let hasCodeOutside = false;
  let minTime = Infinity;
  let maxTime = -Infinity;
  for (let row = 0; row < frame.length; row++) {
    const label = Math.min(frame.label[row] ?? 0, 2);
    labelCounts[label] = (labelCounts[label] ?? 0) + 1;
    const image = frame.image[row] ?? 0;
    if (image < imageSeen.length) imageSeen[image] = 1;
    else hasCodeOutside = true;
    const host = frame.host[row] ?? 0;
    hostCounts[host] = (hostCounts[host] ?? 0) + 1;
    const eventId = frame.eventId[row] ?? 0;
    eventIds[eventId] = (eventIds[eventId] ?? 0) + 1;
    syntheticCount += frame.synthetic[row] ?? 0;
    const time = frame.timeMs[row] ?? Number.NaN;
    if (time < minTime) minTime = time;
    if (time > maxTime) maxTime = time;
  }
  const nameSeen = new Uint8Array(images.names.size);
  const folderSeen = new Uint8Array(images.folders.size);
  let uniqueNames = 0;
  let uniqueFolders = 0;
  const see = (name: number, folder: number): void => {
    if (nameSeen[name] === 0) uniqueNames++;
    if (folderSeen[folder] === 0) uniqueFolders++;
    nameSeen[name] = 1;
    folderSeen[folder] = 1;
  };
  imageSeen.forEach((isSeen, image) => {
    if (isSeen === 1) see(images.name(image), images.folder(image));
  });
  if (hasCodeOutside) see(0, 0);
  const hostCodes: number[] = [];
  hostCounts.forEach((count, code) => {
    if (count > 0) hostCodes.push(code);
  });
  hostCodes.sort((a, b) => (hostCounts[b] ?? 0) - (hostCounts[a] ?? 0) || frame.hosts.value(a).localeCompare(frame.hosts.value(b)));
  const eventIdCounts: { eventId: number; count: number }[] = [];
  eventIds.forEach((count, eventId) => {
    if (count > 0) eventIdCounts.push({ eventId, count });
  });
  return {
    eventIdCounts,
    timeRange: frame.length > 0 && Number.isFinite(minTime) ? [minTime, maxTime] : null,
    hosts: hostCodes.slice(0, MAX_HOSTS).map((code) => frame.hosts.value(code)),
    uniqueNames,
    uniqueFolders,
    labelCounts,
    syntheticCount,
  };
}

/** The Load section's summary of a frame. */
export function summarise(
  frame: EventFrame,
  load: Pick<LoadOutcome, 'files' | 'problems' | 'problemCount' | 'ignoredCount' | 'parents' | 'seconds' | 'truncated'>,
  version: number,
): CaptureSummary {
  return {
    events: frame.length,
    ...countRows(frame),
    files: load.files,
    problems: load.problems,
    problemCount: load.problemCount,
    ignoredCount: load.ignoredCount,
    parents: load.parents,
    columnBytes: columnBytes(frame),
    seconds: load.seconds,
    truncated: load.truncated,
    version,
  };
}
