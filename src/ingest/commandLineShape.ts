/**
 * A command line's normalised shape for a categorical feature: the program's file name, then
 * each argument as itself when it is a switch (`/c`, `-enc`) and as a placeholder otherwise
 * (`<path>`, `<n>`, `<guid>`, `<b64>`, `<url>`, `<s>`), so `cmd.exe /c <path>` is one value however
 * many paths follow, while `powershell.exe -enc <b64>` stands apart.
 */

/** Arguments kept after the program name; the rest become one `…`. */
const MAX_SHAPE_ARGUMENTS = 6;

/** Splits on blanks outside double quotes; quotes are removed (as CommandLineToArgvW does, roughly). */
export function splitCommandLine(commandLine: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let isQuoted = false;
  let hasToken = false;
  for (const char of commandLine) {
    if (char === '"') {
      isQuoted = !isQuoted;
      hasToken = true;
    } else if (!isQuoted && (char === ' ' || char === '\t')) {
      if (hasToken) tokens.push(current);
      current = '';
      hasToken = false;
    } else {
      current += char;
      hasToken = true;
    }
  }
  if (hasToken) tokens.push(current);
  return tokens;
}

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const NUMBER = /^(?:0x[0-9a-f]+|\d+)$/i;
const BASE64 = /^[A-Za-z0-9+/]{20,}={0,2}$/;
const SWITCH = /^(?:--?|\/)[A-Za-z][\w-]{0,24}[:=]?$/;

function argumentShape(token: string): string {
  if (SWITCH.test(token)) return token.toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(token)) return '<url>';
  if (GUID.test(token)) return '<guid>';
  if (NUMBER.test(token)) return '<n>';
  if (BASE64.test(token)) return '<b64>';
  if (token.includes('\\') || /^[a-z]:/i.test(token)) return '<path>';
  return '<s>';
}

/** The shape of a command line, e.g. `cmd.exe /c <path>`; '' for an empty one. */
export function commandLineShape(commandLine: string): string {
  const tokens = splitCommandLine(commandLine.trim());
  const program = tokens[0];
  if (program === undefined) return '';
  const name = program.slice(Math.max(program.lastIndexOf('\\'), program.lastIndexOf('/')) + 1).toLowerCase();
  const shapes = tokens.slice(1, 1 + MAX_SHAPE_ARGUMENTS).map(argumentShape);
  if (tokens.length > 1 + MAX_SHAPE_ARGUMENTS) shapes.push('…');
  return [name, ...shapes].join(' ');
}
