/**
 * Velociraptor offline-collector and export zips (docs/formats.md §2): the rows live in
 * `results/<Artifact>.json` (JSON Lines) and optionally `results/<Artifact>.csv`; everything
 * else (uploads, `.index` files, logs, client info) is skipped and summarised. Each result
 * entry is streamed through the text readers as if it were its own file.
 */
import { entryDataOffset, entryStream, readZipDirectory } from './zipArchive';
import type { ZipEntry, ZipFile } from './zipArchive';
import type { CaptureSource, IngestSink, ReadOutcome } from './types';
import { errorMessage } from '../lib/errorMessage';

/** Why an entry is not read (or that it is). */
/** A skipped group's name for one entry and for several ("1 folder", "2 folders"). */
type SkipGroup = readonly [one: string, many: string];
type EntryChoice = { readonly kind: 'read' } | { readonly kind: 'skip'; readonly group: SkipGroup };

const RESULT_FILE = /(?:^|\/)results\/.+\.(?:json|jsonl|csv)$/i;
const METADATA_NAMES: ReadonlySet<string> = new Set([
  'log.json',
  'client_info.json',
  'collection_context.json',
  'requests.json',
  'uploads.json',
  'log.csv',
  'uploads.csv',
]);

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Result files are read; a CSV beside a JSON of the same results is skipped (the same rows
 * twice); uploads, indexes and collection metadata are skipped by group.
 */
function chooseEntry(entry: ZipEntry, names: ReadonlySet<string>): EntryChoice {
  const name = entry.name;
  const lower = name.toLowerCase();
  if (entry.isDirectory) return { kind: 'skip', group: ['folder', 'folders'] };
  if (lower.startsWith('uploads/') || lower.includes('/uploads/')) return { kind: 'skip', group: ['file in uploads/', 'files in uploads/'] };
  if (lower.endsWith('.index')) return { kind: 'skip', group: ['.index file', '.index files'] };
  if (METADATA_NAMES.has(baseName(lower))) return { kind: 'skip', group: ['collection metadata file', 'collection metadata files'] };
  if (!RESULT_FILE.test(name)) return { kind: 'skip', group: ['other file', 'other files'] };
  if (lower.endsWith('.csv') && (names.has(`${name.slice(0, -4)}.json`) || names.has(`${name.slice(0, -4)}.jsonl`))) {
    return { kind: 'skip', group: ['CSV copy of JSON results', 'CSV copies of JSON results'] };
  }
  if (entry.isEncrypted) return { kind: 'skip', group: ['encrypted entry', 'encrypted entries'] };
  if (entry.method !== 0 && entry.method !== 8)
    return { kind: 'skip', group: [`entry with compression method ${entry.method}`, `entries with compression method ${entry.method}`] };
  return { kind: 'read' };
}

/** Velociraptor escapes special characters of artifact names in archive paths (`%2F`). */
function displayName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

const MAX_CLIENT_INFO_BYTES = 1024 * 1024;

function stringField(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const field: unknown = Object.entries(value).find(([name]) => name === key)?.[1];
  return typeof field === 'string' && field !== '' ? field : null;
}

/** Hostname (else Fqdn) from the collector's client_info.json, which result rows lack. */
async function hostFromClientInfo(file: ZipFile, entries: readonly ZipEntry[]): Promise<string | null> {
  const info = entries.find((entry) => baseName(entry.name.toLowerCase()) === 'client_info.json');
  if (info === undefined || info.uncompressedSize > MAX_CLIENT_INFO_BYTES || info.isEncrypted) return null;
  try {
    const text = await new Response(entryStream(file, info, await entryDataOffset(file, info))).text();
    const parsed: unknown = JSON.parse(text);
    return stringField(parsed, 'Hostname') ?? stringField(parsed, 'Fqdn');
  } catch {
    return null;
  }
}

/** Reads one text capture: readCapture, passed in so the two modules do not import each other. */
export type ReadText = (source: CaptureSource, sink: IngestSink, hostFallback: string | undefined, signal: AbortSignal | undefined) => Promise<ReadOutcome>;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Reads the result entries of a zip archive into the sink. Problem lines name the entry as
 * `<zip>/<entry>`. The outcome's note lists what was read and what was skipped.
 */
export async function readZipCapture(
  source: CaptureSource & ZipFile,
  sink: IngestSink,
  options: { readonly hostFallback?: string; readonly signal?: AbortSignal },
  readText: ReadText,
): Promise<ReadOutcome> {
  const file = source.name;
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectory(source);
  } catch (error) {
    options.signal?.throwIfAborted();
    const message = errorMessage(error);
    return { format: 'zip', isGzip: false, rows: 0, fatal: `${file} is not a readable zip archive (${message})` };
  }
  const names = new Set(entries.map((entry) => entry.name));
  const toRead: ZipEntry[] = [];
  // Keyed by the plural name: one count per group, in the order groups are first met.
  const skipped = new Map<string, { group: SkipGroup; count: number }>();
  for (const entry of entries) {
    const choice = chooseEntry(entry, names);
    if (choice.kind === 'read') toRead.push(entry);
    else {
      const seen = skipped.get(choice.group[1]);
      skipped.set(choice.group[1], { group: choice.group, count: (seen?.count ?? 0) + 1 });
    }
  }
  const skippedText =
    skipped.size === 0
      ? 'nothing skipped'
      : `skipped ${[...skipped.values()].map(({ group, count }) => `${count} ${count === 1 ? group[0] : group[1]}`).join(', ')}`;
  if (toRead.length === 0) {
    return {
      format: 'zip',
      isGzip: false,
      rows: 0,
      fatal: `${file} is a zip archive without results/*.json or results/*.csv (${entries.length === 1 ? '1 entry' : `${entries.length} entries`}; ${skippedText})`,
    };
  }
  const hostFallback = options.hostFallback ?? (await hostFromClientInfo(source, entries)) ?? undefined;

  let rows = 0;
  const read: string[] = [];
  const empty: string[] = [];
  for (const entry of toRead) {
    options.signal?.throwIfAborted();
    const dataOffset = await entryDataOffset(source, entry);
    let compressedRead = 0;
    const entrySource: CaptureSource = {
      name: `${file}/${displayName(entry.name)}`,
      size: entry.uncompressedSize,
      stream: () => entryStream(source, entry, dataOffset, (count) => (compressedRead += count)),
    };
    const entrySink: IngestSink = {
      event: (event) => sink.event(event),
      problem: (problem) => sink.problem(problem),
      ignored: (reason) => sink.ignored(reason),
      progress: () => sink.progress(dataOffset + Math.min(compressedRead, entry.compressedSize)),
    };
    const outcome = await readText(entrySource, entrySink, hostFallback, options.signal);
    rows += outcome.rows;
    if (outcome.fatal === null) read.push(displayName(entry.name));
    else empty.push(displayName(entry.name));
  }
  sink.progress(source.size);
  const emptyText = empty.length === 0 ? '' : `; no process events in ${empty.join(', ')}`;
  const note = `Read ${plural(read.length, 'result file')}${read.length > 0 ? ` (${read.join(', ')})` : ''}${emptyText}; ${skippedText}.`;
  const fatal = read.length === 0 ? `${file} holds no process events in its results (${empty.join(', ')})` : null;
  return { format: 'zip', isGzip: false, rows, fatal, note };
}
