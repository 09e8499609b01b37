import { describe, expect, it } from 'vitest';
import { defaultFeatureSettings } from '../../ml/features';
import { applyCauseRemedy } from '../../ml/leakageCauses';
import { defaultModelSettings } from '../../ml/modelSettings';
import type { TrainConfig } from '../../worker/trainProtocol';
import { evaluateStatus, evidenceText, leakageAlertText, lossSeries, remedyBetween, selectedRun, type EvaluateStatusInput } from './evaluateView';
import { defaultConfig, epochLog, evaluated, evaluationOf, metricsOf, runOf } from './testRuns';

const metrics = metricsOf({ accuracy: 1, precision: 1, recall: 1, f1: 1, rocAuc: 1, prAuc: 1 });
const first = evaluated(runOf(1, defaultConfig, evaluationOf(metrics), [epochLog(0, 0.5), epochLog(1, 0.3)]));
const second = evaluated(runOf(2, defaultConfig, evaluationOf(metrics), [epochLog(0, 0.6)], 2));
const training = runOf(3, defaultConfig, null, []);

describe('selectedRun', () => {
  it('defaults to the latest run with an evaluation', () => {
    expect(selectedRun([first, second, training], null)?.id).toBe(2);
  });
  it('keeps the chosen run, and falls back when it has no evaluation', () => {
    expect(selectedRun([first, second, training], 1)?.id).toBe(1);
    expect(selectedRun([first, second, training], 3)?.id).toBe(2);
    expect(selectedRun([training], null)).toBeUndefined();
  });
});

describe('evaluateStatus', () => {
  const base: EvaluateStatusInput = { captureVersion: 2, run: second, activeRun: undefined, isScoring: false, scoreError: null, isScored: false };

  it('is empty without a capture or without an evaluated run', () => {
    expect(evaluateStatus({ ...base, captureVersion: null })).toEqual({ status: 'empty', note: 'open a capture first' });
    expect(evaluateStatus({ ...base, run: undefined })).toEqual({ status: 'empty', note: 'train a model first' });
    expect(evaluateStatus({ ...base, run: undefined, activeRun: training })).toEqual({ status: 'empty', note: 'waiting for the training run to finish' });
  });
  it('is ready until the capture is scored, then done', () => {
    expect(evaluateStatus(base).status).toBe('ready');
    expect(evaluateStatus({ ...base, isScored: true })).toEqual({ status: 'done', note: undefined });
  });
  it('is running while scoring or while a remedy run trains', () => {
    expect(evaluateStatus({ ...base, isScoring: true })).toEqual({ status: 'running', note: 'scoring the capture' });
    const remedy = { ...training, remedyOf: 2, label: 'Run without hour (from run 2)' };
    expect(evaluateStatus({ ...base, activeRun: remedy })).toEqual({ status: 'running', note: 'training Run without hour (from run 2)' });
    // An ordinary training run started in the Train cell does not make this cell busy.
    expect(evaluateStatus({ ...base, activeRun: training }).status).toBe('ready');
  });
  it('is stale when the capture changed since the run, and says why', () => {
    const result = evaluateStatus({ ...base, run: first, isScored: true });
    expect(result.status).toBe('stale');
    expect(result.note).toContain('changed since run 1 was trained');
  });
  it('reports a scoring error', () => {
    expect(evaluateStatus({ ...base, scoreError: 'model gone' })).toEqual({ status: 'error', note: 'model gone' });
  });
});

describe('leakageAlertText', () => {
  it('keeps a message that already names a leak', () => {
    const message = 'hour alone separates known-bad from known-good with test ROC AUC 1.000, so the label leaks through hour.';
    expect(leakageAlertText({ kind: 'single-feature', feature: 'hour', message, remedy: { kind: 'drop-feature', feature: 'hour' } })).toBe(message);
  });
  it('prefixes one that does not', () => {
    expect(leakageAlertText({ kind: 'duplicate-rows', message: 'Test rows repeat training rows.', remedy: { kind: 'split', split: 'time' } })).toBe(
      'Possible leak: Test rows repeat training rows.',
    );
  });
});

describe('lossSeries', () => {
  it('gives 1-based epochs and validation losses, skipping runs without epochs', () => {
    expect(lossSeries([first, training, second])).toEqual([
      { label: 'Run 1', epochs: [1, 2], valLoss: [0.5, 0.3] },
      { label: 'Run 2', epochs: [1], valLoss: [0.6] },
    ]);
  });
});

describe('remedyBetween', () => {
  const base: TrainConfig = {
    features: defaultFeatureSettings.map((setting) => ({ ...setting })),
    model: defaultModelSettings,
    split: 'random-stratified',
    maxVocabulary: 1000,
  };
  it('finds the clock dropped as a whole', () => {
    const after = applyCauseRemedy(base, { kind: 'drop-features', features: ['hour', 'weekday'] });
    const active = base.features.filter((setting) => setting.treatment !== 'off').map((setting) => setting.column);
    const expected = ['hour', 'weekday'].filter((column) => active.some((c) => c === column));
    expect(remedyBetween(base, after)).toEqual(expected.length > 0 ? { kind: 'drop-features', features: expected } : null);
  });
  it('finds a change of split, and nothing when other settings changed too', () => {
    expect(remedyBetween(base, { ...base, split: 'time' })).toEqual({ kind: 'split', split: 'time' });
    expect(remedyBetween(base, { ...base, split: 'time', model: { ...base.model, epochs: 3 } })).toBeNull();
  });
});

describe('evidenceText', () => {
  it('says each fact in words', () => {
    expect(evidenceText({ kind: 'single-feature-auc', feature: 'hour', auc: 0.9876 })).toBe('hour alone: test ROC AUC 0.988');
    expect(evidenceText({ kind: 'histogram-overlap', feature: 'hour × weekday', overlap: 0 })).toMatch(/^hour × weekday histograms .* overlap 0/);
  });
});
