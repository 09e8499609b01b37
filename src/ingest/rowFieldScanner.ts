/**
 * Fast path of JSON Lines reading: one pass over a row's text that checks it is valid JSON and
 * keeps only the fields the normalisers read ({@link ROW_FIELDS_READ}), at every depth, as a
 * sparse row of the same shape. Everything else is skipped without making strings or objects,
 * which is where `JSON.parse` of a whole row spends its time (most EventData and System fields
 * of a watch_etw row are never read).
 *
 * The sparse row goes through the same normaliser as a parsed row, so the outcome is the same
 * for every row shape (Velociraptor, Sysmon, Security, SilkETW) as long as the list holds every
 * property the normalisers read (a test checks that). Anything the scanner is not sure of
 * (escaped keys, control characters, invalid JSON, deep nesting, a root that is no object)
 * returns null, and the caller falls back to `JSON.parse`, so correctness never depends on it.
 */

/**
 * Every property name that normalizeRow.ts, eventLogRow.ts and silkEtwRow.ts read, at any
 * depth. Over-inclusion costs only speed; a missing name would change results, which
 * rowFieldScanner.test.ts guards by recording the reads of the normalisers.
 */
export const ROW_FIELDS_READ: readonly string[] = [
  // Velociraptor watch_etw rows (all releases), the Sigma event model, Windows.ETW.KernelProcess.
  'System',
  'ID',
  'EventID',
  'Value',
  'EID',
  'Channel',
  'Provider',
  'ProviderGUID',
  'ProviderID',
  'Data1',
  'TimeStamp',
  'Timestamp',
  '_ts',
  'Hostname',
  'Fqdn',
  'Computer',
  'ClientId',
  'EventData',
  'ImageName',
  'ProcessID',
  'ParentProcessID',
  'ProcessSequenceNumber',
  'ParentProcessSequenceNumber',
  'CreateTime',
  'ExitTime',
  'ProcInfo',
  'ParentImage',
  // Event log records: flat, winlogbeat 6 and 7+, evtx_dump, parse_evtx.
  'SourceName',
  'ProviderName',
  'ProviderGuid',
  'ComputerName',
  '@timestamp',
  'TimeCreated',
  'SystemTime',
  'EventTime',
  'Name',
  'Guid',
  '#text',
  '#attributes',
  'Data',
  'event_id',
  'event_data',
  'log_name',
  'source_name',
  'provider_guid',
  'computer_name',
  'winlog',
  'channel',
  'provider_name',
  'Event',
  'Image',
  'ImageLoaded',
  'User',
  'ProcessId',
  'ParentProcessId',
  'UtcTime',
  'CommandLine',
  'NewProcessName',
  'NewProcessId',
  'ParentProcessName',
  'ProcessName',
  'TargetUserName',
  'TargetDomainName',
  'SubjectUserName',
  'SubjectDomainName',
  // SilkETW.
  'EventName',
  'XmlEventData',
];

/**
 * Kept names by length, so a key is compared with a handful of candidates at most. A constant
 * table: filled here once, at module load, and only read after.
 */
const KEPT_BY_LENGTH: (readonly string[] | undefined)[] = [];
for (const name of ROW_FIELDS_READ) {
  const sameLength = KEPT_BY_LENGTH[name.length] ?? [];
  KEPT_BY_LENGTH[name.length] = [...sameLength, name];
}

/** Deeper rows are left to JSON.parse rather than risk the scanner's stack. */
const MAX_DEPTH = 64;

const TAB = 9;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const LOWER_B = 98;
const LOWER_E = 101;
const LOWER_F = 102;
const LOWER_N = 110;
const LOWER_R = 114;
const LOWER_T = 116;
const LOWER_U = 117;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Raw control characters are invalid inside JSON strings; rows with any go to JSON.parse. */
// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f]/;

/** Thrown (preallocated, so cheaply) when the scanner is not sure; caught in {@link scanRowFields}. */
const UNSURE = new Error('row left to JSON.parse');

function isWhitespace(code: number): boolean {
  return code === SPACE || code === TAB || code === NEWLINE || code === CARRIAGE_RETURN;
}

function hexDigitValue(code: number): number {
  if (code >= ZERO && code <= NINE) return code - ZERO;
  const lower = code | 32;
  return lower >= 97 && lower <= LOWER_F ? lower - 87 : -1;
}

function unsure(): never {
  throw UNSURE;
}

/**
 * One row's scan. State lives in fields of one reused instance (not module-level `let`s, whose
 * every access V8 checks for the temporal dead zone): this runs once per row of multi-GB files.
 */
/**
 * What one scan saw, to turn the row into a template (rowTemplates.ts): where each scalar value
 * lies, and in document order the kept objects and values that build the sparse row.
 */
export interface ScanRecording {
  /** Scalar values in order; `group` is the kept value's capture group (1-based), 0 for a skipped one. */
  readonly slots: { start: number; end: number; group: number }[];
  /** Sparse-row assignments in document order: `parent[name] =` a new object (group 0, numbered from 1 in order; the row is 0) or the value of `group`. */
  readonly ops: { parent: number; name: string; group: number }[];
  /** False when a kept value is an array, which a template cannot match. */
  isTemplatable: boolean;
}

