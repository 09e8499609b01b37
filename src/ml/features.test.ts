import { describe, expect, it } from 'vitest';
import { defaultFeatureSettings, encode, fitFeatureSpec, indicatorNames, inputWidth, previewRows, type FeatureSetting } from './features';
import { numberedVocabulary, tableOf } from '../test-support/tfjsTestBackend';

// Rows 0–5 train, 6–7 test. hour code 3 and name code 3 appear only in test rows; row 5 lacks a name.
const table = tableOf({
  label: [0, 1, 0, 1, 0, 0, 1, 0],
  columns: {
    hour: { codes: [1, 2, 1, 1, 2, 1, 3, 2], vocabulary: numberedVocabulary(24) },
    name: { codes: [2, 0, 2, 1, 0, 2, 3, -1], vocabulary: ['a.exe', 'b.exe', 'c.exe', 'd.exe'] },
    folder: { codes: [0, 0, 0, 0, 0, 0, 0, 0], vocabulary: ['c:\\windows'] },
  },
});
const train = Uint32Array.from([0, 1, 2, 3, 4, 5]);
const test = Uint32Array.from([6, 7]);
const settings: FeatureSetting[] = [
  { column: 'hour', treatment: 'indicator', embeddingDims: 8 },
  { column: 'name', treatment: 'embedding', embeddingDims: 3 },
  { column: 'folder', treatment: 'indicator', embeddingDims: 8 },
];

describe('defaultFeatureSettings', () => {
  it('matches the blog post: hour and weekday one-hot, name and folder 8-d embeddings, the rest off', () => {
    const active = defaultFeatureSettings.filter((setting) => setting.treatment !== 'off');
    expect(active).toEqual([
      { column: 'hour', treatment: 'indicator', embeddingDims: 8 },
      { column: 'weekday', treatment: 'indicator', embeddingDims: 8 },
      { column: 'name', treatment: 'embedding', embeddingDims: 8 },
      { column: 'folder', treatment: 'embedding', embeddingDims: 8 },
    ]);
    expect(defaultFeatureSettings).toHaveLength(9);
  });
});

describe('fitFeatureSpec', () => {
  it('fits vocabularies on training rows only, in code order, with bucket 0 for the rest', () => {
    const spec = fitFeatureSpec(table, train, settings);
    const [hour, name, folder] = spec.columns;
    expect(hour).toMatchObject({ column: 'hour', treatment: 'indicator', offset: 0, width: 3, labels: ['(other)', '1', '2'] });
    expect(hour?.remap.slice(0, 5)).toEqual([0, 1, 2, 0, 0]);
    // hour 1 is seen 4 times in training, hour 2 twice.
    expect(hour?.mostCommonIndex).toBe(1);
    expect(name).toMatchObject({ column: 'name', treatment: 'embedding', embeddingDims: 3, width: 4, labels: ['(other)', 'a.exe', 'b.exe', 'c.exe'] });
    expect(name?.remap).toEqual([1, 2, 3, 0]);
    expect(folder).toMatchObject({ offset: 3, width: 2 });
    expect(spec.indicatorWidth).toBe(5);
    expect(inputWidth(spec)).toBe(8);
    expect(indicatorNames(spec)).toEqual(['hour=(other)', 'hour=1', 'hour=2', 'folder=(other)', 'folder=c:\\windows']);
  });

  it('keeps only the most frequent values under a vocabulary cap, ties to the lower code', () => {
    // Training name counts: c.exe 3, a.exe 2, b.exe 1 → a cap of 2 keeps c.exe and a.exe.
    const capped = fitFeatureSpec(table, train, settings, { maxVocabulary: 2 });
    expect(capped.columns[1]?.labels).toEqual(['(other)', 'a.exe', 'c.exe']);
    expect(capped.columns[1]?.remap).toEqual([1, 0, 2, 0]);
    const tie = tableOf({ label: [0, 0], columns: { name: { codes: [1, 0], vocabulary: ['x', 'y'] } } });
    expect(fitFeatureSpec(tie, Uint32Array.from([0, 1]), settings, { maxVocabulary: 1 }).columns[0]?.labels).toEqual(['(other)', 'x']);
  });

  it('skips columns that are off or absent from the table', () => {
    const spec = fitFeatureSpec(table, train, [
      { column: 'hour', treatment: 'off', embeddingDims: 8 },
      { column: 'session', treatment: 'embedding', embeddingDims: 8 },
      { column: 'name', treatment: 'embedding', embeddingDims: 2 },
    ]);
    expect(spec.columns.map((column) => column.column)).toEqual(['name']);
    expect(spec.indicatorWidth).toBe(0);
  });

  it('survives a JSON round trip unchanged', () => {
    const spec = fitFeatureSpec(table, train, settings);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});

describe('encode', () => {
  it('writes one-hot blocks and embedding ids, sending unseen and missing codes to 0', () => {
    const encoded = encode(table, test, fitFeatureSpec(table, train, settings));
    expect(encoded.rowCount).toBe(2);
    expect(encoded.indicatorWidth).toBe(5);
    // Row 6: hour 3 unseen → slot 0; folder c:\windows → slot 1. Row 7: hour 2 → slot 2.
    expect(Array.from(encoded.indicators)).toEqual([1, 0, 0, 0, 1, 0, 0, 1, 0, 1]);
    // Row 6 name d.exe unseen → 0; row 7 name missing → 0.
    expect(encoded.embeddingIds.map((ids) => Array.from(ids))).toEqual([[0, 0]]);
    expect(Array.from(encode(table, Uint32Array.from([0, 1, 3]), fitFeatureSpec(table, train, settings)).embeddingIds[0] ?? [])).toEqual([3, 1, 2]);
  });
});

describe('previewRows', () => {
  it('describes a few rows column by column', () => {
    const preview = previewRows(table, Uint32Array.from([7, 6, 0]), fitFeatureSpec(table, train, settings), 2);
    expect(preview.headers).toEqual(['hour (one-hot 3)', 'name (embedding 3)', 'folder (one-hot 2)']);
    expect(preview.rows).toHaveLength(2);
    expect(preview.rows[0]).toEqual({
      row: 7,
      label: 0,
      cells: [
        { column: 'hour', treatment: 'indicator', raw: '2', index: 2, encoded: 'one-hot 2 of 3' },
        { column: 'name', treatment: 'embedding', raw: null, index: 0, encoded: 'id 0 of 4 → 3-d vector' },
        { column: 'folder', treatment: 'indicator', raw: 'c:\\windows', index: 1, encoded: 'one-hot 1 of 2' },
      ],
    });
  });
});
