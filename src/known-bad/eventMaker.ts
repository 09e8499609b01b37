/** Makes single known-bad process starts shaped on a capture: one method per kind. */
import { splitImagePath } from '../lib/imagePath';
import { assertNever } from '../lib/assertNever';
import type { Random } from '../lib/random';
import {
  ACTOR_FOLDERS,
  ACTOR_TOOLS,
  EXPECTED_PARENTS,
  FALLBACK_SYSTEM_IMAGES,
  MASQUERADE_FOLDERS,
  ORDINARY_PROGRAMS,
  WRONG_PARENTS,
  type ActorTool,
  type ImageSpec,
} from './actorCatalog';
import type { IocEntry } from './iocCsv';
import { nearMissStem } from './nearMiss';
import type { CaptureProfile, ProfileImage } from './profile';
import { folderMatches, type LolbasEntry, type SeedTable, type WrongParentEntry } from './seedTable';
import { drawSessionTime, type ActorSession } from './sessions';
import type { KnownBadSettings } from './settings';
import type { KnownBadEvent, KnownBadKind } from './types';

type ParentRule = { kind: 'sigma'; entry: WrongParentEntry } | { kind: 'expected'; names: readonly string[] };

const TOP_NAMES = 20;
const SYSTEM_USERS: ReadonlySet<string> = new Set(['public', 'default', 'default user', 'all users', 'defaultapppool']);

const lower = (s: string): string => s.toLowerCase();

function imagePath(volume: string, folder: string, name: string): string {
  return `${volume}${folder === '\\' ? '' : folder}\\${name}`;
}

function dominantVolume(profile: CaptureProfile): string {
  const counts = new Map<string, number>();
  for (const image of profile.names) if (image.volume !== '') counts.set(image.volume, (counts.get(image.volume) ?? 0) + image.count);
  let best = 'C:';
  let bestCount = 0;
  for (const [volume, count] of counts) {
    if (count > bestCount) {
      best = volume;
      bestCount = count;
    }
  }
  return best;
}

function usersOf(profile: CaptureProfile): string[] {
  const users = new Set<string>();
  for (const image of profile.names) {
    const match = /^\\Users\\([^\\]+)/i.exec(image.folder);
    if (match?.[1] !== undefined && !SYSTEM_USERS.has(lower(match[1]))) users.add(match[1]);
  }
  return users.size > 0 ? [...users].sort() : ['Administrator'];
}

/**
 * Per-run context: the capture's style and everything known to be legitimate, and one maker per
 * kind of known-bad start. All draws come from the one `random`, in call order, so a run is
 * reproducible from its seed.
 */
export class KnownBadMaker {
  private readonly volume: string;
  private readonly users: string[];
  private readonly profileByName = new Map<string, ProfileImage[]>();
  private readonly knownNames = new Set<string>();
  private readonly topImages: ProfileImage[];
  private readonly lolbas: LolbasEntry[];
  private readonly toolPool: { spec: ImageSpec | null; tool: ActorTool; source: string }[] = [];

