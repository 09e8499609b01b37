import { describe, expect, it } from 'vitest';
import { defaultFeatureSettings, type FeatureSetting } from '../../ml/features';
import { columnWidth, columnWidthText, estimateInputWidth, widthEstimateText } from './inputWidth';

const off = (column: FeatureSetting['column']): FeatureSetting => ({ column, treatment: 'off', embeddingDims: 8 });

describe('estimateInputWidth', () => {
  it('bounds the seed setup: hour 25 + weekday 8 one-hot, name and folder 8 each', () => {
    const estimate = estimateInputWidth(defaultFeatureSettings);
    expect(estimate).toEqual({ kind: 'at-most', width: 25 + 8 + 8 + 8 });
    expect(widthEstimateText(estimate)).toBe('Input width: at most 49 (one-hot blocks hold the values seen in training plus one out-of-vocabulary slot).');
  });

  it('is exact with embeddings only', () => {
    const settings: FeatureSetting[] = [
      off('hour'),
      { column: 'name', treatment: 'embedding', embeddingDims: 3 },
      { column: 'parent', treatment: 'embedding', embeddingDims: 5 },
    ];
    expect(estimateInputWidth(settings)).toEqual({ kind: 'exact', width: 8 });
    expect(widthEstimateText({ kind: 'exact', width: 8 })).toBe('Input width: 8.');
  });

  it('waits for the first run when a one-hot width depends on a vocabulary', () => {
    const settings: FeatureSetting[] = [
      { column: 'hour', treatment: 'indicator', embeddingDims: 8 },
      { column: 'name', treatment: 'indicator', embeddingDims: 8 },
      { column: 'folder', treatment: 'indicator', embeddingDims: 8 },
    ];
    const estimate = estimateInputWidth(settings);
    expect(estimate).toEqual({ kind: 'after-run', columns: ['name', 'folder'] });
    expect(widthEstimateText(estimate)).toBe('Input width: known after the first run (the one-hot width of name, folder depends on the vocabulary).');
  });

  it('says so when every column is off', () => {
    const estimate = estimateInputWidth([off('hour'), off('name')]);
    expect(estimate).toEqual({ kind: 'none' });
    expect(widthEstimateText(estimate)).toBe('Input width: 0 — every column is off; switch at least one on.');
  });
});

describe('columnWidthText', () => {
  it('describes each kind of column', () => {
    expect(columnWidthText(columnWidth({ column: 'weekday', treatment: 'indicator', embeddingDims: 8 }), 5000)).toBe('≤ 8');
    expect(columnWidthText(columnWidth({ column: 'eventType', treatment: 'indicator', embeddingDims: 8 }), 5000)).toBe('≤ 5');
    expect(columnWidthText(columnWidth({ column: 'folder', treatment: 'embedding', embeddingDims: 12 }), 5000)).toBe('12');
    expect(columnWidthText(columnWidth({ column: 'folder', treatment: 'indicator', embeddingDims: 12 }), 5000)).toBe('vocabulary + 1 (≤ 5,001)');
    expect(columnWidthText(columnWidth(off('hour')), 5000)).toBe('—');
  });
});
