/**
 * Splits decoded text chunks into lines without ever joining the whole file: the partial last
 * line of a chunk is carried into the next one.
 */

/** Longest line kept in memory (UTF-16 code units); longer ones are reported, not parsed. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** Receives lines in order; created once per file, so the splitter calls no per-line closures. */
export interface LineHandler {
  /** A complete line without its `\n` or `\r\n`; `lineNumber` is 1-based. */
  line(text: string, lineNumber: number): void;
  /** A line longer than the limit; its text was dropped. */
  overlongLine(lineNumber: number): void;
}

/** Incremental `\n` splitter that strips a trailing `\r` (CRLF files). */
export class LineSplitter {
  private tail = '';
  private isTailOverlong = false;
  private lineNumber = 1;
  private readonly handler: LineHandler;
  private readonly maxLineChars: number;

  constructor(handler: LineHandler, maxLineChars: number = MAX_LINE_CHARS) {
    this.handler = handler;
    this.maxLineChars = maxLineChars;
  }

  /** 1-based number of the line the next character belongs to. */
  get currentLine(): number {
    return this.lineNumber;
  }

  /** True when everything pushed so far ended with a newline: no line is open. */
  get isAtLineStart(): boolean {
    return this.tail.length === 0 && !this.isTailOverlong;
  }

  /** Feeds one decoded chunk; complete lines go to the handler at once. */
  push(text: string): void {
    let start = 0;
    let newline = text.indexOf('\n');
    if (newline < 0) {
      this.carry(text);
      return;
    }
    // The first line may continue the previous chunk's tail.
    if (this.tail.length > 0 || this.isTailOverlong) {
      this.carry(text.slice(0, newline));
      this.emitTail();
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    const handler = this.handler;
    while (newline >= 0) {
      if (newline - start > this.maxLineChars) {
        handler.overlongLine(this.lineNumber);
      } else {
        const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        handler.line(text.slice(start, end), this.lineNumber);
      }
      this.lineNumber++;
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) this.carry(start === 0 ? text : text.slice(start));
  }

  /** Emits the last line when the file does not end with a newline. */
  finish(): void {
    if (this.tail.length > 0 || this.isTailOverlong) this.emitTail();
  }

  private carry(text: string): void {
    if (this.isTailOverlong) return;
    if (this.tail.length + text.length > this.maxLineChars) {
      this.tail = '';
      this.isTailOverlong = true;
      return;
    }
    // V8 concatenates into a rope, so a long line built from many chunks stays linear.
    this.tail += text;
  }

  private emitTail(): void {
    if (this.isTailOverlong) {
      this.handler.overlongLine(this.lineNumber);
    } else {
      const tail = this.tail;
      const end = tail.charCodeAt(tail.length - 1) === 13 ? tail.length - 1 : tail.length;
      this.handler.line(end === tail.length ? tail : tail.slice(0, end), this.lineNumber);
    }
    this.tail = '';
    this.isTailOverlong = false;
    this.lineNumber++;
  }
}

/** Receives the lines of UTF-8 bytes in order, created once per file. */
export interface ByteLineHandler {
  /**
   * Reads the line that starts at `start` when it can tell where it ends by reading it (a row a
   * byte template matches), returning the index of its `\n`, which must lie before `end`; -1
   * leaves the line to {@link byteLine}. The line is the bytes before that `\n`, less a `\r`.
   */
  rowAt(bytes: Uint8Array, start: number, end: number, lineNumber: number): number;
  /** A complete line, `bytes[start, end)`, without its `\n` or `\r\n`; the bytes are only valid during the call. */
  byteLine(bytes: Uint8Array, start: number, end: number, lineNumber: number): void;
  /** A line longer than the limit (in UTF-16 code units, as {@link LineSplitter} counts); its bytes were dropped. */
  overlongLine(lineNumber: number): void;
}

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
/** A line of UTF-8 bytes holds at least a third as many UTF-16 code units (3 bytes per BMP character at most). */
const MAX_BYTES_PER_CODE_UNIT = 3;
const lineLengthDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * {@link LineSplitter} for UTF-8 bytes: the same lines (a `\n` byte is never part of a longer
 * UTF-8 character, so the lines of the bytes are the encodings of the lines of the text), the
 * same line numbers and the same overlong lines, without decoding. The partial last line of a
 * chunk is copied and joined with the start of the next one.
 */
export class ByteLineSplitter {
  private tailParts: Uint8Array[] = [];
  private tailBytes = 0;
  private isTailOverlong = false;
  private lineNumber = 1;
  private readonly handler: ByteLineHandler;
  private readonly maxLineChars: number;

