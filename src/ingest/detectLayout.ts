/** Which reader a capture needs, told from its first characters, never from its name. */
import type { CaptureFormat } from './types';

/** `json-values` covers `[...][...]` arrays and pretty-printed objects back to back. */
export type TextLayout = 'json-lines' | 'json-values' | 'csv';

export interface DetectedLayout {
  readonly layout: TextLayout;
  /** What ReadOutcome reports: pretty-printed objects count as 'json-array' (a JSON document layout). */
  readonly format: CaptureFormat;
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 0xfeff;
}

/**
 * Layout from the first non-whitespace character: `{` JSON Lines (or, when the `{` stands alone
 * on its line, pretty-printed objects), `[` JSON arrays, anything else CSV. Null when the text
 * so far is only whitespace.
 */
export function detectLayout(text: string): DetectedLayout | null {
  let index = 0;
  while (index < text.length && isWhitespace(text.charCodeAt(index))) index++;
  if (index === text.length) return null;
  const first = text.charCodeAt(index);
  if (first === 91) return { layout: 'json-values', format: 'json-array' };
  if (first !== 123) return { layout: 'csv', format: 'csv' };
  const newline = text.indexOf('\n', index);
  if (newline >= 0 && text.slice(index + 1, newline).trim().length === 0) {
    return { layout: 'json-values', format: 'json-array' };
  }
  return { layout: 'json-lines', format: 'jsonl' };
}
