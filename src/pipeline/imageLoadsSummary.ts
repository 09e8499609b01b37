/**
 * What the "Image loads" view shows, computed in the data worker from image-load rows (ETW event
 * 5, Sysmon 7): the most loaded DLL names and folders, DLLs loaded from unusual folders, and the
 * load sets of the busiest loading processes with their rarest DLLs. The loading process is the
 * frame's parent column, which for image loads means "loaded by" (enrich/parents.ts).
 */
import { MISSING, type EventFrame } from '../frame/frame';
import type { FrameFilter } from '../frame/query';

/** Folders (from the volume root, subfolders included) DLLs normally load from. */
const USUAL_DLL_FOLDERS = [
  '\\Windows\\System32',
  '\\Windows\\SysWOW64',
  '\\Windows\\WinSxS',
  '\\Windows\\Microsoft.NET',
  '\\Windows\\assembly',
  '\\Program Files*',
] as const;

/** The rule in words, as the view states it. */
export const UNUSUAL_FOLDER_RULE =
  `A folder is unusual when it is none of ${USUAL_DLL_FOLDERS.join(', ')} nor below one of them ` +
  '(on any volume; Program Files* includes Program Files (x86)). Loads with a bare name and no folder are not judged.';

const USUAL_PREFIXES = USUAL_DLL_FOLDERS.map((folder) => folder.toLowerCase().replace(/\*$/, ''));

/** True when a folder (lower or any case, from the volume root) lies under a usual DLL folder. */
export function isUsualDllFolder(folder: string): boolean {
  const lower = folder.toLowerCase();
  return USUAL_PREFIXES.some((prefix) => (prefix.endsWith('program files') ? lower.startsWith(prefix) : lower === prefix || lower.startsWith(`${prefix}\\`)));
}

/** One DLL name: its loads and how many distinct processes (by name) loaded it. */
export interface DllCount {
  name: string;
  loads: number;
  processes: number;
}

export interface FolderCount {
  folder: string;
  loads: number;
  isUnusual: boolean;
}

/** An unusual folder with the DLLs loaded from it and who loaded them. */
export interface UnusualFolder {
  folder: string;
  loads: number;
  /** Most loaded DLL names there, at most 5. */
  dlls: string[];
  /** Loading processes, most loads first, at most 5. */
  processes: string[];
}

/** The load set of one loading process (all its instances, by image name). */
export interface ProcessLoadSet {
  name: string;
  loads: number;
  /** Distinct DLL names it loaded. */
  dlls: number;
  /** Its DLLs loaded by the fewest processes, at most 5 (ties: fewer loads, then name). */
  rarest: DllCount[];
}

export interface ImageLoadsSummary {
  /** Image-load events matched. */
  loads: number;
  distinctDlls: number;
  distinctFolders: number;
  /** Distinct loading process names. */
  loadingProcesses: number;
  /** Loads whose loading process is unknown (its start is not in the capture). */
  unattributed: number;
  topDlls: DllCount[];
  topFolders: FolderCount[];
  unusualLoads: number;
  unusualFolders: UnusualFolder[];
  processes: ProcessLoadSet[];
}

/** Image loads only, with the Explore filter's hosts, labels, times, hours, weekdays and text. */
export function imageLoadFilter(filter: FrameFilter): FrameFilter {
  return { ...filter, eventIds: [5], nameCode: null, folderCode: null };
}

const MAX_LISTED = 5;

