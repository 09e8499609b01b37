/**
 * Velociraptor GUI CSV: a header row from the first row's keys, nested objects as JSON text in
 * one cell, a TAB before strings that start with `= + @`, TAB, CR or LF (spreadsheet-formula
 * guard), an empty cell for null. Quoted cells may hold newlines, so records are split here
 * with the quote state carried across chunks, and each record's cells are parsed by papaparse.
 * This is the text path: UTF-8 files are read as bytes by csvByteReader.ts, which hands it only
 * the records its templates (csvTemplates.ts) do not make events.
 */
import Papa from 'papaparse';
import { RowFieldReader } from './rowTemplates';
import type { FieldParsers } from './fieldParsers';

/** Receives complete records in order. */
export interface CsvRecordHandler {
  /** One record's raw text (no record terminator); `line` is where it starts (1-based). */
  record(text: string, line: number): void;
}

/** Splits decoded CSV text into records at newlines outside quotes. */
export class CsvRecordSplitter {
  private readonly handler: CsvRecordHandler;
  private pending = '';
  private isInQuotes = false;
  private line = 1;
  private recordStartLine = 1;

  constructor(handler: CsvRecordHandler) {
    this.handler = handler;
  }

  /** 1-based line the splitter has reached. */
  get currentLine(): number {
    return this.line;
  }

  /** True when no record is open: everything pushed so far ended with a newline outside quotes. */
  get isBetweenRecords(): boolean {
    return !this.isInQuotes && this.pending.length === 0;
  }

  /** Feeds one decoded chunk. */
  push(text: string): void {
    const length = text.length;
    let recordStart = 0;
    let i = 0;
    // Cached next positions: searching again from every position would rescan quote-free chunks.
    let nextQuote = text.indexOf('"');
    let nextNewline = text.indexOf('\n');
    while (i < length) {
      if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf('"', i);
      if (nextNewline >= 0 && nextNewline < i) nextNewline = text.indexOf('\n', i);
      if (this.isInQuotes) {
        // Newlines inside a quoted cell belong to the record but still advance line numbers.
        this.line += countNewlines(text, nextNewline, nextQuote < 0 ? length : nextQuote);
        if (nextQuote < 0) break;
        this.isInQuotes = false;
        i = nextQuote + 1;
        continue;
      }
      if (nextNewline >= 0 && (nextQuote < 0 || nextNewline < nextQuote)) {
        const recordText = this.pending + text.slice(recordStart, nextNewline);
        this.pending = '';
        this.emit(recordText);
        this.line++;
        this.recordStartLine = this.line;
        recordStart = nextNewline + 1;
        i = recordStart;
        continue;
      }
      if (nextQuote < 0) break;
      this.isInQuotes = true;
      i = nextQuote + 1;
    }
    if (recordStart < length) this.pending += text.slice(recordStart);
  }

  /** Emits the last record when the file does not end with a newline. */
  finish(): void {
    if (this.pending.length > 0) this.emit(this.pending);
    this.pending = '';
  }

  private emit(recordText: string): void {
    const end = recordText.charCodeAt(recordText.length - 1) === 13 ? recordText.length - 1 : recordText.length;
    const trimmed = end === recordText.length ? recordText : recordText.slice(0, end);
    if (trimmed.length > 0) this.handler.record(trimmed, this.recordStartLine);
  }
}

function countNewlines(text: string, firstNewline: number, before: number): number {
  let count = 0;
  let position = firstNewline;
  while (position >= 0 && position < before) {
    count++;
    position = text.indexOf('\n', position + 1);
  }
  return count;
}

/** Cells of one record, or why papaparse rejected it. */
export type CsvRecordCells = { readonly cells: string[] } | { readonly error: string };

const QUOTE = 34;
const COMMA = 44;

/**
 * The cells of a well-formed record, split by hand: papaparse sets up a parser per call, which
 * cost more than the split itself. Null for anything else (a quote inside an unquoted cell, text
 * after a closing quote, a quote left open, a BOM, a newline outside quotes, no text), which
 * papaparse then reads and judges.
 */
