import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/random';
import { splitExamples, type SplitKind } from './splits';
import { tableOf } from '../test-support/tfjsTestBackend';
import type { ExampleTable, RowSplit } from './types';

function randomTable(size: number, seed: number): ExampleTable {
  const random = seededRandom(seed);
  return tableOf({
    label: Array.from({ length: size }, () => (random.next() < 0.3 ? 1 : 0)),
    timeMs: Array.from({ length: size }, () => random.int(50)),
    // A few big groups, many small ones and some missing names.
    groupName: Array.from({ length: size }, () => (random.next() < 0.05 ? -1 : random.int(random.next() < 0.5 ? 4 : 60))),
    groupHost: Array.from({ length: size }, () => random.int(12)),
  });
}

function expectPartition(split: RowSplit, size: number): void {
  const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: size }, (_, i) => i));
}

function codesOf(rows: Uint32Array, codes: Int32Array): Set<number> {
  return new Set(Array.from(rows, (row) => codes[row] ?? -1).filter((code) => code >= 0));
}

const shares = { testShare: 0.2, validationShare: 0.15 };

describe('splitExamples', () => {
  it('keeps class shares within one row in each part of a stratified split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (size, seed) => {
        const table = randomTable(size, seed);
        const split = splitExamples(table, { kind: 'random-stratified', ...shares, seed });
        expectPartition(split, size);
        const bad = table.label.reduce((sum, label) => sum + label, 0);
        for (const [part, share] of [
          [split.test, shares.testShare],
          [split.validation, shares.validationShare],
        ] as const) {
          const partBad = Array.from(part).filter((row) => table.label[row] === 1).length;
          expect(Math.abs(partBad - bad * share)).toBeLessThanOrEqual(1);
          expect(Math.abs(part.length - partBad - (size - bad) * share)).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('cuts a stratified split by hand-computed counts', () => {
    // 10 good and 5 bad rows; 20% test → 2 good + 1 bad, 20% validation → 2 good + 1 bad.
    const table = tableOf({ label: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1] });
    const split = splitExamples(table, { kind: 'random-stratified', testShare: 0.2, validationShare: 0.2, seed: 5 });
    const count = (rows: Uint32Array, label: number): number => Array.from(rows).filter((row) => table.label[row] === label).length;
    expect([count(split.test, 0), count(split.test, 1)]).toEqual([2, 1]);
    expect([count(split.validation, 0), count(split.validation, 1)]).toEqual([2, 1]);
    expect([count(split.train, 0), count(split.train, 1)]).toEqual([6, 3]);
  });

  it('puts only the latest rows in test and the next latest in validation for a time split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (size, seed) => {
        const table = randomTable(size, seed);
        const split = splitExamples(table, { kind: 'time', ...shares, seed });
        expectPartition(split, size);
        const times = (rows: Uint32Array): number[] => Array.from(rows, (row) => table.timeMs[row] ?? 0);
        const earliestTest = Math.min(...times(split.test));
        expect(Math.max(...times(split.train), ...times(split.validation))).toBeLessThanOrEqual(earliestTest);
        expect(Math.max(...times(split.train))).toBeLessThanOrEqual(Math.min(...times(split.validation)));
        expect(split.test.length).toBe(Math.round(size * shares.testShare));
      }),
      { numRuns: 40 },
    );
  });

  it.each<[SplitKind, 'groupName' | 'groupHost']>([
    ['group-name', 'groupName'],
    ['group-host', 'groupHost'],
  ])('never puts one group in two parts (%s)', (kind, groupKey) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (size, seed) => {
        const table = randomTable(size, seed);
        const split = splitExamples(table, { kind, ...shares, seed });
        expectPartition(split, size);
        const codes = table[groupKey];
        const [train, validation, test] = [codesOf(split.train, codes), codesOf(split.validation, codes), codesOf(split.test, codes)];
        for (const code of test) expect(train.has(code) || validation.has(code)).toBe(false);
        for (const code of validation) expect(train.has(code)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('reaches both classes and roughly the test share in a group split of many groups', () => {
    const table = randomTable(2000, 9);
    const split = splitExamples(table, { kind: 'group-host', testShare: 0.25, validationShare: 0, seed: 1 });
    // 12 hosts of about 167 rows: the test part is 3 hosts, within one host of 500 rows.
    expect(Math.abs(split.test.length - 500)).toBeLessThan(170);
    expect(new Set(Array.from(split.test, (row) => table.label[row])).size).toBe(2);
  });

  it.each<SplitKind>(['random-stratified', 'time', 'group-name', 'group-host'])('repeats itself for the same seed (%s)', (kind) => {
    const table = randomTable(200, 4);
    expect(splitExamples(table, { kind, ...shares, seed: 11 })).toEqual(splitExamples(table, { kind, ...shares, seed: 11 }));
  });

  it('changes with the seed', () => {
    const table = randomTable(200, 4);
    expect(splitExamples(table, { kind: 'random-stratified', ...shares, seed: 1 }).test).not.toEqual(
      splitExamples(table, { kind: 'random-stratified', ...shares, seed: 2 }).test,
    );
  });

  it('refuses shares that leave no training rows', () => {
    expect(() => splitExamples(randomTable(10, 1), { kind: 'time', testShare: 0.6, validationShare: 0.4, seed: 1 })).toThrow(/sum to less than 1/);
  });
});
