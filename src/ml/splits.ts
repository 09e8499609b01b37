import { seededRandom, shuffledIndices, type Random } from '../lib/random';
import { assertNever } from '../lib/assertNever';
import type { ExampleTable, RowSplit } from './types';

/** How rows are divided between train, validation and test. */
export const splitKinds = ['random-stratified', 'time', 'group-name', 'group-host'] as const;
export type SplitKind = (typeof splitKinds)[number];

/** Settings of one split; shares are of all rows and must sum to less than 1. */
export interface SplitSettings {
  readonly kind: SplitKind;
  readonly testShare: number;
  readonly validationShare: number;
  readonly seed: number;
}

/**
 * Divides the rows of a table into train, validation and test.
 * - random-stratified: each class is shuffled and cut separately, so class shares match within a row.
 * - time: the latest rows are test, the ones just before are validation (no look-ahead).
 * - group-name / group-host: whole groups go to one part, so no file name (host) is in two parts;
 *   groups are cut per majority class so both classes reach the test part. Missing groups (-1)
 *   count as one group per row.
 */
export function splitExamples(table: ExampleTable, settings: SplitSettings): RowSplit {
  const { testShare, validationShare } = settings;
  if (!(testShare >= 0 && validationShare >= 0 && testShare + validationShare < 1)) {
    throw new Error(`Test share ${testShare} and validation share ${validationShare} must be ≥ 0 and sum to less than 1.`);
  }
  const random = seededRandom(settings.seed);
  switch (settings.kind) {
    case 'random-stratified':
      return stratifiedSplit(table, testShare, validationShare, random);
    case 'time':
      return timeSplit(table, testShare, validationShare);
    case 'group-name':
      return groupedSplit(table, table.groupName, testShare, validationShare, random);
    case 'group-host':
      return groupedSplit(table, table.groupHost, testShare, validationShare, random);
    default:
      return assertNever(settings.kind, 'split kind');
  }
}

function rowsOfClass(table: ExampleTable, label: number): number[] {
  const rows: number[] = [];
  for (let row = 0; row < table.size; row++) if (table.label[row] === label) rows.push(row);
  return rows;
}

function sortedPart(rows: readonly number[]): Uint32Array {
  return Uint32Array.from(rows).sort();
}

function stratifiedSplit(table: ExampleTable, testShare: number, validationShare: number, random: Random): RowSplit {
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const label of [0, 1]) {
    const rows = rowsOfClass(table, label);
    const order = shuffledIndices(rows.length, random);
    const testCount = Math.round(rows.length * testShare);
    const validationCount = Math.round(rows.length * validationShare);
    order.forEach((position, rank) => {
      const row = rows[position] ?? 0;
      if (rank < testCount) test.push(row);
      else if (rank < testCount + validationCount) validation.push(row);
      else train.push(row);
    });
  }
  return { train: sortedPart(train), validation: sortedPart(validation), test: sortedPart(test) };
}

function timeSplit(table: ExampleTable, testShare: number, validationShare: number): RowSplit {
  const order = Array.from({ length: table.size }, (_, row) => row);
  order.sort((a, b) => (table.timeMs[a] ?? 0) - (table.timeMs[b] ?? 0) || a - b);
  const testCount = Math.round(table.size * testShare);
  const validationCount = Math.round(table.size * validationShare);
  const trainEnd = table.size - testCount - validationCount;
  return {
    train: sortedPart(order.slice(0, trainEnd)),
    validation: sortedPart(order.slice(trainEnd, table.size - testCount)),
    test: sortedPart(order.slice(table.size - testCount)),
  };
}

interface Group {
  readonly rows: number[];
  bad: number;
}

function groupedSplit(table: ExampleTable, groupCodes: Int32Array, testShare: number, validationShare: number, random: Random): RowSplit {
  const byCode = new Map<number, Group>();
  const groups: Group[] = [];
  for (let row = 0; row < table.size; row++) {
    const code = groupCodes[row] ?? -1;
    let group = code >= 0 ? byCode.get(code) : undefined;
    if (group === undefined) {
      group = { rows: [], bad: 0 };
      groups.push(group);
      if (code >= 0) byCode.set(code, group);
    }
    group.rows.push(row);
    if (table.label[row] === 1) group.bad++;
  }
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const isBadStratum of [false, true]) {
    const stratum = groups.filter((group) => group.bad * 2 >= group.rows.length === isBadStratum);
    const order = shuffledIndices(stratum.length, random);
    const stratumRows = stratum.reduce((sum, group) => sum + group.rows.length, 0);
    const testTarget = stratumRows * testShare;
    const validationTarget = stratumRows * validationShare;
    let testCount = 0;
    let validationCount = 0;
    for (const position of order) {
      const group = stratum[position];
      if (group === undefined) continue;
      const size = group.rows.length;
      // A group joins a part only when that brings the part closer to its target, so one huge
      // group cannot swallow the test part.
      if (testCount + size / 2 < testTarget) {
        test.push(...group.rows);
        testCount += size;
      } else if (validationCount + size / 2 < validationTarget) {
        validation.push(...group.rows);
        validationCount += group.rows.length;
      } else {
        train.push(...group.rows);
      }
    }
  }
  return { train: sortedPart(train), validation: sortedPart(validation), test: sortedPart(test) };
}