  constructor(
    profile: CaptureProfile,
    private readonly settings: KnownBadSettings,
    private readonly table: SeedTable,
    seedExamples: readonly KnownBadEvent[],
    private readonly random: Random,
  ) {
    this.volume = dominantVolume(profile);
    this.users = usersOf(profile);
    for (const image of profile.names) {
      const list = this.profileByName.get(lower(image.name)) ?? [];
      list.push(image);
      this.profileByName.set(lower(image.name), list);
      this.knownNames.add(lower(image.name));
    }
    for (const spec of [...ORDINARY_PROGRAMS, ...FALLBACK_SYSTEM_IMAGES, ...WRONG_PARENTS]) this.knownNames.add(lower(spec.name));
    for (const entry of table.lolbas) this.knownNames.add(entry.key);
    for (const entry of table.systemBinaries) this.knownNames.add(entry.key);

    const seen = new Set<string>();
    this.topImages = [];
    for (const image of profile.names) {
      if (!lower(image.name).endsWith('.exe') || seen.has(lower(image.name))) continue;
      seen.add(lower(image.name));
      this.topImages.push(image);
      if (this.topImages.length === TOP_NAMES) break;
    }
    if (this.topImages.length === 0) {
      this.topImages = FALLBACK_SYSTEM_IMAGES.map((spec) => ({ ...spec, volume: this.volume, count: 0, parents: [] }));
    }
    this.lolbas = table.lolbas.filter((entry) => entry.key.endsWith('.exe') && entry.folders.some((f) => this.usableFolder(f.display)));

    for (const entry of settings.iocs) {
      const spec = this.iocSpec(entry);
      if (spec === null) continue;
      const what = entry.note ?? (entry.actor === null ? 'from the IOC list' : `used by ${entry.actor}`);
      this.toolPool.push({ spec, tool: { name: spec.name, what }, source: `IOC list line ${entry.line}` });
    }
    for (const example of seedExamples) {
      const parts = splitImagePath(example.imageName);
      if (parts.name === '' || parts.folder === '') continue;
      this.toolPool.push({
        spec: { name: parts.name, folder: parts.folder },
        tool: { name: parts.name, what: 'as in an imported example' },
        source: 'imported',
      });
    }
  }

  private usableFolder(folder: string): boolean {
    return !folder.includes('*') && !/<(?!username>)[^>]*>/i.test(folder);
  }

  private withUser(folder: string): string {
    return /<user(name)?>/i.test(folder) ? folder.replace(/<user(name)?>/gi, this.random.pick(this.users)) : folder;
  }

  /** The capture's spelling of a folder when it has this image there (keeps `system32` vs `System32`). */
  private captureSpelling(name: string, folder: string): string {
    const match = this.profileByName.get(lower(name))?.find((image) => lower(image.folder) === lower(folder));
    return match?.folder ?? folder;
  }

  private volumeFor(name: string, folder: string): string {
    const match = this.profileByName.get(lower(name))?.find((image) => lower(image.folder) === lower(folder));
    return match !== undefined && match.volume !== '' ? match.volume : this.volume;
  }

  private path(spec: ImageSpec): string {
    return imagePath(this.volumeFor(spec.name, spec.folder), this.captureSpelling(spec.name, spec.folder), spec.name);
  }

  private iocSpec(entry: IocEntry): ImageSpec | null {
    const path = entry.path === null ? null : splitImagePath(entry.path);
    const hasWildcard = (s: string): boolean => s.includes('*');
    let name = entry.name;
    let folder: string | null = null;
    if (path !== null) {
      // A path naming a file (its last part has an extension and matches the name, or no name given).
      const looksLikeFile = /\.[a-z0-9]{2,4}$/i.test(path.name) && (name === null || lower(name) === lower(path.name));
      if (looksLikeFile) {
        name ??= path.name;
        folder = path.folder;
      } else {
        folder = path.folder === '\\' ? `\\${path.name}` : `${path.folder}\\${path.name}`;
      }
    }
    if (name === null || hasWildcard(name)) return null;
    if (folder !== null && (hasWildcard(folder) || folder === '')) folder = null;
    return { name, folder: folder ?? this.withUser(this.random.pick(ACTOR_FOLDERS)) };
  }

  /** Folders where this name is legitimate: the capture's, LOLBAS's and Sigma's. */
  isLegitFolder(name: string, folder: string): boolean {
    const key = lower(name);
    if (this.profileByName.get(key)?.some((image) => lower(image.folder) === lower(folder))) return true;
    for (const entry of this.table.lolbas) if (entry.key === key && entry.folders.some((f) => folderMatches(f.key, folder))) return true;
    for (const entry of this.table.systemBinaries) if (entry.key === key && entry.allowedFolders.some((p) => folderMatches(p, folder))) return true;
    return false;
  }

