/**
 * Plotly renders a subset of HTML (tags such as <b>, <a href>, <br>, and entities) in tick
 * labels, hover text, legend names and annotations. Names and paths come from untrusted
 * captures, so every piece of capture text handed to Plotly goes through here first.
 */

/** Escapes `&`, `<` and `>` so Plotly shows `text` literally. */
export function escapeForPlotly(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Shortens `text` to at most `maxLength` characters by cutting out its middle (paths differ
 * at both ends: the drive and the last folders). Shorten before escaping, never after, or an
 * entity could be cut in half.
 */
export function shortenMiddle(text: string, maxLength: number): string {
  const characters = Array.from(text);
  if (characters.length <= maxLength) return text;
  if (maxLength < 3) return characters.slice(0, maxLength).join('');
  const keep = maxLength - 1;
  const head = Math.ceil(keep / 2);
  const tail = keep - head;
  return `${characters.slice(0, head).join('')}…${characters.slice(characters.length - tail).join('')}`;
}

/** A label for a Plotly axis tick: shortened, then escaped. */
export function plotlyLabel(text: string, maxLength: number): string {
  return escapeForPlotly(shortenMiddle(text, maxLength));
}