class FieldScanner {
  text = '';
  recording: ScanRecording | null = null;
  private objectCount = 0;
  private groupCount = 0;
  pos = 0;
  /** Index of the next backslash at or after `pos` (text.length when none): strings before it need no unescaping. */
  nextBackslash = -1;

  scan(line: string): Record<string, unknown> | null {
    this.text = line;
    this.pos = 0;
    this.nextBackslash = -1;
    this.objectCount = 0;
    this.groupCount = 0;
    this.skipWhitespace();
    if (line.charCodeAt(this.pos) !== OPEN_BRACE) return null;
    const row = this.readObject(true, 0, 0);
    this.skipWhitespace();
    return this.pos === line.length ? row : null;
  }

  skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    while (isWhitespace(text.charCodeAt(pos))) pos++;
    this.pos = pos;
  }

  /** The next backslash at or after `from`. */
  backslashFrom(from: number): number {
    if (this.nextBackslash < from) {
      const found = this.text.indexOf('\\', from);
      this.nextBackslash = found < 0 ? this.text.length : found;
    }
    return this.nextBackslash;
  }

  /** The character an escape stands for; `pos` is on the backslash and moves past the escape. */
  readEscape(): string {
    const text = this.text;
    const code = text.charCodeAt(this.pos + 1);
    this.pos += 2;
    switch (code) {
      case QUOTE:
        return '"';
      case BACKSLASH:
        return '\\';
      case SLASH:
        return '/';
      case LOWER_B:
        return '\b';
      case LOWER_F:
        return '\f';
      case LOWER_N:
        return '\n';
      case LOWER_R:
        return '\r';
      case LOWER_T:
        return '\t';
      case LOWER_U: {
        let unit = 0;
        for (let i = 0; i < 4; i++) {
          const digit = hexDigitValue(text.charCodeAt(this.pos + i));
          if (digit < 0) unsure();
          unit = unit * 16 + digit;
        }
        this.pos += 4;
        // Surrogate pairs come as two escapes and join as two UTF-16 code units, as in JSON.parse.
        return String.fromCharCode(unit);
      }
      default:
        return unsure();
    }
  }

  /** A string with escapes, `pos` on its opening quote; builds the value only when `isKept`. */
  readEscapedString(isKept: boolean): string {
    const text = this.text;
    let value = '';
    let runStart = this.pos + 1;
    this.pos = runStart;
    for (;;) {
      const quote = text.indexOf('"', this.pos);
      if (quote < 0) unsure();
      const backslash = this.backslashFrom(this.pos);
      if (backslash > quote) {
        if (isKept) value += text.slice(runStart, quote);
        this.pos = quote + 1;
        return value;
      }
      if (isKept) value += text.slice(runStart, backslash);
      this.pos = backslash;
      const decoded = this.readEscape();
      if (isKept) value += decoded;
      runStart = this.pos;
    }
  }

  /** A string value, `pos` on its opening quote. */
  readString(isKept: boolean): string {
    const start = this.pos + 1;
    const quote = this.text.indexOf('"', start);
    if (quote < 0) unsure();
    if (this.backslashFrom(start) < quote) return this.readEscapedString(isKept);
    this.pos = quote + 1;
    return isKept ? this.text.slice(start, quote) : '';
  }

  skipDigits(): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let code = text.charCodeAt(pos);
    while (code >= ZERO && code <= NINE) code = text.charCodeAt(++pos);
    this.pos = pos;
    return pos - start;
  }

  /** Moves past a number in JSON's grammar (no leading zeros, no bare dot, no '+'). */
  skipNumber(): void {
    const text = this.text;
    if (text.charCodeAt(this.pos) === MINUS) this.pos++;
    const first = text.charCodeAt(this.pos);
    if (first === ZERO) this.pos++;
    else if (first > ZERO && first <= NINE) this.skipDigits();
    else unsure();
    if (text.charCodeAt(this.pos) === DOT) {
      this.pos++;
      if (this.skipDigits() === 0) unsure();
    }
    const exponent = text.charCodeAt(this.pos);
    if (exponent === LOWER_E || exponent === UPPER_E) {
      this.pos++;
      const sign = text.charCodeAt(this.pos);
      if (sign === PLUS || sign === MINUS) this.pos++;
      if (this.skipDigits() === 0) unsure();
    }
  }

  expectWord(word: string): void {
    if (!this.text.startsWith(word, this.pos)) unsure();
    this.pos += word.length;
  }

  /** The kept name the key text between `start` and `end` spells, or null. */
  keptName(start: number, end: number): string | null {
    const candidates = KEPT_BY_LENGTH[end - start];
    if (candidates === undefined) return null;
    const text = this.text;
    const first = text.charCodeAt(start);
    for (const name of candidates) {
      if (name.charCodeAt(0) === first && text.startsWith(name, start)) return name;
    }
    return null;
  }

  /**
   * An object, `pos` on its '{'. When `isKept`, returns a sparse object with the kept names (a
   * later duplicate wins, as in JSON.parse); otherwise only moves past it.
   */
  readObject(isKept: boolean, depth: number, objectId: number): Record<string, unknown> | null {
    if (depth > MAX_DEPTH) unsure();
    const text = this.text;
    const object: Record<string, unknown> | null = isKept ? {} : null;
    this.pos++;
    if (isWhitespace(text.charCodeAt(this.pos))) this.skipWhitespace();
    if (text.charCodeAt(this.pos) === CLOSE_BRACE) {
      this.pos++;
      return object;
    }
    for (;;) {
      const keyStart = this.pos + 1;
      if (text.charCodeAt(this.pos) !== QUOTE) unsure();
      const keyEnd = text.indexOf('"', keyStart);
      if (keyEnd < 0) unsure();
      // Escaped keys are rare enough to leave to JSON.parse.
      if (this.backslashFrom(keyStart) < keyEnd) unsure();
      const name = object === null ? null : this.keptName(keyStart, keyEnd);
      this.pos = keyEnd + 1;
      if (text.charCodeAt(this.pos) !== COLON) {
        this.skipWhitespace();
        if (text.charCodeAt(this.pos) !== COLON) unsure();
      }
      this.pos++;
      if (isWhitespace(text.charCodeAt(this.pos))) this.skipWhitespace();
      if (name === null || object === null) this.skipValue(depth);
      else if (this.recording === null) object[name] = this.readValue(depth);
      else object[name] = this.readRecordedValue(this.recording, depth, objectId, name);
      let next = text.charCodeAt(this.pos);
      if (isWhitespace(next)) {
        this.skipWhitespace();
        next = text.charCodeAt(this.pos);
      }
      this.pos++;
      if (next === CLOSE_BRACE) return object;
      if (next !== COMMA) unsure();
      if (isWhitespace(text.charCodeAt(this.pos))) this.skipWhitespace();
    }
  }

  /** Moves past an array, `pos` on its '['. */
  skipArray(depth: number): void {
    if (depth > MAX_DEPTH) unsure();
    const text = this.text;
    this.pos++;
    this.skipWhitespace();
    if (text.charCodeAt(this.pos) === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipValue(depth);
      this.skipWhitespace();
      const next = text.charCodeAt(this.pos);
      this.pos++;
      if (next === CLOSE_BRACKET) return;
      if (next !== COMMA) unsure();
      this.skipWhitespace();
    }
  }

  skipValue(depth: number): void {
    const start = this.pos;
    switch (this.text.charCodeAt(start)) {
      case QUOTE:
        this.readString(false);
        break;
      case OPEN_BRACE:
        this.readObject(false, depth + 1, -1);
        return;
      case OPEN_BRACKET:
        this.skipArray(depth + 1);
        return;
      case LOWER_T:
        this.expectWord('true');
        break;
      case LOWER_F:
        this.expectWord('false');
        break;
      case LOWER_N:
        this.expectWord('null');
        break;
      default:
        this.skipNumber();
    }
    this.recording?.slots.push({ start, end: this.pos, group: 0 });
  }

  /** {@link readValue} while recording a template. */
  readRecordedValue(recording: ScanRecording, depth: number, parent: number, name: string): unknown {
    const start = this.pos;
    const code = this.text.charCodeAt(start);
    if (code === OPEN_BRACE) {
      const child = ++this.objectCount;
      recording.ops.push({ parent, name, group: 0 });
      return this.readObject(true, depth + 1, child);
    }
    if (code === OPEN_BRACKET) recording.isTemplatable = false;
    const value = this.readValue(depth);
    const group = ++this.groupCount;
    recording.slots.push({ start, end: this.pos, group });
    recording.ops.push({ parent, name, group });
    return value;
  }

  /** A kept value. Arrays (evtx_dump's Data list, say) are rare: they are validated, then parsed whole. */
  readValue(depth: number): unknown {
    const start = this.pos;
    switch (this.text.charCodeAt(start)) {
      case QUOTE:
        return this.readString(true);
      case OPEN_BRACE:
        return this.readObject(true, depth + 1, -1);
      case OPEN_BRACKET:
        this.skipArray(depth + 1);
        return JSON.parse(this.text.slice(start, this.pos));
      case LOWER_T:
        this.expectWord('true');
        return true;
      case LOWER_F:
        this.expectWord('false');
        return false;
      case LOWER_N:
        this.expectWord('null');
        return null;
      default:
        this.skipNumber();
        // Number() rounds decimal text as JSON.parse does (uint64 Keyword values included).
        return Number(this.text.slice(start, this.pos));
    }
  }
}

const scanner = new FieldScanner();

/**
 * The row's kept fields as a sparse object (see the file comment), or null when the row is not
 * a JSON object the scanner is sure of: then `JSON.parse` decides, and reports what is wrong.
 */
export function scanRowFields(line: string, recording: ScanRecording | null = null): Record<string, unknown> | null {
  if (CONTROL_CHARACTER.test(line)) return null;
  scanner.recording = recording;
  try {
    return scanner.scan(line);
  } catch {
    // UNSURE, or a RangeError from a pathological row: JSON.parse decides.
    return null;
  } finally {
    scanner.text = '';
    scanner.recording = null;
  }
}
