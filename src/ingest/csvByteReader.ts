/**
 * Velociraptor GUI CSV from UTF-8 bytes: records are split on bytes (`"` and `\n` found with
 * indexOf, the quote state carried across chunks as CsvRecordSplitter carries it), and a record
 * that one of the file's CSV templates matches (csvTemplates.ts) becomes an event straight from
 * its bytes. Every other record is decoded and read by {@link CsvReader}, as the text path reads
 * it, and may become a template; so the outcome never depends on the templates.
 */
import { ByteCaptures } from './byteTemplates';
import { utf8Decoder } from './byteFields';
import { csvTemplateOf, matchCsvTemplate, type CsvTemplate } from './csvTemplates';
import { CsvReader, type ByteRowReader } from './formatReaders';
import type { RowCollector } from './rowCollector';
import { templateEvent } from './templateEvents';

const QUOTE = 34;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

/** Templates tried per record, most recently matched first (a capture mixes event types). */
const MAX_TEMPLATES = 6;
/**
 * Templates a file may try to make beyond one in {@link RECORDS_PER_TRY}: each costs a scan of
 * the record's JSON cells, and a file whose records make none (another source's export) is
 * read by the text path alone after these.
 */
const FREE_TRIES = 16;
const RECORDS_PER_TRY = 100;

/** Index of the `\n` that ends a record whose text ends at `at` (a `\n` there, or `\r\n`), before `end`; else -1. */
function lineBreakAt(bytes: Uint8Array, at: number, end: number): number {
  if (at >= end) return -1;
  const code = bytes[at];
  if (code === NEWLINE) return at;
  return code === CARRIAGE_RETURN && at + 1 < end && bytes[at + 1] === NEWLINE ? at + 1 : -1;
}

/** Reads Velociraptor GUI CSV bytes; the header is the first record unless given (a range cut from the middle of a file). */
export class CsvByteReader implements ByteRowReader {
  private readonly collector: RowCollector;
  private readonly text: CsvReader;
  private readonly templates: CsvTemplate[] = [];
  private readonly captures: ByteCaptures;
  /** Bytes of the open record carried from earlier chunks (copies). */
  private tailParts: Uint8Array[] = [];
  private tailBytes = 0;
  private isInQuotes = false;
  private line = 1;
  private recordStartLine = 1;
  /** Data records seen, and templates tried to make of them. */
  private records = 0;
  private tries = 0;
  /** Whether the header lets templates be made (decided once it is known), null before. */
  private isHeaderTemplatable: boolean | null = null;
  /** Set when the last {@link rowAt} matched a template whose plan declined the record (no new template is made of it). */
  private wasDeclined = false;

  constructor(collector: RowCollector, header: readonly string[] | null = null) {
    this.collector = collector;
    this.captures = new ByteCaptures(collector.parsers);
    this.text = new CsvReader(collector, header);
  }

  get currentLine(): number {
    return this.line;
  }

  get isBetweenRows(): boolean {
    return this.tailBytes === 0 && !this.isInQuotes;
  }

  push(bytes: Uint8Array): void {
    const length = bytes.length;
    let start = 0;
    if (this.tailBytes > 0 || this.isInQuotes) {
      const newline = this.recordEnd(bytes, 0);
      if (newline < 0) {
        this.carry(bytes);
        return;
      }
      // The carried record with its line break, read as one.
      this.carry(bytes.subarray(0, newline + 1));
      this.emitTail(false);
      start = newline + 1;
    }
    while (start < length) {
      if (this.templates.length > 0) {
        const rowEnd = this.rowAt(bytes, start, length);
        if (rowEnd >= 0) {
          this.line++;
          start = rowEnd + 1;
          continue;
        }
      }
      this.recordStartLine = this.line;
      const newline = this.recordEnd(bytes, start);
      if (newline < 0) break;
      this.textRecord(bytes, start, newline);
      this.line++;
      start = newline + 1;
    }
    if (start < length) this.carry(bytes.subarray(start));
  }

  /** Reads the last record when the bytes do not end with a line break. */
  finish(): void {
    if (this.tailBytes === 0) return;
    const line = this.line;
    this.carry(Uint8Array.of(NEWLINE));
    this.emitTail(true);
    // As CsvRecordSplitter.finish: the missing line break is no line.
    this.line = line;
  }