export function splitCsvRecord(text: string): string[] | null {
  const cells: string[] = [];
  const length = text.length;
  if (length === 0 || text.charCodeAt(0) === 0xfeff) return null;
  let at = 0;
  for (;;) {
    if (text.charCodeAt(at) === QUOTE) {
      // A quoted cell: its end is the first quote not doubled.
      const start = at + 1;
      let hasDoubled = false;
      let quote = text.indexOf('"', start);
      while (quote >= 0 && text.charCodeAt(quote + 1) === QUOTE) {
        hasDoubled = true;
        quote = text.indexOf('"', quote + 2);
      }
      if (quote < 0) return null;
      const body = text.slice(start, quote);
      cells.push(hasDoubled ? body.replaceAll('""', '"') : body);
      at = quote + 1;
      if (at === length) return cells;
      if (text.charCodeAt(at) !== COMMA) return null;
      at++;
      continue;
    }
    const comma = text.indexOf(',', at);
    const end = comma < 0 ? length : comma;
    const cell = text.slice(at, end);
    // Papaparse would end a row at a newline (the splitter leaves none outside quotes).
    if (cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) return null;
    cells.push(cell);
    if (comma < 0) return cells;
    at = comma + 1;
  }
}

/** Splits one record (as cut by {@link CsvRecordSplitter}) into its unquoted cells. */
export function parseCsvRecord(text: string): CsvRecordCells {
  const split = splitCsvRecord(text);
  if (split !== null) return { cells: split };
  const result = Papa.parse<unknown>(text, { delimiter: ',', newline: '\n', header: false });
  const firstError = result.errors[0];
  if (firstError !== undefined) return { error: `malformed CSV record (${firstError.message})` };
  const cells: string[] = [];
  for (const rowValue of result.data) {
    if (!Array.isArray(rowValue)) continue;
    for (const cell of rowValue) cells.push(typeof cell === 'string' ? cell : String(cell));
  }
  return { cells };
}

/** Characters Velociraptor guards with a leading TAB: = + @ TAB CR LF. */
function isGuardedStart(code: number): boolean {
  return code === 61 || code === 43 || code === 64 || code === 9 || code === 13 || code === 10;
}

/**
 * A cell's value: null for an empty cell, the parsed object for JSON object/array text
 * (nested System/EventData), else the text without Velociraptor's TAB guard.
 */
export function csvCellValue(cell: string): unknown {
  if (cell.length === 0) return null;
  const first = cell.charCodeAt(0);
  if (first === 9 && cell.length > 1 && isGuardedStart(cell.charCodeAt(1))) return cell.slice(1);
  if (first === 123 || first === 91) {
    try {
      return JSON.parse(cell);
    } catch {
      return cell;
    }
  }
  return cell;
}

/** A record as a row object keyed by the header; empty cells are left out, as null fields. */
export function csvRow(header: readonly string[], cells: readonly string[], objectCells: CsvObjectCells | null = null): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const count = Math.min(header.length, cells.length);
  for (let i = 0; i < count; i++) {
    const key = header[i];
    const cell = cells[i];
    // A "__proto__" header would replace the row's prototype instead of adding a field.
    if (key === undefined || cell === undefined || key === '__proto__') continue;
    const value = objectCells !== null && cell.charCodeAt(0) === 123 ? objectCells.value(i, cell) : csvCellValue(cell);
    if (value !== null) row[key] = value;
  }
  return row;
}

/**
 * Cells of one file that start with `{`: System and EventData as JSON text, read by the JSON
 * Lines field reader of their column (rowTemplates.ts) — the fields the normalisers read, not the
 * whole object, which is all the row is used for; a cell the reader is not sure of is parsed
 * whole by csvCellValue. Also a `{GUID}` ProviderGUID, which is no JSON: JSON.parse throws on
 * it (tens of µs), so a column's last such text is remembered.
 */
export class CsvObjectCells {
  private readonly readers: RowFieldReader[] = [];
  private readonly lastNotJson: (string | undefined)[] = [];
  private readonly parsers: FieldParsers;

  /** Reads cells with the file's parsers. */
  constructor(parsers: FieldParsers) {
    this.parsers = parsers;
  }

  /** What csvCellValue makes of the cell, or only its kept fields when it is a JSON object. */
  value(column: number, cell: string): unknown {
    if (cell === this.lastNotJson[column]) return cell;
    let reader = this.readers[column];
    if (reader === undefined) {
      reader = new RowFieldReader(this.parsers);
      this.readers[column] = reader;
    }
    const fields = reader.read(cell);
    if (fields !== null) return fields;
    const value = csvCellValue(cell);
    // Parsed JSON is an object or array; the cell's own text back means JSON.parse threw.
    if (value === cell) this.lastNotJson[column] = cell;
    return value;
  }
}
