/**
 * Faster still than the field scanner for the rows of one capture, which repeat a handful of
 * layouts (Velociraptor writes every ProcessStart with the same keys in the same order): a row
 * the scanner read becomes a template, its text with every scalar value replaced by a JSON
 * scalar pattern, compiled to one anchored RegExp. A later row that matches it is valid JSON
 * with the same keys in the same places, so one native `exec` validates it and captures the
 * kept values; the sparse row is rebuilt from the captures by the assignments the scan recorded,
 * in the same order, so duplicate keys resolve as in JSON.parse. Rows no template matches go to
 * the scanner (and may become templates), and rows the scanner is unsure of to JSON.parse; a
 * file whose rows keep changing layout (an event log export) goes back to JSON.parse for good.
 */
import { scanRowFields } from './rowFieldScanner';
import type { ScanRecording } from './rowFieldScanner';
import { byteTemplateOf, ByteCaptures, matchByteTemplate, type ByteTemplate } from './byteTemplates';
import { kernelProcessPlan, RegExpCaptures, SlotKind, templateEvent, type KernelProcessPlan, type SlotKindCode } from './templateEvents';
import type { FieldParsers } from './fieldParsers';
import type { NormalizedEvent } from './types';

/** A JSON string's characters: no raw control characters, valid escapes; an unrolled loop (runs of plain characters between escapes) that irregexp matches as tight class loops. */
const STRING_BODY = String.raw`[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*`;
/** A JSON number (no leading zeros, no bare dot, no '+'). */
const NUMBER = String.raw`-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?`;
/** Exactly one JSON scalar, for the values a template skips. */
const SCALAR = `"${STRING_BODY}"|${NUMBER}|true|false|null`;

/** Templates tried per row, most recently matched first (a capture mixes event types). */
const MAX_TEMPLATES = 6;
/**
 * Rows no template matched that a file may have, beyond one in {@link MISSES_PER_ROWS}: each
 * costs a scan and a RegExp compile (tens of µs), so a file of mostly repeated layouts with
 * a few percent of others (OTRF Security exports) is read faster by JSON.parse. Velociraptor
 * captures miss a handful of times in all (one per event type).
 */
const FREE_MISSES = 16;
const MISSES_PER_ROWS = 100;
/** Rows longer than this are not made templates (their patterns would be large and rarely repeat). */
const MAX_TEMPLATE_ROW_CHARS = 16 * 1024;

