/**
 * Velociraptor GUI CSV rows matched on their UTF-8 bytes, as byteTemplates.ts matches JSON
 * Lines rows: a record the text path read becomes a template, its CSV text with each value the
 * normalisers read replaced by a slot, and a later record that matches it becomes an event
 * straight from the byte spans of its slots (templateEvents.ts, ByteCaptures), without decoding
 * the record, splitting it into cells, unquoting them or building a row object.
 *
 * Why a match gives what the text path gives (CsvReader: cells by splitCsvRecord, the row by
 * csvRow, its System/EventData cells by their column's RowFieldReader, then normalizeRow):
 * - A template is only made of a well-formed record on one line, and matches only such records:
 *   every quoted cell closes before a `,` or the line's end, no unquoted cell holds a quote, and
 *   no cell a line break, so the cells are those splitCsvRecord gives, as many as the header.
 * - A cell whose header the normalisers never read (ROW_FIELDS_READ) is skipped whatever it holds.
 * - A read cell is either empty in the template and every match (no field), or a JSON object in
 *   a quoted cell, matched as byteTemplates.ts matches a row but with every `"` doubled (its
 *   kept fields the ones scanRowFields keeps, in the same places), or text that csvCellValue
 *   keeps as it is: unquoted, no backslash, no TAB guard, not `[`, and no `{` that could start
 *   JSON. A JSON string with an escaped quote (`\""` in the cell) fails the match, so a string
 *   span holds its JSON body unchanged, which ByteCaptures reads as for JSON Lines.
 */
import { jsonStringBodyEnd, literalEnd, numberEnd } from './byteTemplates';
import { ROW_FIELDS_READ, scanRowFields, type ScanRecording } from './rowFieldScanner';
import { kernelProcessPlan, SlotKind, type KernelProcessPlan, type SlotKindCode } from './templateEvents';

/** What a template slot matches. The first three equal SlotKind's codes. */
const CsvSlot = {
  /** A JSON string inside a quoted cell: `""body""`. */
  JsonString: 0,
  JsonNumber: 1,
  /** true, false or null. */
  JsonLiteral: 2,
  /** Any JSON scalar inside a quoted cell, not kept. */
  JsonScalar: 3,
  /** A whole unquoted cell that csvCellValue keeps as its text. */
  CellText: 4,
  /** A whole cell of a column the normalisers do not read. */
  AnyCell: 5,
} as const;
type CsvSlotCode = (typeof CsvSlot)[keyof typeof CsvSlot];

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const TAB = 9;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;

/** Header names the normalisers may read at the top of a row. */
const FIELDS_READ: ReadonlySet<string> = new Set(ROW_FIELDS_READ);

/** A CSV record compiled to bytes: fixed texts and slots alternate, starting and ending with fixed text (maybe empty). */
export interface CsvTemplate {
  /** The fixed texts, UTF-8, back to back. */
  readonly fixed: Uint8Array;
  /** {@link fixed}, read four bytes at a time. */
  readonly fixedView: DataView;
  /** End of each fixed text in {@link fixed}; one more than there are slots. */
  readonly fixedEnds: Int32Array;
  /** Per slot: its CsvSlot code. */
  readonly slotKinds: Uint8Array;
  /** Per slot: its capture group (1-based), 0 for a skipped value. */
  readonly slotGroups: Int32Array;
  /** Capture groups, plus one (group 0 unused). */
  readonly groupCount: number;
  readonly plan: KernelProcessPlan;
}

/** Cell bounds of a record: `[start, end)` of each cell's text as written (quotes and all). */
function cellBounds(record: string): { start: number; end: number; isQuoted: boolean }[] | null {
  const cells: { start: number; end: number; isQuoted: boolean }[] = [];
  let at = 0;
  for (;;) {
    if (record.charCodeAt(at) === QUOTE) {
      let quote = record.indexOf('"', at + 1);
      while (quote >= 0 && record.charCodeAt(quote + 1) === QUOTE) quote = record.indexOf('"', quote + 2);
      if (quote < 0) return null;
      cells.push({ start: at, end: quote + 1, isQuoted: true });
      at = quote + 1;
      if (at === record.length) return cells;
      if (record.charCodeAt(at) !== COMMA) return null;
    } else {
      const comma = record.indexOf(',', at);
      const end = comma < 0 ? record.length : comma;
      if (record.slice(at, end).indexOf('"') >= 0) return null;
      cells.push({ start: at, end, isQuoted: false });
      if (comma < 0) return cells;
      at = comma;
    }
    at++;
  }
}

/** True when the byte after a `{` makes sure that JSON.parse throws on the cell (no whitespace, quote or `}`). */
function isNoJsonAfterBrace(code: number): boolean {
  return code !== 32 && code !== TAB && code !== NEWLINE && code !== CARRIAGE_RETURN && code !== QUOTE && code !== 125;
}

/** True for unquoted cell text that {@link CsvSlot.CellText} matches. */
function isCellText(text: string): boolean {
  if (text.length === 0 || text.indexOf('\\') >= 0 || text.indexOf('"') >= 0) return false;
  const first = text.charCodeAt(0);
  if (first === TAB || first === OPEN_BRACKET) return false;
  return first !== OPEN_BRACE || text.length === 1 || isNoJsonAfterBrace(text.charCodeAt(1));
}

