import { MISSING, type EventFrame } from '../frame/frame';
import { StartIndex } from './startIndex';

/** What parent resolution found; unresolved parents are counted, never guessed. */
export interface ParentResolution {
  startsWithParent: number;
  resolvedBySequence: number;
  resolvedByTime: number;
  unresolved: number;
  stopsCompleted: number;
  imageLoadsAttributed: number;
}

/** Rows in time order (stable for equal times), or null when they already are. */
function timeOrder(frame: EventFrame): Uint32Array | null {
  const n = frame.length;
  let previous = -Infinity;
  let row = 0;
  for (; row < n; row++) {
    const t = frame.timeMs[row] ?? 0;
    if (t < previous) break;
    previous = t;
  }
  if (row === n) return null;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => (frame.timeMs[a] ?? 0) - (frame.timeMs[b] ?? 0));
}

/**
 * Fills `parentImage` for process starts from ParentProcessID (and ParentProcessSequenceNumber
 * where present, else the latest earlier start of that PID on the same host); gives process
 * stops the full path of their start; attributes image loads to the loading process (stored in
 * the parent column, which for events 5 and 6 means "loaded by").
 * Only rows from `from` on are resolved, but any earlier start can be a parent.
 */
export function resolveParents(frame: EventFrame, from = 0): ParentResolution {
  const result: ParentResolution = {
    startsWithParent: 0,
    resolvedBySequence: 0,
    resolvedByTime: 0,
    unresolved: 0,
    stopsCompleted: 0,
    imageLoadsAttributed: 0,
  };
  const bySequence = new StartIndex(frame, frame.sequence);
  for (let row = 0; row < frame.length; row++) {
    const sequence = frame.sequence[row] ?? MISSING;
    if (frame.eventId[row] === 1 && sequence !== MISSING) bySequence.set(frame.host[row] ?? 0, sequence, row);
  }
  const latestByPid = new StartIndex(frame, frame.processId);
  const order = timeOrder(frame);
  const images = frame.images;
  for (let index = 0; index < frame.length; index++) {
    const row = order === null ? index : (order[index] ?? 0);
    const host = frame.host[row] ?? 0;
    const eventId = frame.eventId[row];
    const isNew = row >= from;
    if (eventId === 1) {
      const parentPid = frame.parentProcessId[row] ?? MISSING;
      if (isNew && parentPid !== MISSING && frame.parentImage[row] === MISSING) {
        result.startsWithParent++;
        const parentSequence = frame.parentSequence[row] ?? MISSING;
        const bySeq = parentSequence === MISSING ? -1 : bySequence.get(host, parentSequence);
        if (bySeq >= 0 && frame.processId[bySeq] === parentPid) {
          frame.parentImage[row] = frame.image[bySeq] ?? MISSING;
          result.resolvedBySequence++;
        } else {
          const byTime = latestByPid.get(host, parentPid);
          if (byTime >= 0) {
            frame.parentImage[row] = frame.image[byTime] ?? MISSING;
            result.resolvedByTime++;
          } else {
            result.unresolved++;
          }
        }
      }
      const pid = frame.processId[row] ?? MISSING;
      if (pid !== MISSING) latestByPid.set(host, pid, row);
      continue;
    }
    if (!isNew) continue;
    const pid = frame.processId[row] ?? MISSING;
    if (pid === MISSING) continue;
    const sequence = frame.sequence[row] ?? MISSING;
    const bySeq = sequence === MISSING ? -1 : bySequence.get(host, sequence);
    const start = bySeq >= 0 ? bySeq : latestByPid.get(host, pid);
    if (start < 0) continue;
    const startImage = frame.image[start] ?? MISSING;
    if (eventId === 2) {
      const stopImage = frame.image[row] ?? MISSING;
      // A stop carries only the short name, cut to 14 characters (EPROCESS.ImageFileName); take
      // the start's full path when the names agree.
      if (
        images.folder(stopImage) === images.folders.find('') &&
        isSameShortName(images.names.key(images.name(stopImage)), images.names.key(images.name(startImage)))
      ) {
        frame.image[row] = startImage;
        result.stopsCompleted++;
      }
      frame.parentImage[row] = frame.parentImage[start] ?? MISSING;
    } else if (eventId === 5 || eventId === 6) {
      frame.parentImage[row] = startImage;
      result.imageLoadsAttributed++;
    }
  }
  return result;
}

/** A stop's short name matches its start's name whole, or as its first 14 or more characters. */
export function isSameShortName(stopName: string, startName: string): boolean {
  return stopName === startName || (stopName.length >= 14 && startName.startsWith(stopName));
}