/** Kept values are typed by the row the template was made from (SlotKind); another type fails the match. */
interface Template {
  readonly pattern: RegExp;
  readonly ops: ScanRecording['ops'];
  /** Kind of each capture group (index 0 unused). */
  readonly kinds: readonly SlotKindCode[];
  /** How its Kernel-Process rows become events without a sparse row, or null. */
  readonly plan: KernelProcessPlan | null;
  /** The template matched on UTF-8 bytes, for templates with a plan (byteTemplates.ts). */
  readonly bytes: ByteTemplate | null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function templateOf(line: string, recording: ScanRecording): Template {
  let source = '^';
  let end = 0;
  const kinds: SlotKindCode[] = [SlotKind.Literal];
  for (const slot of recording.slots) {
    source += escapeRegExp(line.slice(end, slot.start));
    end = slot.end;
    if (slot.group === 0) {
      source += `(?:${SCALAR})`;
      continue;
    }
    const first = line.charCodeAt(slot.start);
    if (first === 34) {
      source += `"(${STRING_BODY})"`;
      kinds.push(SlotKind.String);
    } else if (first === 116 || first === 102 || first === 110) {
      source += '(true|false|null)';
      kinds.push(SlotKind.Literal);
    } else {
      source += `(${NUMBER})`;
      kinds.push(SlotKind.Number);
    }
  }
  source += `${escapeRegExp(line.slice(end))}$`;
  const plan = kernelProcessPlan(recording.ops, kinds);
  // The 'u' flag would change how lone surrogates match; without it the pattern works on UTF-16 code units, as JSON.parse does.
  return { pattern: new RegExp(source), ops: recording.ops, kinds, plan, bytes: plan === null ? null : byteTemplateOf(line, recording, kinds, plan) };
}

/**
 * Index of the `\n` that ends a line whose text ends at `at` (a `\n` there, or `\r\n`), before
 * `end`; -1 when there is none, or when the line splitter would take a `\r` off the text.
 */
function lineBreakAt(bytes: Uint8Array, start: number, at: number, end: number): number {
  if (at >= end) return -1;
  const code = bytes[at];
  if (code === 10) return at > start && bytes[at - 1] === 13 ? -1 : at;
  return code === 13 && at + 1 < end && bytes[at + 1] === 10 ? at + 1 : -1;
}

function literalValue(text: string): boolean | null {
  return text === 'true' ? true : text === 'false' ? false : null;
}

/**
 * Reads the kept fields of JSON Lines rows (see rowFieldScanner.ts) through the templates of
 * the rows before; one per file, since templates are per capture.
 */
export class RowFieldReader {
  private readonly templates: Template[] = [];
  private rows = 0;
  /** Rows a template matched. */
  private hits = 0;
  /** Set when templates match too few rows to pay for making them. */
  private isGivenUp = false;
  /** The template {@link match} last found. */
  private matched: Template | null = null;
  /** The sparse fields {@link readEvent} read when it returned null (null: JSON.parse must decide). */
  row: Record<string, unknown> | null = null;
  /** Where the `\n` after the row {@link readRowEventAt} last read is. */
  rowEnd = -1;
  private readonly parsers: FieldParsers;
  private readonly regExpCaptures: RegExpCaptures;
  private readonly byteCaptures: ByteCaptures;

  /** Reads values with the file's parsers (their caches live as long as the file's reading). */
  constructor(parsers: FieldParsers) {
    this.parsers = parsers;
    this.regExpCaptures = new RegExpCaptures(parsers);
    this.byteCaptures = new ByteCaptures(parsers);
  }

  /** The row's sparse fields, or null when JSON.parse must decide. */
  read(line: string): Record<string, unknown> | null {
    const captures = this.match(line);
    const template = this.matched;
    return captures === null || template === null ? this.readUnmatched(line) : this.rebuild(template, captures);
  }

  /**
   * The row as normalizeRow would make it an event, straight from a template's captures (see
   * templateEvents.ts); null when the row is not such an event or not one the template's plan
   * reads, with {@link row} set to what {@link read} would have returned.
   */
  readEvent(line: string, fallbackHost: string | null): NormalizedEvent | null {
    const captures = this.match(line);
    const template = this.matched;
    if (captures === null || template === null) {
      this.row = this.readUnmatched(line);
      return null;
    }
    let event: NormalizedEvent | null = null;
    if (template.plan !== null) {
      this.regExpCaptures.match = captures;
      event = templateEvent(template.plan, this.regExpCaptures, fallbackHost);
      this.regExpCaptures.match = null;
    }
    this.row = event === null ? this.rebuild(template, captures) : null;
    return event;
  }

  /**
   * {@link readEvent} of the UTF-8 line `bytes[start, end)` (no line break) without decoding it,
   * through the byte templates; null when no byte template matches or its plan declines the
   * row: the caller then decodes the line and calls {@link readEvent}, which decides.
   */
  readEventBytes(bytes: Uint8Array, start: number, end: number, fallbackHost: string | null): NormalizedEvent | null {
    return this.eventOfBytes(bytes, start, end, fallbackHost, false);
  }

  /**
   * {@link readEventBytes} of the line that starts at `start` and ends at a `\n` before `end`,
   * found by matching rather than looked for first; {@link rowEnd} is then where that `\n` is.
   * Null as there, and also when the match is not followed by a line break (`\n`, or `\r\n`
   * when the row does not end in `\r` itself), which leaves the line to the caller.
   */
  readRowEventAt(bytes: Uint8Array, start: number, end: number, fallbackHost: string | null): NormalizedEvent | null {
    return this.eventOfBytes(bytes, start, end, fallbackHost, true);
  }

