/**
 * What the seeded example tables (./syntheticTable for tests and demos, ./rareBadTable for rare
 * known bad) share: the time constants, the typed arrays they fill row by row, and the assembly
 * of those arrays into an ExampleTable with hour, weekday, name and folder columns.
 */
import type { ExampleTable } from './types';

export const dayMs = 86_400_000;
export const hourMs = 3_600_000;
/** Sunday 2024-01-07 00:00 UTC, so a day index modulo 7 is the weekday. */
export const firstSunday = Date.UTC(2024, 0, 7);

/** The per-row arrays a seeded table fills; codes index the vocabularies given to seededTable. */
export interface SeededTableColumns {
  readonly label: Uint8Array;
  readonly timeMs: Float64Array;
  readonly hour: Int32Array;
  readonly weekday: Int32Array;
  readonly name: Int32Array;
  readonly folder: Int32Array;
  readonly host: Int32Array;
  readonly synthetic: Uint8Array;
}

/** Zeroed arrays for `size` rows. */
export function allocateSeededColumns(size: number): SeededTableColumns {
  return {
    label: new Uint8Array(size),
    timeMs: new Float64Array(size),
    hour: new Int32Array(size),
    weekday: new Int32Array(size),
    name: new Int32Array(size),
    folder: new Int32Array(size),
    host: new Int32Array(size),
    synthetic: new Uint8Array(size),
  };
}

/** `count` strings `${prefix}${i}${suffix}`, for numbered vocabularies such as proc0.exe, proc1.exe, …. */
export function numbered(prefix: string, count: number, suffix = ''): string[] {
  return Array.from({ length: count }, (_, code) => `${prefix}${code}${suffix}`);
}

const weekdayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The filled arrays as an ExampleTable: names are the name-grouping key, hosts the host-grouping key. */
export function seededTable(columns: SeededTableColumns, vocabularies: { readonly name: readonly string[]; readonly folder: readonly string[] }): ExampleTable {
  return {
    size: columns.label.length,
    label: columns.label,
    timeMs: columns.timeMs,
    groupName: columns.name,
    groupFolder: columns.folder,
    groupHost: columns.host,
    synthetic: columns.synthetic,
    columns: {
      hour: { codes: columns.hour, vocabulary: numbered('', 24) },
      weekday: { codes: columns.weekday, vocabulary: weekdayNames },
      name: { codes: columns.name, vocabulary: vocabularies.name },
      folder: { codes: columns.folder, vocabulary: vocabularies.folder },
    },
  };
}
