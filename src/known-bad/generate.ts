/**
 * Seeded synthetic known-bad process starts, shaped on the user's capture (its hosts, volumes,
 * folders and most frequent names) so that a model has to learn more than "unusual".
 * Two families, after the seed post: actor tooling mixed with the ordinary programs actors also
 * run, and impersonation of legitimate processes (wrong folder, near-miss name, wrong parent).
 */
import { splitImagePath } from '../lib/imagePath';
import { assertNever } from '../lib/assertNever';
import { seededRandom, type Random } from '../lib/random';
import type { IocEntry } from './iocCsv';
import type { CaptureProfile, ProfileImage } from './profile';
import { folderMatches, loadSeedTable, type LolbasEntry, type SeedTable, type WrongParentEntry } from './seedTable';
import { buildSessions, drawSessionTime, type ActorSession, type SessionPattern } from './sessions';
import type { KnownBadEvent, KnownBadKind } from './types';

/** Shares of the generated events by family; they need not sum to 1 (they are normalised). */
export interface KnownBadMix {
  actorTools: number;
  masqueradeFolder: number;
  nearMissName: number;
  wrongParent: number;
}

/** Everything that decides a generated set: the same settings give the same events. */
export interface KnownBadSettings {
  seed: number;
  /** Sessions drawn from the pattern when IOC and imported sessions are fewer. */
  sessions: number;
  eventsPerSession: number;
  mix: KnownBadMix;
  sessionPattern: SessionPattern;
  /** Let actors run LOLBAS binaries from their documented folders. */
  includeLolbas: boolean;
  /** Use Sigma's wrong-parent rule for wrong parents (else a built-in list of expected parents). */
  includeSigma: boolean;
  /** Imported IOC list: its names and folders join the actor tools, its first/last seen times become sessions. */
  iocs: readonly IocEntry[];
}

export const DEFAULT_KNOWN_BAD_SETTINGS: KnownBadSettings = {
  seed: 1,
  sessions: 6,
  eventsPerSession: 40,
  mix: { actorTools: 0.5, masqueradeFolder: 1 / 6, nearMissName: 1 / 6, wrongParent: 1 / 6 },
  sessionPattern: { kind: 'night' },
  includeLolbas: true,
  includeSigma: true,
  iocs: [],
};

export interface KnownBadRun {
  events: KnownBadEvent[];
  sessions: ActorSession[];
  /** Events per kind. */
  counts: Record<Exclude<KnownBadKind, 'imported'>, number>;
}

type ParentRule = { kind: 'sigma'; entry: WrongParentEntry } | { kind: 'expected'; names: readonly string[] };

interface ImageSpec {
  name: string;
  folder: string;
}

interface ActorTool {
  name: string;
  what: string;
  /** Fixed folder (PsExec's service lands in \Windows); otherwise an actor folder is drawn. */
  folder?: string;
}

/** Tools seen in intrusion reports, some under the plain or renamed names actors give them. */
const ACTOR_TOOLS: readonly ActorTool[] = [
  { name: 'mimikatz.exe', what: 'credential dumper' },
  { name: 'mm64.exe', what: 'renamed credential dumper' },
  { name: 'kiwi.exe', what: 'renamed credential dumper' },
  { name: 'PsExec.exe', what: 'remote execution' },
  { name: 'PsExec64.exe', what: 'remote execution' },
  { name: 'PSEXESVC.exe', what: 'PsExec service on the target', folder: '\\Windows' },
  { name: 'procdump64.exe', what: 'memory dumper (LSASS dumps)' },
  { name: 'rclone.exe', what: 'exfiltration to cloud storage' },
  { name: 'AdFind.exe', what: 'Active Directory discovery' },
  { name: 'SharpHound.exe', what: 'Active Directory discovery' },
  { name: 'Rubeus.exe', what: 'Kerberos abuse' },
  { name: '7z.exe', what: 'archiver for staging' },
  { name: '7za.exe', what: 'archiver for staging' },
  { name: 'rar.exe', what: 'archiver for staging' },
  { name: 'nc.exe', what: 'netcat' },
  { name: 'plink.exe', what: 'SSH tunnelling' },
  { name: 'chisel.exe', what: 'tunnelling' },
  { name: 'ngrok.exe', what: 'tunnelling' },
  { name: 'netscan.exe', what: 'network scanner' },
  { name: 'AnyDesk.exe', what: 'remote access' },
];

