/**
 * Faster still than the field scanner for the rows of one capture, which repeat a handful of
 * layouts (Velociraptor writes every ProcessStart with the same keys in the same order): a row
 * the scanner read becomes a template, its text with every scalar value replaced by a JSON
 * scalar pattern, compiled to one anchored RegExp. A later row that matches it is valid JSON
 * with the same keys in the same places, so one native `exec` validates it and captures the
 * kept values; the sparse row is rebuilt from the captures by the assignments the scan recorded,
 * in the same order, so duplicate keys resolve as in JSON.parse. Rows no template matches go to
 * the scanner (and may become templates), and rows the scanner is unsure of to JSON.parse.
 */
import { scanRowFields } from './rowFieldScanner';
import type { ScanRecording } from './rowFieldScanner';

/**
 * Exactly one JSON scalar: a string (no raw control characters, valid escapes), number or
 * literal. The string is an unrolled loop (runs of plain characters between escapes), which
 * irregexp matches as tight class loops rather than one alternation per character.
 */
const SCALAR = String.raw`"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null`;

/** Templates tried per row, most recently matched first (a capture mixes event types). */
const MAX_TEMPLATES = 6;
/** Rows longer than this are not made templates (their patterns would be large and rarely repeat). */
const MAX_TEMPLATE_ROW_CHARS = 16 * 1024;

interface Template {
  readonly pattern: RegExp;
  readonly ops: ScanRecording['ops'];
  /** Number of kept objects besides the row, so the rebuild allocates its list once. */
  readonly objectCount: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function templateOf(line: string, recording: ScanRecording): Template {
  let source = '^';
  let end = 0;
  for (const slot of recording.slots) {
    source += escapeRegExp(line.slice(end, slot.start));
    source += slot.group > 0 ? `(${SCALAR})` : `(?:${SCALAR})`;
    end = slot.end;
  }
  source += `${escapeRegExp(line.slice(end))}$`;
  let objectCount = 0;
  for (const op of recording.ops) if (op.group === 0) objectCount++;
  // The 'u' flag would change how lone surrogates match; without it the pattern works on UTF-16 code units, as JSON.parse does.
  return { pattern: new RegExp(source), ops: recording.ops, objectCount };
}

/** A captured scalar's value, as JSON.parse gives it. */
function scalarValue(text: string): unknown {
  const first = text.charCodeAt(0);
  if (first === 34) return text.indexOf('\\') < 0 ? text.slice(1, -1) : JSON.parse(text); // '"'
  if (first === 116) return true; // 't'
  if (first === 102) return false; // 'f'
  if (first === 110) return null; // 'n'
  // Number() rounds decimal text as JSON.parse does (uint64 values included).
  return Number(text);
}

function rebuild(template: Template, match: RegExpExecArray): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const objects: Record<string, unknown>[] = [row];
  for (const op of template.ops) {
    const parent = objects[op.parent];
    if (parent === undefined) continue; // not reached: ops name only objects made before them
    if (op.group === 0) {
      const child: Record<string, unknown> = {};
      objects.push(child);
      parent[op.name] = child;
    } else {
      parent[op.name] = scalarValue(match[op.group] ?? '');
    }
  }
  return row;
}

/**
 * Reads the kept fields of JSON Lines rows (see rowFieldScanner.ts) through the templates of
 * the rows before; one per file, since templates are per capture.
 */
export class RowFieldReader {
  private readonly templates: Template[] = [];

  /** The row's sparse fields, or null when JSON.parse must decide. */
  read(line: string): Record<string, unknown> | null {
    const templates = this.templates;
    for (let i = 0; i < templates.length; i++) {
      const template = templates[i];
      if (template === undefined) break;
      const match = template.pattern.exec(line);
      if (match === null) continue;
      if (i > 0) {
        templates.splice(i, 1);
        templates.unshift(template);
      }
      return rebuild(template, match);
    }
    if (line.length > MAX_TEMPLATE_ROW_CHARS) return scanRowFields(line);
    const recording: ScanRecording = { slots: [], ops: [], isTemplatable: true };
    const row = scanRowFields(line, recording);
    if (row !== null && recording.isTemplatable) {
      templates.unshift(templateOf(line, recording));
      if (templates.length > MAX_TEMPLATES) templates.pop();
    }
    return row;
  }
}
