/** Near-miss spellings of file names (svchost → scvhost) and the distance that measures them. */
import type { Random } from '../lib/random';

const VOWELS = 'aeiou';
const LOOKALIKES: Readonly<Record<string, readonly string[]>> = { l: ['1', 'i'], i: ['l', '1'], o: ['0'], '0': ['o'], '1': ['l'], s: ['5'] };

/** Damerau–Levenshtein (optimal string alignment) distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(s.length, t.length);
}

/** One near-miss spelling of a file name's stem: a transposition, deletion, substitution or doubling. */
export function nearMissStem(stem: string, random: Random): string {
  const op = random.int(4);
  const i = random.int(stem.length);
  const c = stem[i] ?? '';
  switch (op) {
    case 0: {
      // Swap with the next character (svchost → scvhost).
      const j = Math.min(i, stem.length - 2);
      if (j < 0) return stem;
      return stem.slice(0, j) + (stem[j + 1] ?? '') + (stem[j] ?? '') + stem.slice(j + 2);
    }
    case 1:
      // Drop a character (lsass → lsas).
      return stem.slice(0, i) + stem.slice(i + 1);
    case 2: {
      // Another vowel or a look-alike (explorer → explorar, lsass → 1sass).
      const lc = c.toLowerCase();
      const choices = VOWELS.includes(lc) ? [...VOWELS].filter((v) => v !== lc) : (LOOKALIKES[lc] ?? []);
      if (choices.length === 0) return stem;
      const replacement = random.pick(choices);
      return stem.slice(0, i) + (c === lc ? replacement : replacement.toUpperCase()) + stem.slice(i + 1);
    }
    default:
      // A doubled letter (svchost → svchosst).
      return stem.slice(0, i + 1) + c + stem.slice(i + 1);
  }
}
