import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagePrecision, classificationMetrics, confusionAt, prCurve, rocAuc, rocCurve } from './metrics';

// Two ties: 0.8 (one bad, one good) and 0.3 (one bad, one good).
const scores = [0.9, 0.8, 0.8, 0.3, 0.3, 0.1];
const labels = [1, 0, 1, 1, 0, 0];

function mannWhitney(s: readonly number[], l: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  s.forEach((bad, i) => {
    if (l[i] !== 1) return;
    s.forEach((good, j) => {
      if (l[j] === 1) return;
      pairs++;
      wins += bad > good ? 1 : bad === good ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('metrics by hand', () => {
  it('counts the confusion at a threshold, ties at the threshold flagged', () => {
    expect(confusionAt(scores, labels, 0.8)).toEqual({ truePositives: 2, falsePositives: 1, trueNegatives: 2, falseNegatives: 1 });
    expect(confusionAt(scores, labels, 0.81)).toEqual({ truePositives: 1, falsePositives: 0, trueNegatives: 3, falseNegatives: 2 });
  });

  it('walks the ROC curve one point per distinct score', () => {
    const roc = rocCurve(scores, labels);
    expect(Array.from(roc.thresholds)).toEqual([Infinity, 0.9, 0.8, 0.3, 0.1]);
    expect(Array.from(roc.falsePositiveRate)).toEqual([0, 0, 1 / 3, 2 / 3, 1]);
    expect(Array.from(roc.truePositiveRate)).toEqual([0, 1 / 3, 2 / 3, 1, 1]);
  });

  it('gives ties half credit in the ROC AUC', () => {
    // Bad 0.9 beats 3 goods; bad 0.8 ties one and beats two (2.5); bad 0.3 ties one and beats one (1.5): 7 of 9.
    expect(rocAuc(scores, labels)).toBeCloseTo(7 / 9, 12);
    expect(rocAuc([0.5, 0.5, 0.5], [1, 0, 0])).toBe(0.5);
    expect(rocAuc([0.1, 0.9], [1, 0])).toBe(0);
  });

  it('computes the PR curve and average precision over tied groups', () => {
    const pr = prCurve(scores, labels);
    expect(Array.from(pr.recall)).toEqual([1 / 3, 2 / 3, 1, 1]);
    expect(Array.from(pr.precision)).toEqual([1, 2 / 3, 3 / 5, 1 / 2]);
    // 1/3·1 + 1/3·2/3 + 1/3·3/5 = 34/45.
    expect(averagePrecision(scores, labels)).toBeCloseTo(34 / 45, 12);
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0])).toBe(0.25);
  });

  it('summarises threshold metrics', () => {
    const metrics = classificationMetrics(scores, labels, 0.5);
    expect(metrics).toMatchObject({ count: 6, positives: 3, negatives: 3, accuracy: 4 / 6, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
  });

  it('returns NaN instead of failing when a class or the input is empty', () => {
    const onlyGood = classificationMetrics([0.2, 0.7], [0, 0]);
    expect(onlyGood.rocAuc).toBeNaN();
    expect(onlyGood.prAuc).toBeNaN();
    expect(onlyGood.recall).toBeNaN();
    expect(onlyGood.precision).toBe(0);
    expect(onlyGood.f1).toBe(0);
    expect(onlyGood.accuracy).toBe(0.5);
    const onlyBad = classificationMetrics([0.2, 0.7], [1, 1]);
    expect(onlyBad.rocAuc).toBeNaN();
    expect(onlyBad.prAuc).toBe(1);
    expect(onlyBad.recall).toBe(0.5);
    const empty = classificationMetrics([], []);
    expect([empty.accuracy, empty.precision, empty.recall, empty.f1, empty.rocAuc, empty.prAuc].every(Number.isNaN)).toBe(true);
    const nothingFlagged = classificationMetrics([0.1, 0.2], [1, 0]);
    expect(nothingFlagged.precision).toBeNaN();
    expect(nothingFlagged.f1).toBe(0);
  });

  it('ignores rows whose score is NaN', () => {
    expect(rocAuc([0.9, Number.NaN, 0.1], [1, 0, 0])).toBe(1);
    expect(classificationMetrics([0.9, Number.NaN, 0.1], [1, 0, 0]).count).toBe(2);
  });
});

describe('rocAuc against a brute-force Mann–Whitney count', () => {
  it('agrees on random scores with many ties', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 60 }), (rows) => {
        const s = rows.map(([score]) => score / 5);
        const l = rows.map(([, bad]) => (bad ? 1 : 0));
        const expected = l.includes(1) && l.includes(0) ? mannWhitney(s, l) : Number.NaN;
        const actual = rocAuc(s, l);
        if (Number.isNaN(expected)) expect(actual).toBeNaN();
        else expect(actual).toBeCloseTo(expected, 10);
      }),
      { numRuns: 200 },
    );
  });
});