/** Where actors drop tools; `<user>` becomes a user folder seen in the capture. */
const ACTOR_FOLDERS: readonly string[] = [
  '\\Users\\Public',
  '\\ProgramData',
  '\\Windows\\Temp',
  '\\PerfLogs',
  '\\Users\\<user>\\AppData\\Local\\Temp',
  '\\Users\\<user>\\Downloads',
];

/** Folders a masquerading copy of a system binary is dropped into. */
const MASQUERADE_FOLDERS: readonly string[] = [
  '\\Users\\Public',
  '\\ProgramData',
  '\\Windows\\Temp',
  '\\Users\\<user>\\AppData\\Roaming',
  '\\Users\\<user>\\AppData\\Local\\Temp',
  '\\PerfLogs',
];

/** Ordinary programs actors run for discovery, from their real folders. */
const ORDINARY_PROGRAMS: readonly ImageSpec[] = [
  { name: 'cmd.exe', folder: '\\Windows\\System32' },
  { name: 'powershell.exe', folder: '\\Windows\\System32\\WindowsPowerShell\\v1.0' },
  { name: 'whoami.exe', folder: '\\Windows\\System32' },
  { name: 'net.exe', folder: '\\Windows\\System32' },
  { name: 'net1.exe', folder: '\\Windows\\System32' },
  { name: 'nltest.exe', folder: '\\Windows\\System32' },
  { name: 'ipconfig.exe', folder: '\\Windows\\System32' },
  { name: 'systeminfo.exe', folder: '\\Windows\\System32' },
  { name: 'tasklist.exe', folder: '\\Windows\\System32' },
  { name: 'quser.exe', folder: '\\Windows\\System32' },
  { name: 'hostname.exe', folder: '\\Windows\\System32' },
  { name: 'netstat.exe', folder: '\\Windows\\System32' },
  { name: 'ping.exe', folder: '\\Windows\\System32' },
  { name: 'reg.exe', folder: '\\Windows\\System32' },
  { name: 'sc.exe', folder: '\\Windows\\System32' },
  { name: 'schtasks.exe', folder: '\\Windows\\System32' },
  { name: 'WMIC.exe', folder: '\\Windows\\System32\\wbem' },
  { name: 'arp.exe', folder: '\\Windows\\System32' },
  { name: 'klist.exe', folder: '\\Windows\\System32' },
];

/** System processes used when a capture is too small to name its own. */
const FALLBACK_SYSTEM_IMAGES: readonly ImageSpec[] = [
  { name: 'svchost.exe', folder: '\\Windows\\System32' },
  { name: 'lsass.exe', folder: '\\Windows\\System32' },
  { name: 'services.exe', folder: '\\Windows\\System32' },
  { name: 'explorer.exe', folder: '\\Windows' },
  { name: 'RuntimeBroker.exe', folder: '\\Windows\\System32' },
  { name: 'taskhostw.exe', folder: '\\Windows\\System32' },
  { name: 'conhost.exe', folder: '\\Windows\\System32' },
  { name: 'dllhost.exe', folder: '\\Windows\\System32' },
];

/** Expected parents of Windows processes (Windows process genealogy), used without Sigma. */
const EXPECTED_PARENTS: Readonly<Record<string, readonly string[]>> = {
  'svchost.exe': ['services.exe'],
  'spoolsv.exe': ['services.exe'],
  'lsass.exe': ['wininit.exe'],
  'lsaiso.exe': ['wininit.exe'],
  'services.exe': ['wininit.exe'],
  'lsm.exe': ['wininit.exe'],
  'wininit.exe': ['smss.exe'],
  'winlogon.exe': ['smss.exe'],
  'csrss.exe': ['smss.exe'],
  'taskhostw.exe': ['svchost.exe'],
  'taskhost.exe': ['services.exe', 'svchost.exe'],
  'runtimebroker.exe': ['svchost.exe'],
};

/** Parents that start a system process in intrusions, from outside and inside System32. */
const WRONG_PARENTS: readonly ImageSpec[] = [
  { name: 'explorer.exe', folder: '\\Windows' },
  { name: 'WINWORD.EXE', folder: '\\Program Files\\Microsoft Office\\root\\Office16' },
  { name: 'EXCEL.EXE', folder: '\\Program Files\\Microsoft Office\\root\\Office16' },
  { name: 'OUTLOOK.EXE', folder: '\\Program Files\\Microsoft Office\\root\\Office16' },
  { name: 'chrome.exe', folder: '\\Program Files\\Google\\Chrome\\Application' },
  { name: 'msedge.exe', folder: '\\Program Files (x86)\\Microsoft\\Edge\\Application' },
  { name: 'update.exe', folder: '\\Users\\Public' },
  { name: 'svc.exe', folder: '\\ProgramData' },
  { name: 'cmd.exe', folder: '\\Windows\\System32' },
  { name: 'powershell.exe', folder: '\\Windows\\System32\\WindowsPowerShell\\v1.0' },
  { name: 'rundll32.exe', folder: '\\Windows\\System32' },
];

