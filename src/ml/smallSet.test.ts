/**
 * A small balanced set, as a user gets from a short capture balanced 50/50 against generated known
 * bad: with the blog post's settings (sigmoid units, L2 0.01, RMSprop 0.001) the 20 steps of a
 * default run left every score within 0.01 of 0.45, so the ranking of the capture was decided by
 * ties. With the defaults the network must separate what it can see: rows running tools no known-good
 * row runs score clearly above known good.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rocAuc } from './metrics';
import { defaultModelSettings } from './model';
import { originalModelSettings, type ModelSettings } from './modelSettings';
import { scoreRows } from './predict';
import { makeRareBadTable } from './rareBadTable';
import { trainDefaultRun } from '../test-support/defaultRun';
import { useCpuBackend } from '../test-support/tfjsTestBackend';

/** 40 known good and 40 known bad; about two thirds of the known bad run tools never seen in known good. */
const table = makeRareBadTable({ goodCount: 40, badCount: 40, seed: 8 });
/** Known-bad rows whose name no known-good row has. */
const goodNames = new Set(Array.from(table.label.keys()).flatMap((row) => (table.label[row] === 0 ? [table.columns.name?.codes[row]] : [])));
const unseenToolRows = Array.from(table.label.keys()).filter((row) => table.label[row] === 1 && !goodNames.has(table.columns.name?.codes[row]));
const goodRows = Array.from(table.label.keys()).filter((row) => table.label[row] === 0);

interface Separation {
  /** Mean score of the unseen-tool rows minus that of known good, over every row. */
  readonly gap: number;
  /** Highest minus lowest score over every row. */
  readonly spread: number;
  readonly testAuc: number;
}

async function separation(settings: ModelSettings): Promise<Separation> {
  const { model, spec, split } = await trainDefaultRun(table, settings);
  const scores = scoreRows(model, spec, table, Uint32Array.from(table.label.keys()));
  const testAuc = rocAuc(
    scoreRows(model, spec, table, split.test),
    Array.from(split.test, (row) => table.label[row] ?? 0),
  );
  model.dispose();
  const mean = (rows: readonly number[]): number => rows.reduce((sum, row) => sum + (scores[row] ?? 0), 0) / rows.length;
  return { gap: mean(unseenToolRows) - mean(goodRows), spread: Math.max(...scores) - Math.min(...scores), testAuc };
}

describe('a small balanced set with the default network', () => {
  beforeAll(useCpuBackend);

  it('scores rows running tools unseen in known good clearly above known good, not all alike', async () => {
    expect(unseenToolRows.length).toBeGreaterThanOrEqual(20);
    const before = tf.memory().numTensors;
    const result = await separation(defaultModelSettings);
    expect(result.gap).toBeGreaterThan(0.3);
    expect(result.spread).toBeGreaterThan(0.5);
    expect(result.testAuc).toBeGreaterThanOrEqual(0.8);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('shows why the defaults left the blog post: its settings barely move in a short run on this set', async () => {
    const result = await separation(originalModelSettings);
    expect(result.spread).toBeLessThan(0.1);
  }, 120_000);
});
