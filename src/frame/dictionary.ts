/**
 * A string table: each distinct string gets a dense integer code once, so columns hold codes
 * (typed arrays) instead of millions of string references.
 */
export class StringDictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  /** Code of `value`, adding it on first sight. */
  code(value: string): number {
    const known = this.codes.get(value);
    if (known !== undefined) return known;
    const added = this.values.length;
    this.values.push(value);
    this.codes.set(value, added);
    return added;
  }

  /** Code of `value` or -1, without adding it. */
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  value(code: number): string {
    return this.values[code] ?? '';
  }

  get size(): number {
    return this.values.length;
  }
}

/**
 * Groups strings case-insensitively (Windows file names and folders are), remembering every
 * casing seen with its weight so that the most common one can be shown.
 */
export class CaseInsensitiveDictionary {
  private readonly keys = new StringDictionary();
  private readonly casings: Map<string, number>[] = [];

  code(value: string): number {
    const code = this.keys.code(value.toLowerCase());
    // The first casing seen is shown until counts say otherwise.
    if (code === this.casings.length) this.casings.push(new Map([[value, 0]]));
    return code;
  }

  /** Records that `casing` was seen `weight` more times for its group. */
  noteCasing(code: number, casing: string, weight: number): void {
    const seen = this.casings[code];
    if (!seen) return;
    seen.set(casing, (seen.get(casing) ?? 0) + weight);
  }

  find(value: string): number {
    return this.keys.find(value.toLowerCase());
  }

  /** The most common casing of a group, for display. */
  display(code: number): string {
    const seen = this.casings[code];
    let best = this.keys.value(code);
    let bestCount = -1;
    if (seen) {
      for (const [casing, count] of seen) {
        if (count > bestCount || (count === bestCount && casing < best)) {
          best = casing;
          bestCount = count;
        }
      }
    }
    return best;
  }

  /** Lower-cased key of a group. */
  key(code: number): string {
    return this.keys.value(code);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Zeroes casing weights (they are recomputed after the frame changes). */
  resetCasings(): void {
    for (const seen of this.casings) for (const casing of seen.keys()) seen.set(casing, 0);
  }
}
