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
