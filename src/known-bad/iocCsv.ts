/**
 * Reads a hunter's IOC list (CSV) of known-bad images: names and paths, optionally when and at
 * what hours the actor was active. Bad rows are reported with their line and skipped; good rows
 * are kept.
 */
import Papa from 'papaparse';

/** Hours of day, UTC, both ends included; `from > to` wraps past midnight (`22-5` = 22,23,0,…,5). */
export interface HourSpan {
  from: number;
  to: number;
}

export interface IocEntry {
  /** 1-based line where the row starts. */
  line: number;
  /** Image file name, may hold `*` wildcards; null when only a path is given. */
  name: string | null;
  /** A folder or a full path (any volume style), may hold `*`; null when only a name is given. */
  path: string | null;
  /** Epoch ms UTC; times without a zone are read as UTC. */
  firstSeenMs: number | null;
  lastSeenMs: number | null;
  hours: HourSpan | null;
  actor: string | null;
  note: string | null;
}

export interface IocProblem {
  line: number;
  reason: string;
}

export interface IocParseResult {
  entries: IocEntry[];
  problems: IocProblem[];
}

const COLUMNS = ['name', 'path', 'first_seen', 'last_seen', 'hours', 'actor', 'note'] as const;
type Column = (typeof COLUMNS)[number];

function isColumn(header: string): header is Column {
  return COLUMNS.some((column) => column === header);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO 8601 date or date-time; without a zone it is UTC. NaN when not a valid date. */
export function parseUtcTime(text: string): number {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return NaN;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  // Date.UTC rolls 2024-02-31 into March: reject instead.
  if (new Date(ms).getUTCDate() !== day) return NaN;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

/** `22-5`, `22-05`, `9–17`: hours 0–23, both ends included. Null when not of that form. */
export function parseHourSpan(text: string): HourSpan | null {
  const match = /^(\d{1,2})\s*[-–]\s*(\d{1,2})$/.exec(text.trim());
  if (!match) return null;
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from > 23 || to > 23) return null;
  return { from, to };
}

function lineAt(text: string, offset: number, from: { offset: number; line: number }): number {
  let line = from.line;
  for (let i = from.offset; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  from.offset = offset;
  from.line = line;
  return line;
}

/** Parses an IOC list; headers are case-insensitive, a leading BOM is ignored, extra columns are ignored. */
export function parseIocCsv(csvText: string): IocParseResult {
  const text = csvText.startsWith('\uFEFF') ? csvText.slice(1) : csvText;
  const entries: IocEntry[] = [];
  const problems: IocProblem[] = [];
  const rows: { cells: string[]; line: number; errors: string[] }[] = [];
  const position = { offset: 0, line: 1 };
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    header: false,
    step(result) {
      const line = lineAt(text, rowStart, position);
      rowStart = result.meta.cursor;
      rows.push({ cells: result.data, line, errors: result.errors.map((e) => e.message) });
    },
  });

  const headerRow = rows.find((row) => row.cells.some((cell) => cell.trim() !== ''));
  if (headerRow === undefined) return { entries, problems: [{ line: 1, reason: 'The file is empty.' }] };
  const columnIndex = new Map<Column, number>();
  headerRow.cells.forEach((cell, index) => {
    const header = cell
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (isColumn(header) && !columnIndex.has(header)) columnIndex.set(header, index);
  });
  if (!columnIndex.has('name') && !columnIndex.has('path')) {
    return {
      entries,
      problems: [{ line: headerRow.line, reason: `No "name" or "path" column in the header (${headerRow.cells.join(', ')}).` }],
    };
  }

  for (const row of rows) {
    if (row === headerRow || row.line < headerRow.line) continue;
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    if (row.errors.length > 0) {
      problems.push({ line: row.line, reason: `Not valid CSV: ${row.errors[0] ?? ''}.` });
      continue;
    }
    const cell = (column: Column): string | null => {
      const index = columnIndex.get(column);
      const value = index === undefined ? undefined : row.cells[index]?.trim();
      return value === undefined || value === '' ? null : value;
    };
    const name = cell('name');
    const path = cell('path');
    if (name === null && path === null) {
      problems.push({ line: row.line, reason: 'Neither a name nor a path.' });
      continue;
    }
    const reasons: string[] = [];
    const time = (column: 'first_seen' | 'last_seen'): number | null => {
      const value = cell(column);
      if (value === null) return null;
      const ms = parseUtcTime(value);
      if (Number.isNaN(ms)) {
        reasons.push(`${column} "${value}" is not a date (write 2024-03-01 or 2024-03-01T22:10:00Z)`);
        return null;
      }
      return ms;
    };
    const firstSeenMs = time('first_seen');
    const lastSeenMs = time('last_seen');
    if (firstSeenMs !== null && lastSeenMs !== null && lastSeenMs < firstSeenMs) reasons.push('last_seen is before first_seen');
    const hoursText = cell('hours');
    const hours = hoursText === null ? null : parseHourSpan(hoursText);
    if (hoursText !== null && hours === null) reasons.push(`hours "${hoursText}" is not a span of hours 0–23 such as 22-5`);
    if (reasons.length > 0) {
      problems.push({ line: row.line, reason: `${reasons.join('; ')}.` });
      continue;
    }
    entries.push({ line: row.line, name, path, firstSeenMs, lastSeenMs, hours, actor: cell('actor'), note: cell('note') });
  }
  return { entries, problems };
}

/** Lower case, backslashes, no volume (`C:`, `\Device\HarddiskVolume3`, `\\?\`), no trailing `\`. */
function normalisePath(path: string): string {
  let p = path.trim().replace(/\//g, '\\').toLowerCase();
  if (p.startsWith('\\\\?\\') || p.startsWith('\\??\\')) p = p.slice(4);
  p = p.replace(/^[a-z]:/, '').replace(/^\\device\\harddiskvolume\d+/, '');
  if (p.length > 1 && p.endsWith('\\')) p = p.slice(0, -1);
  return p;
}

function globRegex(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

interface CompiledIoc {
  name: RegExp | null;
  path: RegExp | null;
}

// eslint-disable-next-line no-restricted-syntax -- a memo of what never changes (an entry's compiled patterns), let go with the entry.
const compiled = new WeakMap<IocEntry, CompiledIoc>();

function compile(entry: IocEntry): CompiledIoc {
  let result = compiled.get(entry);
  if (result === undefined) {
    result = {
      name: entry.name === null ? null : globRegex(entry.name.trim().toLowerCase()),
      path: entry.path === null ? null : globRegex(normalisePath(entry.path)),
    };
    compiled.set(entry, result);
  }
  return result;
}

/**
 * The entries that match an image, case-insensitively with `*` wildcards. An entry's path matches
 * when it equals the image's folder or its full path (so a list may name either); when an entry
 * has both a name and a path, both must match. Volumes are ignored on both sides.
 */
export function matchIocs(entries: readonly IocEntry[], name: string, folder: string): IocEntry[] {
  const lowerName = name.toLowerCase();
  const lowerFolder = normalisePath(folder);
  const fullPath = `${lowerFolder === '\\' ? '' : lowerFolder}\\${lowerName}`;
  return entries.filter((entry) => {
    const { name: nameRegex, path: pathRegex } = compile(entry);
    if (nameRegex !== null && !nameRegex.test(lowerName)) return false;
    if (pathRegex !== null && !pathRegex.test(lowerFolder) && !pathRegex.test(fullPath)) return false;
    return true;
  });
}
