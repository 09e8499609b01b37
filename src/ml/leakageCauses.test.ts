import { describe, expect, it } from 'vitest';
import { evaluateBaselines, type BaselineResult } from './baselines';
import { defaultFeatureSettings } from './features';
import { applyCauseRemedy, causeRemedyLabel, explainAucChange, leakageCauses } from './leakageCauses';
import { classificationMetrics } from './metrics';
import { defaultModelSettings } from './modelSettings';
import type { TrainConfig } from './runTypes';
import { splitExamples } from './splits';
import { makeSyntheticTable } from './syntheticTable';
import { numberedVocabulary, tableOf } from '../test-support/tfjsTestBackend';

const nightTable = makeSyntheticTable({ size: 1200, badShare: 0.3, seed: 5, clock: 'night-weekend', syntheticShare: 0 });
const nightSplit = splitExamples(nightTable, { kind: 'random-stratified', testShare: 0.2, validationShare: 0.2, seed: 1 });
const nightBaselines = evaluateBaselines(nightTable, nightSplit);
const perfect = { ...classificationMetrics([1, 0], [1, 0]), rocAuc: 1 };

describe('leakageCauses', () => {
  it('raises one clock alarm for night-and-weekend known bad, whose remedy drops hour and weekday together', () => {
    const causes = leakageCauses({ table: nightTable, split: nightSplit, testMetrics: perfect, baselines: nightBaselines, splitKind: 'random-stratified' });
    const clock = causes.filter((cause) => cause.kind === 'clock');
    expect(clock).toHaveLength(1);
    const [alarm] = clock;
    expect(alarm?.remedies[0]).toEqual({ kind: 'drop-features', features: ['hour', 'weekday'] });
    expect(causeRemedyLabel(alarm?.remedies[0] ?? { kind: 'split', split: 'time' })).toBe('Re-run without the clock');
    expect(alarm?.evidence.map((item) => item.kind)).toEqual(expect.arrayContaining(['single-feature-auc', 'histogram-overlap', 'time-ranges', 'test-auc']));
    // No other alarm sends the user after hour or weekday one at a time.
    const single = causes.flatMap((cause) => cause.remedies).filter((remedy) => remedy.kind === 'drop-features' && remedy.features.length === 1);
    expect(single.filter((remedy) => remedy.kind === 'drop-features' && (remedy.features[0] === 'hour' || remedy.features[0] === 'weekday'))).toEqual([]);
  });

  it('words the same checks for the anomaly model', () => {
    const causes = leakageCauses({ table: nightTable, split: nightSplit, testMetrics: perfect, baselines: nightBaselines, modelKind: 'anomaly' });
    expect(causes.some((cause) => cause.kind === 'clock')).toBe(true);
  });

  it('groups identical rows across the split into one memorisation alarm with a grouped split first', () => {
    const n = 60;
    const table = tableOf({
      label: Array.from({ length: n }, (_, i) => i % 2),
      columns: { name: { codes: Array.from({ length: n }, (_, i) => i % 4), vocabulary: numberedVocabulary(4) } },
    });
    const split = {
      train: Uint32Array.from({ length: 40 }, (_, i) => i),
      validation: new Uint32Array(0),
      test: Uint32Array.from({ length: 20 }, (_, i) => 40 + i),
    };
    const causes = leakageCauses({ table, split, splitKind: 'random-stratified' });
    expect(causes.map((cause) => cause.kind)).toEqual(['memorisation']);
    expect(causes[0]?.remedies.map(causeRemedyLabel)).toEqual(['Re-run with a grouped split', 'Re-run with a time-based split']);
  });

  it('stands a near-perfect score alone only when no cause explains it, and offers only splits not in use', () => {
    const n = 40;
    const table = tableOf({
      label: Array.from({ length: n }, (_, i) => i % 2),
      timeMs: Array.from({ length: n }, (_, i) => i * 1000),
      columns: { name: { codes: Array.from({ length: n }, (_, i) => i), vocabulary: numberedVocabulary(n) } },
    });
    const split = {
      train: Uint32Array.from({ length: 30 }, (_, i) => i),
      validation: new Uint32Array(0),
      test: Uint32Array.from({ length: 10 }, (_, i) => 30 + i),
    };
    expect(leakageCauses({ table, split })).toEqual([]);
    const [cause] = leakageCauses({ table, split, testMetrics: { ...perfect, rocAuc: 0.995 }, splitKind: 'group-name' });
    expect(cause?.kind).toBe('too-good');
    expect(cause?.remedies).toEqual([{ kind: 'split', split: 'time' }]);
  });
});

describe('remedies', () => {
  const config: TrainConfig = { features: [...defaultFeatureSettings], model: defaultModelSettings, split: 'random-stratified', maxVocabulary: 5000 };

  it('switch the clock off in one step and keep everything else', () => {
    const remedied = applyCauseRemedy(config, { kind: 'drop-features', features: ['hour', 'weekday'] });
    expect(remedied.features.filter((setting) => setting.treatment !== 'off').map((setting) => setting.column)).toEqual(['name', 'folder']);
    expect(remedied.model).toBe(config.model);
    expect(applyCauseRemedy(config, { kind: 'split', split: 'time' }).split).toBe('time');
  });

  it('explain the AUC change in a sentence', () => {
    const after: BaselineResult[] = [
      { name: 'Majority class', kind: 'majority', metrics: { ...perfect, rocAuc: 0.5 } },
      { name: 'name alone', kind: 'single-feature', feature: 'name', metrics: { ...perfect, rocAuc: 0.81 } },
    ];
    expect(explainAucChange({ remedy: { kind: 'drop-features', features: ['hour', 'weekday'] }, beforeAuc: 1, afterAuc: 0.79, afterBaselines: after })).toBe(
      "Without hour and weekday, the network's test ROC AUC fell from 1.000 to 0.790; name alone now reaches 0.810: the first score came from hour and weekday, not from what ran.",
    );
    expect(explainAucChange({ remedy: { kind: 'split', split: 'group-name' }, beforeAuc: 0.9, afterAuc: 0.895, modelKind: 'anomaly' })).toBe(
      "With a grouped split, the anomaly model's test ROC AUC stayed at 0.895: the first score did not depend on what the remedy removed.",
    );
  });
});
