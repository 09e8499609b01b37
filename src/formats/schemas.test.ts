import { describe, expect, it } from 'vitest';
import { notebookDocument, notebookFileText, parseNotebookFile, NotebookDocumentSchema } from './notebookFile';
import { FeatureSpecSchema, OutcomeSchema } from './runSchemas';
import { check } from './schema';
import {
  DEFAULT_FEATURES_CONFIG,
  DEFAULT_KNOWN_BAD_CONFIG,
  DEFAULT_BUDGET_SETTINGS,
  DEFAULT_TRAIN_SETTINGS,
  EvaluateConfigSchema,
  FeaturesConfigSchema,
  KnownBadConfigSchema,
  RunHistorySchema,
  TrainConfigSchema,
  TrainSettingsSchema,
  type FeaturesConfig,
  type TrainSettings,
} from './settings';
import { decodeSettings, encodeSettings, type SharedSettings } from './urlState';
import { testConfig, testRun, testState } from '../test-support/testNotebook';

const REMOVED = Symbol('removed');

/** A JSON copy of `value` (what a file holds) with the field at `path` set to `to` (or removed). */
function changed(value: unknown, path: readonly (string | number)[], to: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) parent = Reflect.get(Object(parent), key);
  const last = path[path.length - 1] ?? '';
  if (to === REMOVED) Reflect.deleteProperty(Object(parent), last);
  else Reflect.set(Object(parent), last, to);
  return copy;
}

const model = DEFAULT_TRAIN_SETTINGS.model;
const run = testRun(1);

describe('each schema rejects bad input with the path in the message', () => {
  it.each([
    [
      'features',
      FeaturesConfigSchema,
      changed(DEFAULT_FEATURES_CONFIG, ['eventIds'], [70_000]),
      'eventIds[0]: must be a whole number from 0 to 65535, not 70000',
    ],
    ['features', FeaturesConfigSchema, changed(DEFAULT_FEATURES_CONFIG, ['eventIds'], []), 'eventIds: must list at least one event id'],
    ['features', FeaturesConfigSchema, changed(DEFAULT_FEATURES_CONFIG, ['useBalance'], 1), 'useBalance: must be true or false, not 1'],
    ['train', TrainSettingsSchema, changed(DEFAULT_TRAIN_SETTINGS, ['model', 'dropout'], 0.99), 'model.dropout: must be a number from 0 to 0.95, not 0.99'],
    ['train', TrainSettingsSchema, changed(DEFAULT_TRAIN_SETTINGS, ['model', 'seed'], REMOVED), 'model.seed: is missing'],
    [
      'run settings',
      TrainConfigSchema,
      changed(testConfig, ['features', 0, 'embeddingDims'], 0),
      'features[0].embeddingDims: must be a whole number from 1 to 512, not 0',
    ],
    [
      'known bad',
      KnownBadConfigSchema,
      changed(DEFAULT_KNOWN_BAD_CONFIG, ['generator', 'sessionPattern'], { kind: 'other-timezone-office-hours', offsetHours: 20 }),
      'generator.sessionPattern.offsetHours: must be a whole number from -12 to 14, not 20',
    ],
    [
      'known bad',
      KnownBadConfigSchema,
      changed(DEFAULT_KNOWN_BAD_CONFIG, ['balance', 'strategy'], 'smote'),
      'balance.strategy: must be one of undersample-good, oversample-bad, not "smote"',
    ],
    [
      'evaluate',
      EvaluateConfigSchema,
      { threshold: 0.5, runId: 0, compareRunIds: [], topK: 10 },
      'runId: must be a whole number from 1 to 9007199254740991, not 0',
    ],
    ['runs', RunHistorySchema, changed([run], [0, 'status'], 'paused'), '[0].status: must be one of running, finished, stopped, failed, not "paused"'],
    ['runs', RunHistorySchema, changed([run], [0, 'epochs', 0, 'loss'], 'low'), '[0].epochs[0].loss: must be a number, not "low"'],
    ['outcome', OutcomeSchema, changed(run.outcome, ['backend'], 'gpu'), 'backend: must be one of webgl, wasm, cpu, not "gpu"'],
    ['feature spec', FeatureSpecSchema, { columns: [], indicatorWidth: 0 }, 'columns: must hold a column'],
  ] as const)('%s: %s', (_what, schema, value, error) => {
    expect(check(schema, value)).toEqual({ ok: false, error });
  });

  it('names the path from the document root', () => {
    const document = notebookDocument(testState([run]), null, 1);
    const bad = changed(document, ['settings', 'train', 'model', 'epochs'], 20_000);
    expect(check(NotebookDocumentSchema, bad)).toEqual({ ok: false, error: 'settings.train.model.epochs: must be a whole number from 1 to 10000, not 20000' });
  });
});

describe('a settings value valid in the link is valid in a notebook file, and vice versa', () => {
  const document = notebookDocument(testState([]), null, 1);
  const features = DEFAULT_FEATURES_CONFIG;
  /** What changes, the settings, and whether they are valid. */
  const variants: [string, FeaturesConfig, TrainSettings, boolean][] = [
    ['the defaults', features, DEFAULT_TRAIN_SETTINGS, true],
    ['no hidden layer, time split', features, { model: { ...model, hiddenLayers: [] }, split: 'time' }, true],
    ['the largest epochs', features, { ...DEFAULT_TRAIN_SETTINGS, model: { ...model, epochs: 10_000 } }, true],
    ['too many epochs', features, { ...DEFAULT_TRAIN_SETTINGS, model: { ...model, epochs: 10_001 } }, false],
    ['fractional batch size', features, { ...DEFAULT_TRAIN_SETTINGS, model: { ...model, batchSize: 31.5 } }, false],
    ['no learning rate', features, { ...DEFAULT_TRAIN_SETTINGS, model: { ...model, learningRate: 0 } }, false],
    ['shares summing to 1', features, { ...DEFAULT_TRAIN_SETTINGS, model: { ...model, validationShare: 0.5, testShare: 0.5 } }, false],
    [
      '17 hidden layers',
      features,
      { ...DEFAULT_TRAIN_SETTINGS, model: { ...model, hiddenLayers: Array.from({ length: 17 }, () => ({ units: 4, activation: 'relu' as const })) } },
      false,
    ],
    ['no event id', { ...features, eventIds: [] }, DEFAULT_TRAIN_SETTINGS, false],
    ['a column twice', { ...features, settings: [...features.settings.slice(0, 1), ...features.settings.slice(0, 1)] }, DEFAULT_TRAIN_SETTINGS, false],
    ['a huge vocabulary', { ...features, maxVocabulary: 2_000_000 }, DEFAULT_TRAIN_SETTINGS, false],
  ];

  it.each(variants)('%s', (_what, featuresConfig, train, valid) => {
    const settings: SharedSettings = { features: featuresConfig, train, budget: DEFAULT_BUDGET_SETTINGS };
    const link = decodeSettings(encodeSettings(settings));
    const file = parseNotebookFile(notebookFileText({ ...document, settings: { ...document.settings, ...settings } }));
    expect(link.ok).toBe(valid);
    expect(file.ok).toBe(valid);
    if (link.ok && file.ok) {
      expect(link.settings).toEqual(settings);
      expect(file.document.settings.train).toEqual(train);
      expect(file.document.settings.features).toEqual(featuresConfig);
    }
    // The same schema, so the same sentence.
    if (!link.ok && !file.ok) expect(file.error).toBe(`This notebook file cannot be opened: ${link.error}.`);
  });
});
