/**
 * The built-in known-bad seed table, derived from LOLBAS and Sigma by
 * `scripts/derive-known-bad-table.mjs` and validated here before use.
 */
import rawSeedTable from './seedTable.json';

/** Where the table came from, with the licence notes the UI shows. */
export interface SeedSource {
  id: string;
  repository: string;
  commit: string;
  paths: string[];
  license: string;
  /** Sigma only: the rules used, named as the DRL 1.1 asks. */
  rules?: { id: string; title: string; author: string; file: string }[];
}

/** A folder with a lower-case comparison key and the spelling to show. */
export interface SeedFolder {
  /** Lower case, no volume, e.g. `\windows\system32`; may hold `*` or `<username>` placeholders. */
  key: string;
  /** e.g. `\Windows\System32`. */
  display: string;
}

/** One LOLBAS binary, script or library with its documented legitimate locations. */
export interface LolbasEntry {
  name: string;
  /** Lower-case name. */
  key: string;
  /** LOLBAS folder: OSBinaries, OSLibraries, OSScripts, OtherMSBinaries, HonorableMentions. */
  category: string;
  folders: SeedFolder[];
  /** ATT&CK technique ids of its documented abuses. */
  mitreIds: string[];
  /** LOLBAS command categories (Download, Execute, AWL Bypass, …). */
  uses: string[];
}

/**
 * A system binary that Sigma expects only in certain folders. Each pattern is a
 * case-insensitive glob (`*` = any characters) over the volume-less folder plus a trailing `\`.
 */
export interface SystemBinaryEntry {
  key: string;
  name: string;
  allowedFolders: string[];
  rules: string[];
}

/** One allowed parent: a name, a folder pattern (as in {@link SystemBinaryEntry}), or both. */
export interface AllowedParent {
  name: string | null;
  folder: string | null;
}

/** A Windows process whose parent Sigma checks. */
export interface WrongParentEntry {
  key: string;
  child: string;
  allowedParents: AllowedParent[];
  /** The rule does not fire when the parent is unknown. */
  allowsNoParent: boolean;
  rules: string[];
}

export interface SeedTable {
  schema: string;
  sources: SeedSource[];
  lolbas: LolbasEntry[];
  systemBinaries: SystemBinaryEntry[];
  wrongParents: WrongParentEntry[];
}

type Guard<T> = (value: unknown) => value is T;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isArrayOf<T>(guard: Guard<T>): Guard<T[]> {
  return (value: unknown): value is T[] => Array.isArray(value) && value.every((item) => guard(item));
}

const isStringArray = isArrayOf(isString);

function isRule(value: unknown): value is { id: string; title: string; author: string; file: string } {
  return isRecord(value) && isString(value.id) && isString(value.title) && isString(value.author) && isString(value.file);
}

function isSeedSource(value: unknown): value is SeedSource {
  return (
    isRecord(value) &&
    isString(value.id) &&
    isString(value.repository) &&
    isString(value.commit) &&
    isStringArray(value.paths) &&
    isString(value.license) &&
    (value.rules === undefined || isArrayOf(isRule)(value.rules))
  );
}

function isSeedFolder(value: unknown): value is SeedFolder {
  return isRecord(value) && isString(value.key) && isString(value.display) && value.key === value.display.toLowerCase();
}

function isLolbasEntry(value: unknown): value is LolbasEntry {
  return (
    isRecord(value) &&
    isString(value.name) &&
    isString(value.key) &&
    value.key === value.name.toLowerCase() &&
    isString(value.category) &&
    isArrayOf(isSeedFolder)(value.folders) &&
    isStringArray(value.mitreIds) &&
    isStringArray(value.uses)
  );
}

function isSystemBinaryEntry(value: unknown): value is SystemBinaryEntry {
  return (
    isRecord(value) &&
    isString(value.key) &&
    isString(value.name) &&
    value.key === value.name.toLowerCase() &&
    isStringArray(value.allowedFolders) &&
    isStringArray(value.rules)
  );
}

function isAllowedParent(value: unknown): value is AllowedParent {
  return isRecord(value) && isStringOrNull(value.name) && isStringOrNull(value.folder) && (value.name !== null || value.folder !== null);
}

function isWrongParentEntry(value: unknown): value is WrongParentEntry {
  return (
    isRecord(value) &&
    isString(value.key) &&
    isString(value.child) &&
    value.key === value.child.toLowerCase() &&
    isArrayOf(isAllowedParent)(value.allowedParents) &&
    typeof value.allowsNoParent === 'boolean' &&
    isStringArray(value.rules)
  );
}

const SCHEMA = 'etwlab-known-bad-seed/1';

/**
 * Checks a parsed seed table; throws naming the first section that does not have the expected shape.
 */
export function parseSeedTable(value: unknown): SeedTable {
  if (!isRecord(value)) throw new Error('Seed table: not an object.');
  if (value.schema !== SCHEMA) throw new Error(`Seed table: schema is ${String(value.schema)}, expected ${SCHEMA}.`);
  const { sources, lolbas, systemBinaries, wrongParents } = value;
  if (!isArrayOf(isSeedSource)(sources)) throw new Error('Seed table: "sources" has an unexpected shape.');
  if (!isArrayOf(isLolbasEntry)(lolbas)) throw new Error('Seed table: "lolbas" has an unexpected shape.');
  if (!isArrayOf(isSystemBinaryEntry)(systemBinaries)) throw new Error('Seed table: "systemBinaries" has an unexpected shape.');
  if (!isArrayOf(isWrongParentEntry)(wrongParents)) throw new Error('Seed table: "wrongParents" has an unexpected shape.');
  return { schema: SCHEMA, sources, lolbas, systemBinaries, wrongParents };
}

// eslint-disable-next-line no-restricted-syntax -- the built-in table, checked on first use, immutable after.
let cached: SeedTable | null = null;

/** The built-in table, checked once. */
export function loadSeedTable(): SeedTable {
  cached ??= parseSeedTable(rawSeedTable);
  return cached;
}

// eslint-disable-next-line no-restricted-syntax -- a memo of a pure function (pattern → RegExp without the g flag, so no lastIndex state).
const globCache = new Map<string, RegExp>();

/**
 * Case-insensitive glob over a folder: `*` matches any characters, `<placeholder>` one folder
 * segment. The folder is compared with a trailing `\` so that `\Windows\System32\*` matches
 * `\Windows\System32` itself.
 */
export function folderMatches(pattern: string, folder: string): boolean {
  let regex = globCache.get(pattern);
  if (regex === undefined) {
    const source = pattern
      .toLowerCase()
      .split(/(\*|<[^<>\\]*>)/)
      .map((part) => (part === '*' ? '.*' : part.startsWith('<') && part.endsWith('>') ? '[^\\\\]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${source}$`);
    globCache.set(pattern, regex);
  }
  const withSlash = folder.endsWith('\\') ? folder : `${folder}\\`;
  // LOLBAS folders are stored without the trailing slash; Sigma patterns with it.
  return regex.test(withSlash.toLowerCase()) || regex.test(folder.toLowerCase());
}

/** Legitimate folders of a name in the table (LOLBAS locations and Sigma's allowed folders), as patterns. */
export function seedFoldersFor(table: SeedTable, name: string): string[] {
  const key = name.toLowerCase();
  const folders: string[] = [];
  for (const entry of table.lolbas) if (entry.key === key) for (const folder of entry.folders) folders.push(folder.display);
  for (const entry of table.systemBinaries) if (entry.key === key) folders.push(...entry.allowedFolders);
  return folders;
}
