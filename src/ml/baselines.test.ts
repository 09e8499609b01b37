import { describe, expect, it } from 'vitest';
import { evaluateBaselines, majorityScores, rarityScores, valueRateScores } from './baselines';
import { tableOf } from '../test-support/tfjsTestBackend';

// Train rows 0–5, test rows 6–9.
const table = tableOf({
  label: [0, 0, 0, 1, 1, 0, 0, 1, 1, 0],
  columns: {
    hour: { codes: [9, 9, 10, 2, 2, 10, 9, 2, 3, 10], vocabulary: Array.from({ length: 24 }, (_, i) => String(i)) },
    name: { codes: [0, 0, 1, 2, 0, -1, 0, 2, 3, 1], vocabulary: ['svchost.exe', 'explorer.exe', 'evil.exe', 'new.exe'] },
  },
});
const split = { train: Uint32Array.from([0, 1, 2, 3, 4, 5]), validation: new Uint32Array(0), test: Uint32Array.from([6, 7, 8, 9]) };

describe('baseline scores by hand', () => {
  it('predicts the training majority class', () => {
    expect(Array.from(majorityScores(table, split.train, split.test))).toEqual([0, 0, 0, 0]);
  });

  it('scores rarity among known-good training rows', () => {
    // Known-good training names: svchost ×2, explorer ×1, missing ×1.
    // Test names svchost, evil, new, explorer → name rarity 1/3, 1, 1, 1/2.
    // Test hours are not used; folder is absent, so the score is the name rarity alone.
    expect(Array.from(rarityScores(table, split.train, split.test))).toEqual([1 / 3, 1, 1, 1 / 2].map(Math.fround));
  });

  it('estimates a smoothed bad-rate per value', () => {
    // Training prior 2/6. hour 9: 0 of 2; hour 2: 2 of 2; hour 3: unseen; hour 10: 0 of 2.
    const prior = 2 / 6;
    const hour = table.columns.hour?.codes ?? new Int32Array(0);
    const scores = valueRateScores(hour, split.train, (row) => table.label[row] === 1, split.test, 1);
    expect(Array.from(scores)).toEqual([prior / 3, (2 + prior) / 3, prior, prior / 3].map(Math.fround));
  });
});

describe('evaluateBaselines', () => {
  it('lists majority, rarity and one model per column with test metrics', () => {
    const results = evaluateBaselines(table, split);
    expect(results.map((result) => [result.kind, result.feature ?? null, result.name])).toEqual([
      ['majority', null, 'Majority class'],
      ['rarity', null, 'Rarity of name and folder'],
      ['single-feature', 'hour', 'hour alone'],
      ['single-feature', 'name', 'name alone'],
    ]);
    const [majority, rarity, hour] = results;
    expect(majority?.metrics.rocAuc).toBe(0.5);
    expect(majority?.metrics.accuracy).toBe(0.5);
    // Rarity: bad rows score 1 and 1, good rows 1/3 and 1/2 → perfect ranking.
    expect(rarity?.metrics.rocAuc).toBe(1);
    // hour: bads score (2+p)/3 and p, goods p/3 and p/3 → perfect ranking; at 0.5 only one bad flagged.
    expect(hour?.metrics.rocAuc).toBe(1);
    expect(hour?.metrics.recall).toBe(0.5);
  });

  it('limits single-feature baselines to the requested columns', () => {
    expect(evaluateBaselines(table, split, { columns: ['name'] }).map((result) => result.name)).toEqual([
      'Majority class',
      'Rarity of name and folder',
      'name alone',
    ]);
  });
});