function increment(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function topKeys(map: ReadonlyMap<number, number>, limit: number, display: (code: number) => string): number[] {
  return [...map.keys()].sort((a, b) => (map.get(b) ?? 0) - (map.get(a) ?? 0) || display(a).localeCompare(display(b))).slice(0, limit);
}

/** Summarises the image-load rows (event 5) kept by `mask`; lists are cut at `topN`. */
export function summariseImageLoads(frame: EventFrame, mask: Uint8Array, topN: number): ImageLoadsSummary {
  const images = frame.images;
  const nameText = (code: number): string => images.names.display(code);
  const folderText = (code: number): string => images.folders.display(code);
  const nameCount = images.names.size;
  const dllLoads = new Map<number, number>();
  const folderLoads = new Map<number, number>();
  const processLoads = new Map<number, number>();
  /** dll * nameCount + process: each distinct (DLL, loading process) pair once. */
  const pairs = new Set<number>();
  const unusualByFolder = new Map<number, { dlls: Map<number, number>; processes: Map<number, number> }>();
  const folderIsUnusual = new Map<number, boolean>();
  let loads = 0;
  let unattributed = 0;
  let unusualLoads = 0;
  for (let row = 0; row < frame.length; row++) {
    if (mask[row] !== 1 || frame.eventId[row] !== 5) continue;
    loads++;
    const image = frame.image[row] ?? 0;
    const dll = images.name(image);
    const folder = images.folder(image);
    increment(dllLoads, dll);
    increment(folderLoads, folder);
    const parent = frame.parentImage[row] ?? MISSING;
    const process = parent === MISSING ? -1 : images.name(parent);
    if (process < 0) unattributed++;
    else {
      increment(processLoads, process);
      pairs.add(dll * nameCount + process);
    }
    let isUnusual = folderIsUnusual.get(folder);
    if (isUnusual === undefined) {
      const key = images.folders.key(folder);
      isUnusual = key !== '' && !isUsualDllFolder(key);
      folderIsUnusual.set(folder, isUnusual);
    }
    if (isUnusual) {
      unusualLoads++;
      let entry = unusualByFolder.get(folder);
      if (entry === undefined) {
        entry = { dlls: new Map(), processes: new Map() };
        unusualByFolder.set(folder, entry);
      }
      increment(entry.dlls, dll);
      if (process >= 0) increment(entry.processes, process);
    }
  }

  const processesPerDll = new Map<number, number>();
  const dllsPerProcess = new Map<number, number[]>();
  for (const pair of pairs) {
    const dll = Math.floor(pair / nameCount);
    const process = pair - dll * nameCount;
    increment(processesPerDll, dll);
    let list = dllsPerProcess.get(process);
    if (list === undefined) {
      list = [];
      dllsPerProcess.set(process, list);
    }
    list.push(dll);
  }
  const dllCount = (dll: number): DllCount => ({ name: nameText(dll), loads: dllLoads.get(dll) ?? 0, processes: processesPerDll.get(dll) ?? 0 });

  const unusualFolders = topKeys(new Map([...unusualByFolder].map(([folder]) => [folder, folderLoads.get(folder) ?? 0])), topN, folderText).map(
    (folder): UnusualFolder => {
      const entry = unusualByFolder.get(folder);
      return {
        folder: folderText(folder),
        loads: folderLoads.get(folder) ?? 0,
        dlls: entry ? topKeys(entry.dlls, MAX_LISTED, nameText).map(nameText) : [],
        processes: entry ? topKeys(entry.processes, MAX_LISTED, nameText).map(nameText) : [],
      };
    },
  );

  const processes = topKeys(processLoads, topN, nameText).map((process): ProcessLoadSet => {
    const dlls = dllsPerProcess.get(process) ?? [];
    const rarest = dlls
      .map(dllCount)
      .sort((a, b) => a.processes - b.processes || a.loads - b.loads || a.name.localeCompare(b.name))
      .slice(0, MAX_LISTED);
    return { name: nameText(process), loads: processLoads.get(process) ?? 0, dlls: dlls.length, rarest };
  });

  return {
    loads,
    distinctDlls: dllLoads.size,
    distinctFolders: folderLoads.size,
    loadingProcesses: processLoads.size,
    unattributed,
    topDlls: topKeys(dllLoads, topN, nameText).map(dllCount),
    topFolders: topKeys(folderLoads, topN, folderText).map((folder) => ({
      folder: folderText(folder),
      loads: folderLoads.get(folder) ?? 0,
      isUnusual: folderIsUnusual.get(folder) ?? false,
    })),
    unusualLoads,
    unusualFolders,
    processes,
  };
}