  /** A cmd or PowerShell the actor works from, one per session. */
  shell(): { spec: ImageSpec; pid: number } {
    const spec = this.random.next() < 0.5 ? ORDINARY_PROGRAMS[0] : ORDINARY_PROGRAMS[1];
    return { spec: spec ?? { name: 'cmd.exe', folder: '\\Windows\\System32' }, pid: this.pid() };
  }

  pid(): number {
    return 4 * (100 + this.random.int(15_000));
  }

  actorTool(): { spec: ImageSpec; note: string } {
    const r = this.random.next();
    const lolbasShare = this.settings.includeLolbas && this.lolbas.length > 0 ? 0.2 : 0;
    const poolShare = this.toolPool.length > 0 ? 0.3 : 0;
    if (r < poolShare) {
      const { spec, tool, source } = this.random.pick(this.toolPool);
      const folder = spec?.folder ?? this.withUser(this.random.pick(ACTOR_FOLDERS));
      return { spec: { name: tool.name, folder }, note: `${tool.name} (${tool.what}) in ${folder}, ${source}` };
    }
    if (r < poolShare + lolbasShare) {
      const entry = this.random.pick(this.lolbas);
      const folders = entry.folders.filter((f) => this.usableFolder(f.display));
      const folder = this.withUser(this.random.pick(folders).display);
      const uses = entry.uses.slice(0, 3).join(', ');
      return {
        spec: { name: entry.name, folder },
        note: `${entry.name} from ${folder}: LOLBAS (${uses}; ${entry.mitreIds.slice(0, 3).join(', ')})`,
      };
    }
    // The rest splits evenly between tools and ordinary programs.
    if (this.random.next() < 0.5) {
      const tool = this.random.pick(ACTOR_TOOLS);
      const folder = tool.folder ?? this.withUser(this.random.pick(ACTOR_FOLDERS));
      return { spec: { name: tool.name, folder }, note: `${tool.name} (${tool.what}) in ${folder}` };
    }
    const program = this.random.pick(ORDINARY_PROGRAMS);
    return { spec: program, note: `${program.name} from ${program.folder}, an ordinary program run by the actor` };
  }

  masquerade(): { spec: ImageSpec; note: string } | null {
    for (let attempt = 0; attempt < 20; attempt++) {
      const original = this.random.pick(this.topImages);
      const folders = MASQUERADE_FOLDERS.map((f) => this.withUser(f)).filter((f) => !this.isLegitFolder(original.name, f));
      if (folders.length === 0) continue;
      const folder = this.random.pick(folders);
      return { spec: { name: original.name, folder }, note: `${original.name} in ${folder} instead of ${original.folder}` };
    }
    return null;
  }

  nearMiss(): { spec: ImageSpec; original: ProfileImage; note: string } | null {
    for (let attempt = 0; attempt < 40; attempt++) {
      const original = this.random.pick(this.topImages);
      const dot = original.name.lastIndexOf('.');
      const stem = dot > 0 ? original.name.slice(0, dot) : original.name;
      const extension = dot > 0 ? original.name.slice(dot) : '';
      if (stem.length < 3) continue;
      const variant = `${nearMissStem(stem, this.random)}${extension}`;
      if (lower(variant) === lower(original.name) || this.knownNames.has(lower(variant))) continue;
      return {
        spec: { name: variant, folder: original.folder },
        original,
        note: `${variant} in ${original.folder}: a near-miss of ${original.name}`,
      };
    }
    return null;
  }

  /** Sigma's entry for a child, or the built-in expected parents. */
  private parentRule(child: string): ParentRule | null {
    if (this.settings.includeSigma) {
      const entry = this.table.wrongParents.find((e) => e.key === lower(child));
      return entry === undefined ? null : { kind: 'sigma', entry };
    }
    const names = EXPECTED_PARENTS[lower(child)];
    return names === undefined ? null : { kind: 'expected', names };
  }

