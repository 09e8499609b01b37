import { describe, expect, it } from 'vitest';
import { testConfig, testRun, testState } from '../test-support/testNotebook';
import { canonicalJson, cellStaleReason, cellStatus } from './notebookSlice';

function stateWithRun() {
  const state = testState([testRun(1)]);
  return {
    ...state,
    features: { config: { ...state.features.config, settings: testConfig.features, maxVocabulary: testConfig.maxVocabulary } },
    train: { ...state.train, config: { model: testConfig.model, split: testConfig.split } },
    notebook: { ...state.notebook, knownBadRanWith: canonicalJson(state.knownBad.config) },
  };
}

describe('stale cells', () => {
  it('nothing is stale when the settings are those of the latest run', () => {
    const state = stateWithRun();
    for (const cell of ['load', 'explore', 'known-bad', 'features', 'train', 'evaluate'] as const) expect(cellStaleReason(state, cell)).toBeNull();
    expect(cellStatus(state, 'train', 'done')).toEqual({ status: 'done', reason: null });
  });

  it('a feature change marks features, train and evaluate stale with the reason', () => {
    const base = stateWithRun();
    const state = {
      ...base,
      features: {
        config: { ...base.features.config, settings: testConfig.features.map((f) => (f.column === 'hour' ? { ...f, treatment: 'off' as const } : f)) },
      },
    };
    expect(cellStaleReason(state, 'features')).toBe('the feature settings changed since run 1');
    expect(cellStaleReason(state, 'train')).toBe('the feature settings changed since run 1');
    expect(cellStatus(state, 'evaluate', 'done')).toEqual({ status: 'stale', reason: 'upstream: the feature settings changed since run 1' });
    // Only a finished cell turns stale; an empty or running one keeps its own state.
    expect(cellStatus(state, 'evaluate', 'ready')).toEqual({ status: 'ready', reason: null });
    expect(cellStaleReason(state, 'known-bad')).toBeNull();
  });

  it('a model change leaves features current; a known-bad change flows down from known bad', () => {
    const base = stateWithRun();
    const modelChanged = { ...base, train: { ...base.train, config: { ...base.train.config, model: { ...testConfig.model, learningRate: 0.01 } } } };
    expect(cellStaleReason(modelChanged, 'features')).toBeNull();
    expect(cellStaleReason(modelChanged, 'train')).toBe('the model settings changed since run 1');
    const knownBadChanged = {
      ...base,
      knownBad: { ...base.knownBad, config: { ...base.knownBad.config, generator: { ...base.knownBad.config.generator, seed: 6 } } },
    };
    expect(cellStaleReason(knownBadChanged, 'known-bad')).toBe('the known-bad settings changed since it last ran');
    expect(cellStaleReason(knownBadChanged, 'train')).toBe('upstream: the known-bad settings changed since it last ran');
    expect(cellStaleReason(knownBadChanged, 'evaluate')).toBe('upstream: the known-bad settings changed since it last ran');
  });

  it('ignores remedy and imported runs, which use other settings on purpose', () => {
    const base = stateWithRun();
    const remedy = { ...testRun(2, { ...testConfig, split: 'random-stratified' }), remedyOf: 1 };
    const state = { ...base, train: { ...base.train, runs: [testRun(1), remedy] } };
    expect(cellStaleReason(state, 'train')).toBeNull();
  });

  it('compares settings whatever order their keys were written in', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: [2, { x: 0, y: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