const encoder = new TextEncoder();

/** Fixed texts and slots, in order. */
class TemplateParts {
  private readonly parts: Uint8Array[] = [];
  private fixedText = '';
  private readonly fixedEnds: number[] = [];
  private readonly kinds: number[] = [];
  private readonly groups: number[] = [];
  private fixedLength = 0;

  fixed(text: string): void {
    this.fixedText += text;
  }

  slot(kind: CsvSlotCode, group: number): void {
    this.closeFixed();
    this.kinds.push(kind);
    this.groups.push(group);
  }

  build(groupCount: number, plan: KernelProcessPlan): CsvTemplate {
    this.closeFixed();
    const fixed = new Uint8Array(this.fixedLength);
    let offset = 0;
    for (const part of this.parts) {
      fixed.set(part, offset);
      offset += part.length;
    }
    return {
      fixed,
      fixedView: new DataView(fixed.buffer),
      fixedEnds: Int32Array.from(this.fixedEnds),
      slotKinds: Uint8Array.from(this.kinds),
      slotGroups: Int32Array.from(this.groups),
      groupCount,
      plan,
    };
  }

  private closeFixed(): void {
    const bytes = encoder.encode(this.fixedText);
    this.parts.push(bytes);
    this.fixedLength += bytes.length;
    this.fixedEnds.push(this.fixedLength);
    this.fixedText = '';
  }
}

/** JSON text as it stands inside a quoted CSV cell. */
function doubledQuotes(text: string): string {
  return text.replaceAll('"', '""');
}

/**
 * The template of a record (its decoded text, no line break) under `header`, or null when the
 * record is not one a template can be made of (see the file comment) or its rows are not
 * Kernel-Process rows templateEvent reads.
 */
export function csvTemplateOf(record: string, header: readonly string[]): CsvTemplate | null {
  if (record.indexOf('\n') >= 0 || record.indexOf('\r') >= 0 || record.charCodeAt(0) === 0xfeff) return null;
  const cells = cellBounds(record);
  if (cells === null || cells.length !== header.length) return null;
  const parts = new TemplateParts();
  const ops: ScanRecording['ops'] = [];
  const kinds: SlotKindCode[] = [SlotKind.Literal];
  let objectCount = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const name = header[i];
    if (cell === undefined || name === undefined) return null;
    if (i > 0) parts.fixed(',');
    if (!FIELDS_READ.has(name)) {
      parts.slot(CsvSlot.AnyCell, 0);
      continue;
    }
    if (cell.end === cell.start) continue;
    if (!cell.isQuoted) {
      if (!isCellText(record.slice(cell.start, cell.end))) return null;
      kinds.push(SlotKind.String);
      ops.push({ parent: 0, name, group: kinds.length - 1 });
      parts.slot(CsvSlot.CellText, kinds.length - 1);
      continue;
    }
    const content = record.slice(cell.start + 1, cell.end - 1).replaceAll('""', '"');
    if (content.charCodeAt(0) !== OPEN_BRACE) return null;
    const recording: ScanRecording = { slots: [], ops: [], isTemplatable: true };
    if (scanRowFields(content, recording) === null || !recording.isTemplatable) return null;
    // The cell's object is the row's next; the cell's own objects (numbered from 1) follow it.
    const cellObject = ++objectCount;
    ops.push({ parent: 0, name, group: 0 });
    const groupBase = kinds.length - 1;
    for (const op of recording.ops) {
      ops.push({ parent: cellObject + op.parent, name: op.name, group: op.group === 0 ? 0 : groupBase + op.group });
      if (op.group === 0) objectCount++;
    }
    parts.fixed('"');
    let end = 0;
    for (const slot of recording.slots) {
      parts.fixed(doubledQuotes(content.slice(end, slot.start)));
      end = slot.end;
      if (slot.group === 0) {
        parts.slot(CsvSlot.JsonScalar, 0);
        continue;
      }
      const first = content.charCodeAt(slot.start);
      const kind = first === QUOTE ? SlotKind.String : first === 116 || first === 102 || first === 110 ? SlotKind.Literal : SlotKind.Number;
      kinds[groupBase + slot.group] = kind;
      parts.slot(kind, groupBase + slot.group);
    }
    parts.fixed(`${doubledQuotes(content.slice(end))}"`);
    // Groups are numbered from 1 in the order of the cell's kept values, with no gaps.
    for (let group = groupBase + 1; group < kinds.length; group++) if (kinds[group] === undefined) return null;
  }
  const plan = kernelProcessPlan(ops, kinds);
  return plan === null ? null : parts.build(kinds.length, plan);
}

/**
 * End of the JSON string whose doubled opening quote is at `pos` (just past its doubled closing
 * quote), or -1 when it is not a valid one before `end` or holds an escaped quote.
 */
