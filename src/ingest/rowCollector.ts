/**
 * Between the format readers and the sink: parses row text, normalises rows, counts them, and
 * decides whether the file is an ETW capture at all. Problems of rows before the first
 * ETW-shaped row are held back, so a file that is not an ETW capture gives one fatal sentence
 * instead of a problem per line.
 */
import { assertNever } from '../lib/assertNever';
import { normalizeRow } from './normalizeRow';
import { RowFieldReader } from './rowTemplates';
import type { NormalizeContext } from './normalizeRow';
import type { FieldParsers } from './fieldParsers';
import type { IngestSink, LineProblem, NormalizedEvent } from './types';
import { errorMessage } from '../lib/errorMessage';

/** Rows read without a single ETW-shaped one before the file is judged not an ETW capture. */
export const MAX_ROWS_BEFORE_ETW = 10_000;
const MAX_REASON_CHARS = 100;

function shorten(text: string): string {
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 3)}...` : text;
}

/** "invalid JSON (…)" with the parser's message, kept short. */
export function invalidJsonReason(error: unknown): string {
  const message = errorMessage(error);
  return shorten(`invalid JSON (${message})`);
}

/** Feeds rows of one file to a sink and keeps the counts a ReadOutcome needs. */
export class RowCollector {
  /** Rows looked at: parsed, rejected or ignored. */
  rows = 0;
  /** Rows with an ETW event id (events, ignored events, problems with an id). */
  etwRows = 0;
  events = 0;
  /** Set once {@link MAX_ROWS_BEFORE_ETW} rows passed without an ETW row: reading can stop. */
  hasGivenUp = false;

  private readonly file: string;
  private readonly sink: IngestSink;
  private readonly context: NormalizeContext;
  private readonly signal: AbortSignal | null;
  private heldProblems: LineProblem[] = [];
  private readonly fieldReader: RowFieldReader;
  /** The file's field parsers (the context's), for readers that parse cells themselves. */
  readonly parsers: FieldParsers;

  /** After `signal` aborts, rows are dropped at once, even in the middle of a chunk. */
  constructor(file: string, sink: IngestSink, context: NormalizeContext, signal: AbortSignal | null = null) {
    this.file = file;
    this.sink = sink;
    this.context = context;
    this.signal = signal;
    this.parsers = context.parsers;
    this.fieldReader = new RowFieldReader(context.parsers);
  }

  /** One row as JSON text (a line or an array element). */
  acceptJsonText(text: string, line: number): void {
    if (this.hasGivenUp || this.signal?.aborted === true) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.reject(line, invalidJsonReason(error), false);
      return;
    }
    this.acceptParsed(parsed, line);
  }

  /**
   * One JSON Lines row: the field reader (rowTemplates.ts, rowFieldScanner.ts) takes what the
   * normalisers need without parsing the whole row; rows it is not sure of go through
   * {@link acceptJsonText}, with the same outcome.
   */
  acceptJsonLine(text: string, line: number): void {
    if (this.hasGivenUp || this.signal?.aborted === true) return;
    const event = this.fieldReader.readEvent(text, this.context.fallbackHost);
    if (event !== null) {
      this.rows++;
      this.acceptEvent(event);
      return;
    }
    const scanned = this.fieldReader.row;
    if (scanned === null) this.acceptJsonText(text, line);
    else this.acceptParsed(scanned, line);
  }

  /**
   * A JSON Lines row as UTF-8 bytes, read when a byte template of the field reader makes it an
   * event (true); false when the caller must decode it and call {@link acceptJsonLine}.
   */
  acceptJsonBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.hasGivenUp || this.signal?.aborted === true) return true;
    const event = this.fieldReader.readEventBytes(bytes, start, end, this.context.fallbackHost);
    if (event === null) return false;
    this.rows++;
    this.acceptEvent(event);
    return true;
  }

  /**
   * The JSON Lines row that starts at `start` of the bytes, when a byte template makes it an
   * event and a `\n` before `end` ends it: read, and the index of that `\n` returned; else -1,
   * and the caller finds the line's end and reads it.
   */
  acceptJsonRowAt(bytes: Uint8Array, start: number, end: number): number {
    if (this.hasGivenUp || this.signal?.aborted === true) return -1;
    const event = this.fieldReader.readRowEventAt(bytes, start, end, this.context.fallbackHost);
    if (event === null) return -1;
    this.rows++;
    this.acceptEvent(event);
    return this.fieldReader.rowEnd;
  }

  /** Host of rows that name none (the normalisers' fallback). */
  get fallbackHost(): string | null {
    return this.context.fallbackHost;
  }

  /** True while rows are taken: not given up, not aborted. */
  get isTakingRows(): boolean {
    return !this.hasGivenUp && this.signal?.aborted !== true;
  }

  /** The event a format reader made of a row itself, as normalizeRow would have (the CSV byte templates, csvTemplates.ts). */
  acceptRowEvent(event: NormalizedEvent): void {
    if (!this.isTakingRows) return;
    this.rows++;
    this.acceptEvent(event);
  }

  /** One parsed row. */
  acceptParsed(row: unknown, line: number): void {
    if (this.hasGivenUp || this.signal?.aborted === true) return;
    this.rows++;
    const result = normalizeRow(row, this.context);
    switch (result.kind) {
      case 'event':
        this.acceptEvent(result.event);
        return;
      case 'ignored':
        this.markEtw();
        this.sink.ignored(result.reason);
        return;
      case 'problem':
        this.rows--;
        this.reject(line, result.reason, result.looksLikeEtw);
        return;
      default:
        assertNever(result, 'normalize result');
    }
  }

  private acceptEvent(event: NormalizedEvent): void {
    this.markEtw();
    this.events++;
    this.sink.event(event);
  }

  /** A row that could not be read at all (invalid JSON, malformed CSV, truncated). */
  reject(line: number, reason: string, looksLikeEtw: boolean): void {
    if (this.hasGivenUp || this.signal?.aborted === true) return;
    this.rows++;
    if (looksLikeEtw) this.markEtw();
    const problem: LineProblem = { file: this.file, line, reason: shorten(reason) };
    if (this.etwRows > 0) {
      this.sink.problem(problem);
      return;
    }
    this.heldProblems.push(problem);
    if (this.heldProblems.length >= MAX_ROWS_BEFORE_ETW) this.giveUp();
  }

  /** Ends the file: the fatal sentence when it held no ETW rows, else null. */
  finish(): string | null {
    if (this.etwRows > 0) return null;
    this.heldProblems = [];
    return `${this.file} holds no process events (expected Velociraptor watch_etw rows with System.ID or EID and EventData, Sysmon or Security event log records with a Channel, or SilkETW rows; read ${this.rows} rows)`;
  }

  private giveUp(): void {
    this.hasGivenUp = true;
    this.heldProblems = [];
  }

  private markEtw(): void {
    if (this.etwRows === 0 && this.heldProblems.length > 0) {
      const held = this.heldProblems;
      this.heldProblems = [];
      this.etwRows++;
      for (const problem of held) this.sink.problem(problem);
      return;
    }
    this.etwRows++;
  }
}
