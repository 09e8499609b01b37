import { describe, expect, it } from 'vitest';
import { chooseThreshold, knownBadShareNote } from './threshold';
import { classWeights, epochOrder, rowWeights } from './objectives';

describe('chooseThreshold', () => {
  it('picks the validation threshold with the best F1, between rows', () => {
    const chosen = chooseThreshold([0.9, 0.3, 0.25, 0.1, 0.05], [1, 1, 0, 0, 0]);
    expect(chosen.threshold).toBeCloseTo(0.275);
    expect(chosen.validationF1).toBe(1);
    expect(chosen.reason).toContain('validation');
  });

  it('keeps 0.5 when validation lacks a class', () => {
    expect(chooseThreshold([0.2, 0.7], [0, 0]).threshold).toBe(0.5);
  });
});

describe('knownBadShareNote', () => {
  it('speaks up when known bad is rare and stays quiet otherwise', () => {
    const rare = knownBadShareNote([...Array<number>(990).fill(0), ...Array<number>(10).fill(1)]);
    expect(rare.isSmall).toBe(true);
    expect(rare.note).toContain('1:99');
    expect(knownBadShareNote([0, 1, 0, 1]).note).toBe('');
  });
});

describe('class imbalance handling', () => {
  const labels = Float32Array.from([...Array<number>(98).fill(0), 1, 1]);

  it('gives each class half of the loss with class weights', () => {
    const weights = classWeights(labels);
    expect(weights.bad * 2).toBeCloseTo(50);
    expect(weights.good * 98).toBeCloseTo(50);
    expect(Array.from(rowWeights(labels, 'none')).every((w) => w === 1)).toBe(true);
  });

  it('draws balanced batches half from each class, repeatably', () => {
    const order = epochOrder(labels, 'balanced-batches', 4, 0);
    expect(order.length).toBe(100);
    expect(Array.from(order).filter((position) => labels[position] === 1).length).toBe(50);
    expect(Array.from(epochOrder(labels, 'balanced-batches', 4, 0))).toEqual(Array.from(order));
    expect(new Set(epochOrder(labels, 'none', 4, 0)).size).toBe(100);
  });
});
