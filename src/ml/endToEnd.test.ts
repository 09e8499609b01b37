import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateBaselines } from './baselines';
import { defaultFeatureSettings, fitFeatureSpec, type FeatureSetting } from './features';
import { detectLeakage } from './leakage';
import { classificationMetrics } from './metrics';
import { buildModel, defaultModelSettings } from './model';
import { scoreRows } from './predict';
import { splitExamples } from './splits';
import { makeSyntheticTable } from './syntheticTable';
import { trainModel } from './train';
import { useCpuBackend } from '../test-support/tfjsTestBackend';

// The blog post's situation: known-bad only at night or on weekends, known-good in office hours.
const table = makeSyntheticTable({ size: 1500, badShare: 0.5, seed: 20, clock: 'night-weekend' });
const settings = defaultModelSettings;
const split = splitExamples(table, {
  kind: 'random-stratified',
  testShare: settings.testShare,
  validationShare: settings.validationShare,
  seed: settings.seed,
});
const testLabels = Uint8Array.from(split.test, (row) => table.label[row] ?? 0);

async function testAuc(features: readonly FeatureSetting[]): Promise<number> {
  const spec = fitFeatureSpec(table, split.train, features);
  const model = buildModel(spec, settings);
  const result = await trainModel({ model, spec, table, split, settings });
  expect(result.stoppedBy).toBe('finished');
  const auc = classificationMetrics(scoreRows(model, spec, table, split.test), testLabels).rocAuc;
  model.dispose();
  return auc;
}

describe('the blog post, end to end', () => {
  beforeAll(useCpuBackend);

  it('scores near-perfectly through hour and weekday, is caught, and falls back without them', async () => {
    const before = tf.memory().numTensors;
    const leakyAuc = await testAuc(defaultFeatureSettings);
    expect(leakyAuc).toBeGreaterThanOrEqual(0.99);

    const active = defaultFeatureSettings.filter((setting) => setting.treatment !== 'off').map((setting) => setting.column);
    const findings = detectLeakage({
      table,
      split,
      testMetrics: { ...classificationMetrics([1, 0], [1, 0]), rocAuc: leakyAuc },
      baselines: evaluateBaselines(table, split),
      activeColumns: active,
      splitKind: 'random-stratified',
    });
    const blamed = findings.flatMap((finding) => (finding.feature === undefined ? [] : [finding.feature]));
    expect(blamed.some((feature) => feature === 'hour' || feature === 'weekday')).toBe(true);
    expect(findings.find((finding) => finding.kind === 'near-perfect-score')?.message).toMatch(/leak/);

    const withoutClock = defaultFeatureSettings.map((setting) =>
      setting.column === 'hour' || setting.column === 'weekday' ? { ...setting, treatment: 'off' as const } : setting,
    );
    const honestAuc = await testAuc(withoutClock);
    expect(honestAuc).toBeLessThan(leakyAuc - 0.15);
    expect(tf.memory().numTensors).toBe(before);
  });
});