const TOP_NAMES = 20;
const SYSTEM_USERS = new Set(['public', 'default', 'default user', 'all users', 'defaultapppool']);
const VOWELS = 'aeiou';
const LOOKALIKES: Readonly<Record<string, readonly string[]>> = { l: ['1', 'i'], i: ['l', '1'], o: ['0'], '0': ['o'], '1': ['l'], s: ['5'] };

const lower = (s: string): string => s.toLowerCase();

/** Splits a total into whole counts proportional to the weights (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + Math.max(0, w), 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, c) => a + c, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

/** Damerau–Levenshtein (optimal string alignment) distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = lower(a);
  const t = lower(b);
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(s.length, t.length);
}

/** One near-miss spelling of a file name's stem: a transposition, deletion, substitution or doubling. */
function nearMissStem(stem: string, random: Random): string {
  const op = random.int(4);
  const i = random.int(stem.length);
  const c = stem[i] ?? '';
  switch (op) {
    case 0: {
      // Swap with the next character (svchost → scvhost).
      const j = Math.min(i, stem.length - 2);
      if (j < 0) return stem;
      return stem.slice(0, j) + (stem[j + 1] ?? '') + (stem[j] ?? '') + stem.slice(j + 2);
    }
    case 1:
      // Drop a character (lsass → lsas).
      return stem.slice(0, i) + stem.slice(i + 1);
    case 2: {
      // Another vowel or a look-alike (explorer → explorar, lsass → 1sass).
      const lc = lower(c);
      const choices = VOWELS.includes(lc) ? [...VOWELS].filter((v) => v !== lc) : (LOOKALIKES[lc] ?? []);
      if (choices.length === 0) return stem;
      const replacement = random.pick(choices);
      return stem.slice(0, i) + (c === lc ? replacement : replacement.toUpperCase()) + stem.slice(i + 1);
    }
    default:
      // A doubled letter (svchost → svchosst).
      return stem.slice(0, i + 1) + c + stem.slice(i + 1);
  }
}

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

/** Per-run context: the capture's style and everything known to be legitimate. */
class Generator {
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

const KINDS = ['actor-tool', 'masquerade-folder', 'near-miss-name', 'wrong-parent'] as const;

/**
 * Generates known-bad process starts for a capture. The same profile, settings and examples
 * give the same events; `seedExamples` (imported real known-bad) add their names, folders and
 * sessions. `table` defaults to the built-in LOLBAS/Sigma seed table.
 */
export function generateKnownBad(
  profile: CaptureProfile,
  settings: KnownBadSettings,
  seedExamples: readonly KnownBadEvent[] = [],
  table: SeedTable = loadSeedTable(),
): KnownBadRun {
  const random = seededRandom(settings.seed);
  const sessions = buildSessions(profile, {
    count: settings.sessions,
    pattern: settings.sessionPattern,
    iocs: settings.iocs,
    examples: seedExamples,
    random,
  });
  const generator = new Generator(profile, settings, table, seedExamples, random);
  const shells = sessions.map(() => generator.shell());
  const total = sessions.length * Math.max(0, Math.floor(settings.eventsPerSession));
  const { actorTools, masqueradeFolder, nearMissName, wrongParent } = settings.mix;
  const perKind = apportion(total, [actorTools, masqueradeFolder, nearMissName, wrongParent]);
  const kinds: (typeof KINDS)[number][] = [];
  KINDS.forEach((kind, i) => {
    for (let n = 0; n < (perKind[i] ?? 0); n++) kinds.push(kind);
  });

  const counts = { 'actor-tool': 0, 'masquerade-folder': 0, 'near-miss-name': 0, 'wrong-parent': 0 };
  const events: KnownBadEvent[] = [];
  if (sessions.length === 0) return { events, sessions, counts };
  for (const kind of kinds) {
    const sessionIndex = random.int(sessions.length);
    const session = sessions[sessionIndex];
    const shell = shells[sessionIndex];
    if (session === undefined || shell === undefined) continue;
    const event = generator.event(kind, session, shell);
    if (event === null) continue;
    counts[kind]++;
    events.push(event);
  }
  events.sort((a, b) => a.timeMs - b.timeMs || a.sessionId - b.sessionId);
  return { events, sessions, counts };
}