function csvJsonStringEnd(bytes: Uint8Array, view: DataView, pos: number, end: number): number {
  if (pos + 1 >= end || bytes[pos] !== QUOTE || bytes[pos + 1] !== QUOTE) return -1;
  const close = jsonStringBodyEnd(bytes, view, pos + 2, end, false);
  return close >= 0 && close + 1 < end && bytes[close + 1] === QUOTE ? close + 2 : -1;
}

/** End of a {@link CsvSlot.CellText} cell at `pos` (at the `,` or line break after it), or -1. */
function cellTextEnd(bytes: Uint8Array, pos: number, end: number): number {
  if (pos >= end) return -1;
  const first = bytes[pos];
  if (first === TAB || first === OPEN_BRACKET || first === COMMA || first === NEWLINE || first === CARRIAGE_RETURN) return -1;
  if (first === OPEN_BRACE && pos + 1 < end && !isNoJsonAfterBrace(bytes[pos + 1] ?? 0)) return -1;
  for (let i = pos; i < end; i++) {
    const code = bytes[i];
    if (code === COMMA || code === NEWLINE || code === CARRIAGE_RETURN) return i;
    if (code === QUOTE || code === BACKSLASH) return -1;
  }
  return end;
}

/** End of any well-formed cell at `pos` on one line (quoted or not), or -1. */
function anyCellEnd(bytes: Uint8Array, pos: number, end: number): number {
  if (pos < end && bytes[pos] === QUOTE) {
    for (let i = pos + 1; i < end; i++) {
      const code = bytes[i];
      if (code === QUOTE) {
        if (i + 1 < end && bytes[i + 1] === QUOTE) {
          i++;
          continue;
        }
        return i + 1;
      }
      if (code === NEWLINE || code === CARRIAGE_RETURN) return -1;
    }
    return -1;
  }
  for (let i = pos; i < end; i++) {
    const code = bytes[i];
    if (code === COMMA || code === NEWLINE || code === CARRIAGE_RETURN) return i;
    if (code === QUOTE) return -1;
  }
  return end;
}

/**
 * Where a match of the template with the record from `start` ends (before its line break),
 * reading no further than `end`, or -1. Then `spans` holds each kept value's bytes (a JSON
 * string's body without its quotes) as start and end at `2·group`.
 *
 * A twin of matchByteTemplate (byteTemplates.ts) in its fixed-text loop, with CSV's slots: the
 * JSON Lines matcher is the hottest loop of the JSON Lines load, so it was left as it is rather
 * than given a slot dispatch it does not need.
 */
export function matchCsvTemplate(template: CsvTemplate, bytes: Uint8Array, view: DataView, start: number, end: number, spans: Int32Array): number {
  const fixed = template.fixed;
  const fixedView = template.fixedView;
  const fixedEnds = template.fixedEnds;
  const slotKinds = template.slotKinds;
  const slotGroups = template.slotGroups;
  const slotCount = slotKinds.length;
  let pos = start;
  let fixedPos = 0;
  for (let slot = 0; ; slot++) {
    const fixedEnd = fixedEnds[slot] ?? 0;
    const length = fixedEnd - fixedPos;
    if (pos + length > end) return -1;
    if (length >= 4) {
      const lastWord = length - 4;
      for (let k = 0; k < lastWord; k += 4) if (view.getInt32(pos + k, true) !== fixedView.getInt32(fixedPos + k, true)) return -1;
      if (view.getInt32(pos + lastWord, true) !== fixedView.getInt32(fixedPos + lastWord, true)) return -1;
    } else {
      for (let k = 0; k < length; k++) if (bytes[pos + k] !== fixed[fixedPos + k]) return -1;
    }
    pos += length;
    fixedPos = fixedEnd;
    if (slot === slotCount) return pos;
    const kind = slotKinds[slot];
    const valueStart = pos;
    let valueEnd: number;
    let isJsonString = false;
    switch (kind) {
      case CsvSlot.JsonString:
        valueEnd = csvJsonStringEnd(bytes, view, pos, end);
        isJsonString = true;
        break;
      case CsvSlot.JsonNumber:
        valueEnd = numberEnd(bytes, pos, end);
        break;
      case CsvSlot.JsonLiteral:
        valueEnd = literalEnd(bytes, pos, end);
        break;
      case CsvSlot.JsonScalar: {
        const first = pos < end ? bytes[pos] : 0;
        valueEnd =
          first === QUOTE
            ? csvJsonStringEnd(bytes, view, pos, end)
            : first === 116 || first === 102 || first === 110
              ? literalEnd(bytes, pos, end)
              : numberEnd(bytes, pos, end);
        break;
      }
      case CsvSlot.CellText:
        valueEnd = cellTextEnd(bytes, pos, end);
        break;
      default:
        valueEnd = anyCellEnd(bytes, pos, end);
    }
    if (valueEnd < 0) return -1;
    pos = valueEnd;
    const group = slotGroups[slot] ?? 0;
    if (group > 0) {
      spans[2 * group] = isJsonString ? valueStart + 2 : valueStart;
      spans[2 * group + 1] = isJsonString ? valueEnd - 2 : valueEnd;
    }
  }
}
