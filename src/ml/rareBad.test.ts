/**
 * The failure, reproduced on a rare-known-bad table (1:100): plain cross-entropy gave the
 * network a test ROC AUC below chance while the rarity baseline scored well. With the defaults
 * (class weights, values seen at most once in known good pooled) the network must come within 0.05 of it.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rarityScores } from './baselines';
import { rocAuc } from './metrics';
import { defaultModelSettings } from './model';
import { scoreRows } from './predict';
import { makeRareBadTable } from './rareBadTable';
import { chooseThreshold } from './threshold';
import { trainDefaultRun } from '../test-support/defaultRun';
import { useCpuBackend } from '../test-support/tfjsTestBackend';

describe('rare known bad with the default network', () => {
  beforeAll(useCpuBackend);

  it('is within 0.05 of the rarity baseline on the test rows, with a threshold from validation', async () => {
    const before = tf.memory().numTensors;
    const table = makeRareBadTable({ goodCount: 2000, badCount: 20, seed: 3 });
    const settings = defaultModelSettings;
    const { model, spec, split } = await trainDefaultRun(table, settings);
    const labels = Array.from(split.test, (row) => table.label[row] ?? 0);
    const networkAuc = rocAuc(scoreRows(model, spec, table, split.test), labels);
    const rarityAuc = rocAuc(rarityScores(table, split.train, split.test), labels);
    expect(networkAuc).toBeGreaterThanOrEqual(rarityAuc - 0.05);
    const validationLabels = Array.from(split.validation, (row) => table.label[row] ?? 0);
    const threshold = chooseThreshold(scoreRows(model, spec, table, split.validation), validationLabels);
    expect(threshold.threshold).toBeGreaterThan(0);
    expect(threshold.threshold).toBeLessThan(1);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 600_000);
});
