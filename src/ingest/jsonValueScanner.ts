/**
 * Incremental scanner for JSON that is not one value per line: `velociraptor query --format json`
 * writes indented arrays back to back (`[...][...]`, not one valid document), and `jq .` writes
 * indented objects back to back. The scanner slices out each row (an element of a top-level
 * array, or a top-level object) with the line it starts on, tracking strings, escapes and
 * nesting across chunks, so rows can be parsed one at a time.
 */
import { MAX_LINE_CHARS } from './lineSplitter';

/** Longest row kept in memory (UTF-16 code units); longer ones are reported, not parsed. */
const MAX_ROW_CHARS = MAX_LINE_CHARS;

/** Receives rows in order. */
export interface JsonRowHandler {
  /** The text of one array element or top-level object; `line` is where it starts (1-based). */
  row(text: string, line: number): void;
  /** Text that is no row: stray characters between arrays, an oversized or truncated row. */
  malformed(line: number, reason: string): void;
}

const TAB = 9;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function isWhitespace(code: number): boolean {
  return code === SPACE || code === NEWLINE || code === CARRIAGE_RETURN || code === TAB;
}

/** Splits concatenated JSON arrays/objects into rows, one decoded chunk at a time. */
export class JsonValueScanner {
  private readonly handler: JsonRowHandler;
  private readonly maxRowChars: number;
  private line = 1;
  private isInArray = false;
  /** Inside stray top-level text; reported once per run. */
  private isInStrayText = false;

  private isInRow = false;
  /** Scalars (`1`, `"x"`, `true`) end at a delimiter rather than a closing bracket. */
  private isScalarRow = false;
  private nesting = 0;
  private isInString = false;
  private isEscaped = false;
  private rowStartLine = 0;
  private rowParts: string[] = [];
  private rowLength = 0;
  private isRowOversized = false;

  constructor(handler: JsonRowHandler, maxRowChars: number = MAX_ROW_CHARS) {
    this.handler = handler;
    this.maxRowChars = maxRowChars;
  }

  /** 1-based line the scanner has reached. */
  get currentLine(): number {
    return this.line;
  }

  /** True at the top level: no row and no array is open (a new value may start as in a fresh scanner). */
  get isAtTopLevel(): boolean {
    return !this.isInRow && !this.isInArray;
  }

  /** Feeds one decoded chunk. */
  push(text: string): void {
    const length = text.length;
    let segmentStart = this.isInRow ? 0 : -1;
    let i = 0;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code === NEWLINE) this.line++;

      if (this.isInRow) {
        if (this.isInString) {
          if (this.isEscaped) this.isEscaped = false;
          else if (code === BACKSLASH) this.isEscaped = true;
          else if (code === QUOTE) this.isInString = false;
          i++;
          continue;
        }
        if (code === QUOTE) {
          this.isInString = true;
          i++;
          continue;
        }
        if (this.isScalarRow) {
          if (code === COMMA || code === CLOSE_BRACKET || code === CLOSE_BRACE || isWhitespace(code)) {
            this.endRow(text, segmentStart, i);
            segmentStart = -1;
            // The delimiter is handled below as structure; undo its newline count first.
            if (code === NEWLINE) this.line--;
            continue;
          }
          i++;
          continue;
        }
        if (code === OPEN_BRACE || code === OPEN_BRACKET) {
          this.nesting++;
        } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
          this.nesting--;
          if (this.nesting === 0) {
            this.endRow(text, segmentStart, i + 1);
            segmentStart = -1;
          }
        }
        i++;
        continue;
      }

      // Structure between rows.
      if (isWhitespace(code)) {
        i++;
        continue;
      }
      if (this.isInArray) {
        if (code === COMMA) {
          i++;
          continue;
        }
        if (code === CLOSE_BRACKET) {
          this.isInArray = false;
          i++;
          continue;
        }
        this.startRow(code);
        segmentStart = i;
        i++;
        continue;
      }
      if (code === OPEN_BRACKET) {
        this.isInArray = true;
        this.isInStrayText = false;
      } else if (code === OPEN_BRACE) {
        this.isInStrayText = false;
        this.startRow(code);
        segmentStart = i;
      } else if (!this.isInStrayText) {
        this.isInStrayText = true;
        this.handler.malformed(this.line, 'text outside JSON arrays and objects');
      }
      i++;
    }
    if (this.isInRow && segmentStart >= 0) this.keepPart(text.slice(segmentStart));
  }

  /** Reports a row the file ends inside of; a scalar row at the very end is complete. */
  finish(): void {
    if (!this.isInRow) return;
    if (this.isScalarRow && !this.isInString) {
      this.emitRow('');
      return;
    }
    this.isInRow = false;
    this.rowParts = [];
    this.handler.malformed(this.rowStartLine, 'truncated JSON (the file ends inside this row)');
  }

  private startRow(code: number): void {
    this.isInRow = true;
    this.isScalarRow = code !== OPEN_BRACE && code !== OPEN_BRACKET;
    this.nesting = this.isScalarRow ? 0 : 1;
    this.isInString = code === QUOTE;
    this.isEscaped = false;
    this.rowStartLine = this.line;
    this.rowParts = [];
    this.rowLength = 0;
    this.isRowOversized = false;
  }

  private keepPart(part: string): void {
    if (this.isRowOversized) return;
    this.rowLength += part.length;
    if (this.rowLength > this.maxRowChars) {
      this.isRowOversized = true;
      this.rowParts = [];
      return;
    }
    this.rowParts.push(part);
  }

  private endRow(text: string, segmentStart: number, end: number): void {
    this.emitRow(text.slice(segmentStart, end));
  }

  private emitRow(lastPart: string): void {
    this.keepPart(lastPart);
    this.isInRow = false;
    const parts = this.rowParts;
    this.rowParts = [];
    if (this.isRowOversized) {
      this.handler.malformed(this.rowStartLine, `row longer than ${this.maxRowChars} characters`);
      return;
    }
    this.handler.row(parts.length === 1 ? (parts[0] ?? '') : parts.join(''), this.rowStartLine);
  }
}
