/**
 * What the known-bad generator needs to know about the user's capture, so that generated events
 * look like the capture (same hosts, volumes, folders, names, time span) except where they
 * deliberately differ. Computed from the frame, in the data worker and in tests alike.
 */
import { Label, MISSING, type EventFrame } from '../frame/frame';
import { hourOfDay } from '../lib/time';

/** How often a parent name started a given image. */
export interface ParentCount {
  name: string;
  count: number;
}

/** One image (name in a folder on a volume) of the capture's process starts. */
export interface ProfileImage {
  /** File name as captured, e.g. `svchost.exe`. */
  name: string;
  /** Folder from the volume root, e.g. `\Windows\System32` (as `splitImagePath` gives it). */
  folder: string;
  /** `C:` or `\Device\HarddiskVolume3`: the path style generated events copy. */
  volume: string;
  /** Process starts of this image. */
  count: number;
  /** Parent names of those starts, most frequent first. */
  parents: ParentCount[];
}

/** The capture as the generator sees it. */
export interface CaptureProfile {
  /** Images by process-start count, most frequent first (ties by name, then folder). */
  names: ProfileImage[];
  /** Hosts seen, most events first. */
  hosts: string[];
  /** Earliest and latest event time, epoch ms UTC. */
  timeRange: readonly [number, number];
  /** Process starts per UTC hour of day, 24 entries. */
  activeHourHistogram: number[];
}

/** The capture profile the generator imitates, from known-good and unlabelled process starts. */
export function captureProfile(frame: EventFrame): CaptureProfile {
  const images = frame.images;
  const counts = new Uint32Array(images.paths.size);
  const parentCounts = new Map<number, Map<number, number>>();
  const hostCounts = new Uint32Array(frame.hosts.size);
  const hours = new Array<number>(24).fill(0);
  let min = Infinity;
  let max = -Infinity;
  for (let row = 0; row < frame.length; row++) {
    if (frame.eventId[row] !== 1 || frame.label[row] === Label.KnownBad) continue;
    const image = frame.image[row] ?? 0;
    counts[image] = (counts[image] ?? 0) + 1;
    const parent = frame.parentImage[row] ?? MISSING;
    if (parent !== MISSING) {
      const parentName = images.name(parent);
      let perImage = parentCounts.get(image);
      if (!perImage) parentCounts.set(image, (perImage = new Map()));
      perImage.set(parentName, (perImage.get(parentName) ?? 0) + 1);
    }
    const host = frame.host[row] ?? 0;
    hostCounts[host] = (hostCounts[host] ?? 0) + 1;
    const time = frame.timeMs[row] ?? Number.NaN;
    if (Number.isFinite(time)) {
      const hour = hourOfDay(time);
      hours[hour] = (hours[hour] ?? 0) + 1;
      if (time < min) min = time;
      if (time > max) max = time;
    }
  }
  const names: ProfileImage[] = [];
  for (let code = 0; code < counts.length; code++) {
    const count = counts[code] ?? 0;
    if (count === 0) continue;
    const parents = [...(parentCounts.get(code) ?? new Map<number, number>())]
      .map(([nameCode, n]) => ({ name: images.names.display(nameCode), count: n }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    names.push({
      name: images.names.display(images.name(code)),
      folder: images.folders.display(images.folder(code)),
      volume: images.volumes.value(images.volumeOf[code] ?? 0),
      count,
      parents,
    });
  }
  names.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name) || a.folder.localeCompare(b.folder));
  const hosts = [...hostCounts.keys()]
    .filter((h) => (hostCounts[h] ?? 0) > 0)
    .sort((a, b) => (hostCounts[b] ?? 0) - (hostCounts[a] ?? 0))
    .map((h) => frame.hosts.value(h));
  return { names, hosts, timeRange: min <= max ? [min, max] : [Date.now(), Date.now()], activeHourHistogram: hours };
}