  /** Whether a parent is allowed for the child by the rule in use or by the capture itself. */
  isAllowedParent(child: string, parent: ImageSpec): boolean {
    const seenInCapture = this.profileByName.get(lower(child))?.some((image) => image.parents.some((p) => lower(p.name) === lower(parent.name)));
    if (seenInCapture === true) return true;
    const rule = this.parentRule(child);
    if (rule === null) return false;
    if (rule.kind === 'expected') return rule.names.some((name) => lower(name) === lower(parent.name));
    return rule.entry.allowedParents.some(
      (allowed) =>
        (allowed.name === null || lower(allowed.name) === lower(parent.name)) && (allowed.folder === null || folderMatches(allowed.folder, parent.folder)),
    );
  }

  wrongParent(): { spec: ImageSpec; parent: ImageSpec; note: string } | null {
    const children = this.settings.includeSigma ? this.table.wrongParents.map((entry) => entry.child) : Object.keys(EXPECTED_PARENTS);
    if (children.length === 0) return null;
    // Children the capture has first: their folder and spelling are the capture's.
    const inCapture = children.filter((child) => this.profileByName.has(lower(child)));
    for (let attempt = 0; attempt < 20; attempt++) {
      const child = this.random.pick(inCapture.length > 0 && this.random.next() < 0.8 ? inCapture : children);
      const image = this.profileByName.get(lower(child))?.[0];
      const spec: ImageSpec = image !== undefined ? { name: image.name, folder: image.folder } : { name: child, folder: '\\Windows\\System32' };
      const parents = WRONG_PARENTS.filter((parent) => !this.isAllowedParent(spec.name, parent));
      if (parents.length === 0) continue;
      const parent = this.random.pick(parents);
      const expected = EXPECTED_PARENTS[lower(child)]?.join(' or ') ?? 'its usual parent';
      return { spec, parent, note: `${spec.name} started by ${parent.name} (${parent.folder}) instead of ${expected}` };
    }
    return null;
  }

  /** The capture's usual parent of an image, as a full path, when the capture knows it. */
  usualParent(image: ProfileImage): string | null {
    const parentName = image.parents[0]?.name;
    if (parentName === undefined) return null;
    const parentImage = this.profileByName.get(lower(parentName))?.[0];
    return parentImage === undefined ? null : imagePath(parentImage.volume || this.volume, parentImage.folder, parentImage.name);
  }

  event(kind: Exclude<KnownBadKind, 'imported'>, session: ActorSession, shell: { spec: ImageSpec; pid: number }): KnownBadEvent | null {
    const base = { eventId: 1 as const, timeMs: drawSessionTime(session, this.random), host: session.host, sessionId: session.id, kind };
    const shellPath = this.path(shell.spec);
    switch (kind) {
      case 'actor-tool': {
        const { spec, note } = this.actorTool();
        return { ...base, imageName: this.path(spec), parentImage: shellPath, processId: this.pid(), parentProcessId: shell.pid, note };
      }
      case 'masquerade-folder': {
        const made = this.masquerade();
        if (made === null) return null;
        return {
          ...base,
          imageName: imagePath(this.volume, made.spec.folder, made.spec.name),
          parentImage: shellPath,
          processId: this.pid(),
          parentProcessId: shell.pid,
          note: made.note,
        };
      }
      case 'near-miss-name': {
        const made = this.nearMiss();
        if (made === null) return null;
        const usual = this.usualParent(made.original);
        return {
          ...base,
          imageName: imagePath(made.original.volume || this.volume, made.spec.folder, made.spec.name),
          parentImage: usual ?? shellPath,
          processId: this.pid(),
          parentProcessId: usual === null ? shell.pid : this.pid(),
          note: made.note,
        };
      }
      case 'wrong-parent': {
        const made = this.wrongParent();
        if (made === null) return null;
        return {
          ...base,
          imageName: this.path(made.spec),
          parentImage: imagePath(this.volume, made.parent.folder, made.parent.name),
          processId: this.pid(),
          parentProcessId: this.pid(),
          note: made.note,
        };
      }
      default:
        return assertNever(kind, 'known-bad kind');
    }
  }
}