  constructor(handler: ByteLineHandler, maxLineChars: number = MAX_LINE_CHARS) {
    this.handler = handler;
    this.maxLineChars = maxLineChars;
  }

  /** 1-based number of the line the next byte belongs to. */
  get currentLine(): number {
    return this.lineNumber;
  }

  /** True when everything pushed so far ended with a newline: no line is open. */
  get isAtLineStart(): boolean {
    return this.tailBytes === 0 && !this.isTailOverlong;
  }

  /** Feeds one chunk of bytes; complete lines go to the handler at once. */
  push(bytes: Uint8Array): void {
    let start = 0;
    if (this.tailBytes > 0 || this.isTailOverlong) {
      const newline = bytes.indexOf(NEWLINE);
      if (newline < 0) {
        this.carry(bytes);
        return;
      }
      this.carry(bytes.subarray(0, newline));
      this.emitTail();
      start = newline + 1;
    }
    const handler = this.handler;
    const length = bytes.length;
    while (start < length) {
      // Most rows are read where they start, and tell their end; only the others are searched for a '\n'.
      const rowEnd = handler.rowAt(bytes, start, Math.min(length, start + this.maxLineChars + 1), this.lineNumber);
      if (rowEnd >= 0) {
        this.lineNumber++;
        start = rowEnd + 1;
        continue;
      }
      const newline = bytes.indexOf(NEWLINE, start);
      if (newline < 0) break;
      this.emit(bytes, start, newline);
      start = newline + 1;
    }
    if (start < length) this.carry(bytes.subarray(start));
  }

  /** Emits the last line when the bytes do not end with a newline. */
  finish(): void {
    if (this.tailBytes > 0 || this.isTailOverlong) this.emitTail();
  }

  /** A complete line `bytes[start, newline)`, its `\r` still on. */
  private emit(bytes: Uint8Array, start: number, newline: number): void {
    const handler = this.handler;
    const end = newline > start && bytes[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline;
    if (newline - start > this.maxLineChars && this.isOverlong(bytes.subarray(start, newline))) {
      handler.overlongLine(this.lineNumber);
    } else {
      handler.byteLine(bytes, start, end, this.lineNumber);
    }
    this.lineNumber++;
  }

  /** True when bytes longer than the limit decode to more code units than it (LineSplitter's test, `\r` included). */
  private isOverlong(bytes: Uint8Array): boolean {
    return bytes.length > MAX_BYTES_PER_CODE_UNIT * this.maxLineChars || lineLengthDecoder.decode(bytes).length > this.maxLineChars;
  }

  private carry(bytes: Uint8Array): void {
    if (this.isTailOverlong || bytes.length === 0) return;
    if (this.tailBytes + bytes.length > MAX_BYTES_PER_CODE_UNIT * this.maxLineChars) {
      this.tailParts = [];
      this.tailBytes = 0;
      this.isTailOverlong = true;
      return;
    }
    // Copied: the chunk's buffer may be reused or transferred once push returns.
    this.tailParts.push(bytes.slice());
    this.tailBytes += bytes.length;
  }

  private emitTail(): void {
    if (this.isTailOverlong) {
      this.handler.overlongLine(this.lineNumber);
      this.lineNumber++;
    } else {
      const line = new Uint8Array(this.tailBytes);
      let offset = 0;
      for (const part of this.tailParts) {
        line.set(part, offset);
        offset += part.length;
      }
      this.emit(line, 0, line.length);
    }
    this.tailParts = [];
    this.tailBytes = 0;
    this.isTailOverlong = false;
  }
}
