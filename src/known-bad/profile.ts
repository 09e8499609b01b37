/**
 * What the known-bad generator needs to know about the user's capture, so that generated events
 * look like the capture (same hosts, volumes, folders, names, time span) except where they
 * deliberately differ. The data worker computes it from the frame; tests build it from rows.
 */
import { splitImagePath } from '../lib/imagePath';
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

/** One capture event as plain values: enough to build a profile in tests or small tools. */
export interface ProfileRow {
  imageName: string;
  /** Parent path or name when known. */
  parentImage: string | null;
  timeMs: number;
  host: string | null;
}

function byCountThenName<T extends { count: number; name: string }>(a: T, b: T): number {
  return b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Builds a {@link CaptureProfile} from process-start rows. */
export function buildCaptureProfile(rows: readonly ProfileRow[]): CaptureProfile {
  const images = new Map<string, ProfileImage & { parentCounts: Map<string, number> }>();
  const hostCounts = new Map<string, number>();
  const hours = new Array<number>(24).fill(0);
  let minMs = Infinity;
  let maxMs = -Infinity;
  for (const row of rows) {
    const parts = splitImagePath(row.imageName);
    if (parts.name === '') continue;
    const key = `${parts.folder.toLowerCase()}\\${parts.name.toLowerCase()}`;
    let image = images.get(key);
    if (image === undefined) {
      image = { name: parts.name, folder: parts.folder, volume: parts.volume, count: 0, parents: [], parentCounts: new Map() };
      images.set(key, image);
    }
    image.count++;
    if (row.parentImage !== null && row.parentImage !== '') {
      const parentName = splitImagePath(row.parentImage).name;
      image.parentCounts.set(parentName, (image.parentCounts.get(parentName) ?? 0) + 1);
    }
    if (row.host !== null) hostCounts.set(row.host, (hostCounts.get(row.host) ?? 0) + 1);
    if (Number.isFinite(row.timeMs)) {
      minMs = Math.min(minMs, row.timeMs);
      maxMs = Math.max(maxMs, row.timeMs);
      const hour = hourOfDay(row.timeMs);
      hours[hour] = (hours[hour] ?? 0) + 1;
    }
  }
  const names = [...images.values()]
    .map(({ parentCounts, ...image }) => ({
      ...image,
      parents: [...parentCounts.entries()].map(([name, count]) => ({ name, count })).sort(byCountThenName),
    }))
    .sort((a, b) => byCountThenName(a, b) || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  const hosts = [...hostCounts.entries()]
    .map(([name, count]) => ({ name, count }))
    .sort(byCountThenName)
    .map((h) => h.name);
  return {
    names,
    hosts,
    timeRange: minMs <= maxMs ? [minMs, maxMs] : [NaN, NaN],
    activeHourHistogram: hours,
  };
}
