/**
 * One reader per capture layout. Each takes decoded text chunks and hands rows to a
 * RowCollector with the line each row starts on.
 */
import { CsvObjectCells, CsvRecordSplitter, csvRow, parseCsvRecord } from './csvRecords';
import type { CsvRecordHandler } from './csvRecords';
import { JsonValueScanner } from './jsonValueScanner';
import type { JsonRowHandler } from './jsonValueScanner';
import { utf8Decoder } from './byteFields';
import { ByteLineSplitter, LineSplitter } from './lineSplitter';
import type { ByteLineHandler, LineHandler } from './lineSplitter';
import type { RowCollector } from './rowCollector';

/** Where a streaming reader stands, and how it ends. */
export interface RowReaderState {
  /** Handles what the last chunk left open (a last line without newline, a truncated row). */
  finish(): void;
  /** 1-based line the reader has reached. */
  readonly currentLine: number;
  /**
   * True when no row is open: a byte range that ended here was cut between rows, so a reader of
   * the following range, started fresh, reads what this one would have read.
   */
  readonly isBetweenRows: boolean;
}

/** A streaming reader of one layout. */
export interface TextRowReader extends RowReaderState {
  /** Feeds one decoded chunk. */
  push(text: string): void;
}

/** A streaming reader of UTF-8 bytes. */
export interface ByteRowReader extends RowReaderState {
  /** Feeds one chunk of bytes (a multi-byte character may be cut at either end). */
  push(bytes: Uint8Array): void;
}

/** JSON Lines: one row per line; blank lines are skipped. */
export class JsonLinesReader implements TextRowReader, LineHandler {
  private readonly collector: RowCollector;
  private readonly splitter: LineSplitter;

  constructor(collector: RowCollector) {
    this.collector = collector;
    this.splitter = new LineSplitter(this);
  }

  get currentLine(): number {
    return this.splitter.currentLine;
  }

  get isBetweenRows(): boolean {
    return this.splitter.isAtLineStart;
  }

  push(text: string): void {
    this.splitter.push(text);
  }

  finish(): void {
    this.splitter.finish();
  }

  line(text: string, lineNumber: number): void {
    // Rows start with '{'; only other lines can be blank.
    if (text.charCodeAt(0) !== 123 && text.trim().length === 0) return;
    this.collector.acceptJsonLine(text, lineNumber);
  }

  overlongLine(lineNumber: number): void {
    this.collector.reject(lineNumber, 'line too long to parse', false);
  }
}

/**
 * JSON Lines from UTF-8 bytes: a row the field reader's byte templates make an event is never
 * decoded (RowCollector.acceptJsonBytes); every other line is decoded and read as
 * {@link JsonLinesReader} reads it.
 */
export class JsonLinesByteReader implements ByteRowReader, ByteLineHandler {
  private readonly collector: RowCollector;
  private readonly splitter: ByteLineSplitter;
  private readonly textLines: JsonLinesReader;

  constructor(collector: RowCollector) {
    this.collector = collector;
    this.splitter = new ByteLineSplitter(this);
    this.textLines = new JsonLinesReader(collector);
  }

  get currentLine(): number {
    return this.splitter.currentLine;
  }

  get isBetweenRows(): boolean {
    return this.splitter.isAtLineStart;
  }

  push(bytes: Uint8Array): void {
    this.splitter.push(bytes);
  }

  finish(): void {
    this.splitter.finish();
  }

  rowAt(bytes: Uint8Array, start: number, end: number): number {
    return bytes[start] === 123 ? this.collector.acceptJsonRowAt(bytes, start, end) : -1;
  }

  byteLine(bytes: Uint8Array, start: number, end: number, lineNumber: number): void {
    if (bytes[start] === 123 && this.collector.acceptJsonBytes(bytes, start, end)) return;
    this.textLines.line(utf8Decoder.decode(bytes.subarray(start, end)), lineNumber);
  }

  overlongLine(lineNumber: number): void {
    this.textLines.overlongLine(lineNumber);
  }
}

/** Back-to-back JSON arrays (`velociraptor query --format json`) or pretty-printed objects. */
export class JsonValuesReader implements TextRowReader, JsonRowHandler {
  private readonly collector: RowCollector;
  private readonly scanner: JsonValueScanner;

  constructor(collector: RowCollector) {
    this.collector = collector;
    this.scanner = new JsonValueScanner(this);
  }

  get currentLine(): number {
    return this.scanner.currentLine;
  }

  get isBetweenRows(): boolean {
    return this.scanner.isAtTopLevel;
  }

  push(text: string): void {
    this.scanner.push(text);
  }

  finish(): void {
    this.scanner.finish();
  }

  row(text: string, line: number): void {
    this.collector.acceptJsonText(text, line);
  }

  malformed(line: number, reason: string): void {
    this.collector.reject(line, reason, false);
  }
}

/**
 * Velociraptor GUI CSV: the first record is the header, unless the header is given (a byte
 * range cut from the middle of a file, whose header was read from its head). Reads UTF-16
 * files, and the records CsvByteReader (csvByteReader.ts) does not make events itself.
 */
export class CsvReader implements TextRowReader, CsvRecordHandler {
  private readonly collector: RowCollector;
  private readonly splitter: CsvRecordSplitter;
  private header: readonly string[] | null;
  private readonly objectCells: CsvObjectCells;

  constructor(collector: RowCollector, header: readonly string[] | null = null) {
    this.collector = collector;
    this.objectCells = new CsvObjectCells(collector.parsers);
    this.splitter = new CsvRecordSplitter(this);
    this.header = header;
  }

  get currentLine(): number {
    return this.splitter.currentLine;
  }

  get isBetweenRows(): boolean {
    return this.splitter.isBetweenRecords;
  }

  /** The header's cells, once read (or given). */
  get headerCells(): readonly string[] | null {
    return this.header;
  }

  push(text: string): void {
    this.splitter.push(text);
  }

  finish(): void {
    this.splitter.finish();
  }

  record(text: string, line: number): void {
    const parsed = parseCsvRecord(text);
    if ('error' in parsed) {
      this.collector.reject(line, parsed.error, false);
      return;
    }
    if (this.header === null) {
      this.header = parsed.cells;
      return;
    }
    this.collector.acceptParsed(csvRow(this.header, parsed.cells, this.objectCells), line);
  }
}
