/**
 * A copy of `text` in a string of its own. A substring of 13 or more characters (`slice`,
 * `substring`, a regex capture) is a view of the string it came from in V8 and keeps all of it
 * alive: a module-level cache holding one such view of a decoded chunk kept ~1 MB of capture
 * text in the data worker after the load. Joining the characters builds a new flat string.
 * Meant for the rare value kept long (a cache miss), not for every row.
 */
export function ownString(text: string): string {
  return [...text].join('');
}