  /**
   * Index of the `\n` that ends the record open at `from` (its quote state in {@link isInQuotes}),
   * counting line breaks inside quotes; -1 when the bytes end first, the quote state then kept.
   */
  private recordEnd(bytes: Uint8Array, from: number): number {
    const length = bytes.length;
    let isInQuotes = this.isInQuotes;
    let at = from;
    // Cached next positions, as CsvRecordSplitter: searching again from every quote would rescan.
    let nextQuote = bytes.indexOf(QUOTE, at);
    let nextNewline = bytes.indexOf(NEWLINE, at);
    for (;;) {
      if (nextQuote >= 0 && nextQuote < at) nextQuote = bytes.indexOf(QUOTE, at);
      if (nextNewline >= 0 && nextNewline < at) nextNewline = bytes.indexOf(NEWLINE, at);
      if (isInQuotes) {
        const before = nextQuote < 0 ? length : nextQuote;
        while (nextNewline >= 0 && nextNewline < before) {
          this.line++;
          nextNewline = bytes.indexOf(NEWLINE, nextNewline + 1);
        }
        if (nextQuote < 0) break;
        isInQuotes = false;
        at = nextQuote + 1;
        continue;
      }
      if (nextNewline >= 0 && (nextQuote < 0 || nextNewline < nextQuote)) {
        this.isInQuotes = false;
        return nextNewline;
      }
      if (nextQuote < 0) break;
      isInQuotes = true;
      at = nextQuote + 1;
    }
    this.isInQuotes = isInQuotes;
    return -1;
  }

  /**
   * The record at `start` when a template matches it and makes it an event, its line break found
   * before `end`: read, and the index of its `\n` returned; else -1.
   */
  private rowAt(bytes: Uint8Array, start: number, end: number): number {
    this.wasDeclined = false;
    // A BOM is read by the text path (papaparse), as splitCsvRecord leaves it.
    if (bytes[start] === 0xef || !this.collector.isTakingRows) return -1;
    const captures = this.captures;
    if (captures.bytes !== bytes) {
      captures.bytes = bytes;
      captures.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    const templates = this.templates;
    for (let i = 0; i < templates.length; i++) {
      const template = templates[i];
      if (template === undefined) break;
      captures.fit(template.groupCount);
      const matchEnd = matchCsvTemplate(template, bytes, captures.view, start, end, captures.spans);
      if (matchEnd < 0) continue;
      const lineBreak = lineBreakAt(bytes, matchEnd, end);
      if (lineBreak < 0) return -1;
      const event = templateEvent(template.plan, captures, this.collector.fallbackHost);
      if (event === null) {
        this.wasDeclined = true;
        return -1;
      }
      this.records++;
      this.collector.acceptRowEvent(event);
      if (i > 0) {
        templates.splice(i, 1);
        templates.unshift(template);
      }
      return lineBreak;
    }
    return -1;
  }

  /** Decodes the record `bytes[start, newline)` and reads it as the text path does; maybe makes a template of it. */
  private textRecord(bytes: Uint8Array, start: number, newline: number): void {
    const end = newline > start && bytes[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline;
    // CsvRecordSplitter passes no empty records on.
    if (end === start) return;
    const text = utf8Decoder.decode(bytes.subarray(start, end));
    const isData = this.text.headerCells !== null;
    this.text.record(text, this.recordStartLine);
    const header = this.text.headerCells;
    if (header === null) return;
    if (this.isHeaderTemplatable === null) this.isHeaderTemplatable = new Set(header).size === header.length;
    if (!isData) return;
    this.records++;
    if (!this.isHeaderTemplatable || this.wasDeclined || this.tries > FREE_TRIES + this.records / RECORDS_PER_TRY) return;
    this.tries++;
    const template = csvTemplateOf(text, header);
    if (template === null) return;
    this.templates.unshift(template);
    if (this.templates.length > MAX_TEMPLATES) this.templates.pop();
  }

  private carry(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    // Copied: the chunk's buffer may be reused or transferred once push returns.
    this.tailParts.push(bytes.slice());
    this.tailBytes += bytes.length;
  }

  /** Reads the carried record, which ends with its `\n`. */
  private emitTail(isLast: boolean): void {
    const record = new Uint8Array(this.tailBytes);
    let offset = 0;
    for (const part of this.tailParts) {
      record.set(part, offset);
      offset += part.length;
    }
    this.tailParts = [];
    this.tailBytes = 0;
    const newline = record.length - 1;
    // A match ends at the record's first line break outside quotes: its last byte.
    if (!isLast && this.templates.length > 0 && this.rowAt(record, 0, record.length) >= 0) {
      this.line++;
      return;
    }
    this.textRecord(record, 0, newline);
    this.line++;
  }
}