  private eventOfBytes(bytes: Uint8Array, start: number, end: number, fallbackHost: string | null, isToLineBreak: boolean): NormalizedEvent | null {
    if (this.isGivenUp) return null;
    const templates = this.templates;
    const captures = this.byteCaptures;
    if (captures.bytes !== bytes) {
      captures.bytes = bytes;
      captures.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    for (let i = 0; i < templates.length; i++) {
      const template = templates[i];
      if (template === undefined) break;
      const byteTemplate = template.bytes;
      if (byteTemplate === null) continue;
      captures.fit(byteTemplate.groupCount);
      const matchEnd = matchByteTemplate(byteTemplate, bytes, captures.view, start, end, captures.spans);
      if (matchEnd < 0) continue;
      if (isToLineBreak) {
        const lineBreak = lineBreakAt(bytes, start, matchEnd, end);
        if (lineBreak < 0) return null;
        this.rowEnd = lineBreak;
      } else if (matchEnd !== end) {
        continue;
      }
      const event = templateEvent(byteTemplate.plan, captures, fallbackHost);
      // A declined row is counted when readEvent reads it.
      if (event === null) return null;
      this.rows++;
      this.hits++;
      if (i > 0) {
        templates.splice(i, 1);
        templates.unshift(template);
      }
      return event;
    }
    return null;
  }

  /** Captures of the template that matches the row (moved to the front, kept in {@link matched}); null when none does or templates were given up. */
  private match(line: string): RegExpExecArray | null {
    this.matched = null;
    if (this.isGivenUp) return null;
    this.rows++;
    const templates = this.templates;
    for (let i = 0; i < templates.length; i++) {
      const template = templates[i];
      if (template === undefined) break;
      const captures = template.pattern.exec(line);
      if (captures === null) continue;
      this.hits++;
      if (i > 0) {
        templates.splice(i, 1);
        templates.unshift(template);
      }
      this.matched = template;
      return captures;
    }
    return null;
  }

  /** A row no template matched: scanned (and made a template) unless the file gave templates up. */
  private readUnmatched(line: string): Record<string, unknown> | null {
    if (this.isGivenUp) return null;
    // Without templates the scanner is no faster than JSON.parse (it pays off only by making
    // them): files of ever-changing layouts (event log exports) go back to JSON.parse.
    if (this.rows - this.hits > FREE_MISSES + this.rows / MISSES_PER_ROWS) {
      this.isGivenUp = true;
      this.templates.length = 0;
      return null;
    }
    if (line.length > MAX_TEMPLATE_ROW_CHARS) return null;
    const recording: ScanRecording = { slots: [], ops: [], isTemplatable: true };
    const row = scanRowFields(line, recording);
    if (row !== null && recording.isTemplatable) {
      this.templates.unshift(templateOf(line, recording));
      if (this.templates.length > MAX_TEMPLATES) this.templates.pop();
    }
    return row;
  }

  /** The sparse row, by the recorded assignments in document order (so duplicates resolve as in JSON.parse). */
  private rebuild(template: Template, match: RegExpExecArray): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    const objects: Record<string, unknown>[] = [row];
    const kinds = template.kinds;
    const strings = this.parsers.strings;
    for (const op of template.ops) {
      const parent = objects[op.parent];
      if (parent === undefined) continue; // not reached: ops name only objects made before them
      const group = op.group;
      if (group === 0) {
        const child: Record<string, unknown> = {};
        objects.push(child);
        parent[op.name] = child;
        continue;
      }
      const text = match[group] ?? '';
      const kind = kinds[group];
      // Number() rounds decimal text as JSON.parse does (uint64 values included).
      parent[op.name] = kind === SlotKind.String ? strings.stringValue(text) : kind === SlotKind.Number ? Number(text) : literalValue(text);
    }
    return row;
  }
}
