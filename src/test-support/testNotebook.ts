/** A small notebook state and run for the notebook tests (not used by production code). */
import { defaultFeatureSettings } from '../ml/features';
import { defaultModelSettings } from '../ml/modelSettings';
import type { ClassificationMetrics } from '../ml/metrics';
import { DEFAULT_KNOWN_BAD_CONFIG } from '../store/knownBadSlice';
import { EMPTY_LOAD } from '../store/loadSlice';
import { DEFAULT_FEATURES_CONFIG, DEFAULT_TRAIN_SETTINGS, INITIAL_TRAIN, type RunRecord } from '../store/trainSlice';
import type { NotebookState } from '../store/types';
import type { TrainConfig } from '../worker/trainProtocol';

export function metrics(rocAuc: number): ClassificationMetrics {
  return {
    count: 4,
    positives: 2,
    negatives: 2,
    threshold: 0.5,
    confusion: { truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 0 },
    accuracy: 0.75,
    precision: 2 / 3,
    recall: 1,
    f1: 0.8,
    rocAuc,
    prAuc: Number.NaN,
  };
}

export const testConfig: TrainConfig = {
  features: defaultFeatureSettings.map((f) => ({ ...f })),
  model: { ...defaultModelSettings, epochs: 2, seed: 9 },
  split: 'time',
  maxVocabulary: 300,
};

/** A finished run with two epochs, an evaluation and a leakage finding. */
export function testRun(id: number, config: TrainConfig = testConfig): RunRecord {
  const epochs = [
    { epoch: 0, loss: 0.7, accuracy: 0.5, valLoss: 0.69, valAccuracy: 0.55, precision: 0.5, recall: 0.4, auc: 0.6 },
    { epoch: 1, loss: 0.5, accuracy: 0.8, valLoss: Number.NaN, valAccuracy: 0.75, precision: 0.7, recall: 0.6, auc: 0.81 },
  ];
  return {
    id,
    label: `Run ${id} · time split`,
    config,
    dataVersion: 3,
    examples: 40,
    startedAt: 1_717_000_000_000,
    status: 'finished',
    backend: 'cpu',
    epochs,
    progress: null,
    outcome: {
      runId: id,
      backend: 'cpu',
      history: epochs,
      stoppedBy: 'finished',
      nanMessage: null,
      summary: { layers: [{ name: 'output', type: 'Dense', outputShape: '[batch, 1]', params: 65 }], totalParams: 65 },
      inputWidth: 49,
      activeColumns: ['hour', 'weekday', 'name', 'folder'],
      preview: {
        headers: ['hour (one-hot 25)'],
        rows: [{ row: 0, label: 1, cells: [{ column: 'hour', treatment: 'indicator', raw: '3', index: 4, encoded: 'one-hot 4 of 25' }] }],
      },
      splitCounts: { train: 24, validation: 8, test: 8, trainBad: 12, testBad: 4 },
      evaluation: {
        test: metrics(0.875),
        roc: { x: [0, 0.5, 1], y: [0, 1, 1] },
        pr: { x: [0, 1], y: [1, 0.5] },
        testScores: Float32Array.from([0.9, 0.1, 0.625, 0.3]),
        testLabels: Uint8Array.from([1, 0, 1, 0]),
        baselines: [{ name: 'hour only', kind: 'single-feature', feature: 'hour', metrics: metrics(0.99) }],
        leakage: [{ kind: 'single-feature', feature: 'hour', message: 'hour alone separates the classes', remedy: { kind: 'drop-feature', feature: 'hour' } }],
      },
      examplesPerSecond: 1234.5,
      seconds: 1.5,
    },
    error: null,
    remedyOf: null,
  };
}

/** The store parts a notebook document is made of. */
export function testState(
  runs: RunRecord[],
): Pick<NotebookState, 'load' | 'features' | 'train' | 'knownBad' | 'evaluate' | 'notebook'> & { explore: { config: { timeZone: string } } } {
  return {
    explore: { config: { timeZone: 'Europe/Berlin' } },
    load: EMPTY_LOAD,
    features: { config: { ...DEFAULT_FEATURES_CONFIG, maxVocabulary: 300 } },
    train: { ...INITIAL_TRAIN, config: { ...DEFAULT_TRAIN_SETTINGS, split: 'time' }, runs, nextRunId: runs.length + 1 },
    knownBad: {
      config: {
        ...DEFAULT_KNOWN_BAD_CONFIG,
        generator: { ...DEFAULT_KNOWN_BAD_CONFIG.generator, seed: 5, sessionPattern: { kind: 'other-timezone-office-hours', offsetHours: 8 } },
      },
      run: { status: 'empty', summary: null, busy: null, error: null, message: null },
    },
    evaluate: {
      config: { threshold: 0.4, runId: 2, compareRunIds: [1, 2], topK: 25, alertsPerHostDay: 5, budgetRule: 'mean' },
      run: { status: 'empty', scored: null, error: null },
    },
    notebook: {
      cells: { 'known-bad': 1_717_000_000_500, train: 1_717_000_001_000 },
      knownBadRanWith: null,
      restored: null,
      save: { status: 'off', error: null, savedAt: null },
      maxSavedEvents: 2_000_000,
      pipeline: null,
      message: null,
      presentIndex: null,
    },
  };
}
