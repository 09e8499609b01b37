import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { defaultFeatureSettings } from '../ml/features';
import { defaultModelSettings } from '../ml/model';
import type { FeatureColumnId } from '../ml/types';
import { decodeSettings, encodeSettings, hashFor, settingsFromHash, type SharedSettings } from '../formats/urlState';
import { installUrlState, shareableUrl, type AddressBar, type SettingsState } from './urlSync';
import { INITIAL_TRAIN } from './trainSlice';
import { DEFAULT_BUDGET_SETTINGS } from '../formats/settings';

const defaults: SharedSettings = {
  features: { settings: defaultFeatureSettings.map((f) => ({ ...f })), maxVocabulary: 5000, eventIds: [1], useBalance: true, excludeDamagedHours: false },
  train: { model: defaultModelSettings, split: 'random-stratified' },
  budget: DEFAULT_BUDGET_SETTINGS,
};

const changed: SharedSettings = {
  features: {
    settings: [
      { column: 'hour', treatment: 'off', embeddingDims: 8 },
      { column: 'weekday', treatment: 'indicator', embeddingDims: 8 },
      { column: 'name', treatment: 'embedding', embeddingDims: 16 },
      { column: 'parent', treatment: 'indicator', embeddingDims: 4 },
    ],
    maxVocabulary: 300,
    eventIds: [1, 3],
    useBalance: false,
    excludeDamagedHours: false,
  },
  train: {
    model: {
      hiddenLayers: [{ units: 7, activation: 'relu' }],
      l2: 0,
      dropout: 0.25,
      optimizer: 'adam',
      learningRate: 0.0005,
      epochs: 3,
      batchSize: 256,
      validationShare: 0.1,
      testShare: 0.3,
      seed: 9,
      earlyStoppingPatience: 2,
    },
    split: 'group-host',
  },
  budget: DEFAULT_BUDGET_SETTINGS,
};

/** base64url of a JSON value, written independently of the module (Node's own codec). */
function wire(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The wire form of `changed`, spelled out by hand. */
const changedWire = {
  v: 1,
  f: [
    ['hour', 'o', 8],
    ['weekday', 'i', 8],
    ['name', 'e', 16],
    ['parent', 'i', 4],
  ],
  mv: 300,
  ev: [1, 3],
  ub: 0,
  m: { h: [[7, 'relu']], l2: 0, d: 0.25, o: 'adam', lr: 0.0005, e: 3, bs: 256, vs: 0.1, ts: 0.3, s: 9, p: 2 },
  sp: 'group-host',
};

function withModel(patch: Record<string, unknown>): string {
  return wire({ ...changedWire, m: { ...changedWire.m, ...patch } });
}

describe('encodeSettings / decodeSettings', () => {
  it('writes the compact wire form as base64url JSON', () => {
    const text = encodeSettings(changed);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))).toEqual(changedWire);
    expect(text).toBe(wire(changedWire));
  });

  it('round-trips the damaged-hours exclusion, and leaves it out of the link when off', () => {
    const excluding: SharedSettings = { ...changed, features: { ...changed.features, excludeDamagedHours: true } };
    expect(decodeSettings(encodeSettings(excluding))).toEqual({ ok: true, settings: excluding });
    expect(encodeSettings(excluding)).not.toBe(encodeSettings(changed));
  });

  it('round-trips the alert budget, and leaves it out of the link at its defaults', () => {
    const budgeted: SharedSettings = { ...changed, budget: { alertsPerHostDay: 2.5, budgetRule: 'every-host-day' } };
    expect(decodeSettings(encodeSettings(budgeted))).toEqual({ ok: true, settings: budgeted });
    expect(JSON.parse(Buffer.from(encodeSettings(budgeted), 'base64url').toString('utf8'))).toEqual({ ...changedWire, ak: 2.5, ar: 'every-host-day' });
    expect(decodeSettings(wire({ ...changedWire, ak: 0 }))).toEqual({
      ok: false,
      error: 'settings.budget.alertsPerHostDay: must be a number from 0.01 to 100000, not 0',
    });
    expect(decodeSettings(wire({ ...changedWire, ar: 'max' }))).toMatchObject({ ok: false });
  });

  it('applies and follows the alert budget in the address', () => {
    vi.useFakeTimers();
    const store = settingsStore();
    const address = addressBar(hashFor({ ...changed, budget: { alertsPerHostDay: 7, budgetRule: 'every-host-day' } }));
    const handle = installUrlState(store, address, 100);
    expect(store.getState().evaluate.config).toMatchObject({ alertsPerHostDay: 7, budgetRule: 'every-host-day' });
    store.getState().setEvaluateConfig({ budgetRule: 'mean' });
    vi.advanceTimersByTime(100);
    expect(address.urls).toHaveLength(1);
    const written = settingsFromHash(address.urls[0]?.slice(address.urls[0].indexOf('#')) ?? '');
    expect(written).toMatchObject({ ok: true, settings: { budget: { alertsPerHostDay: 7, budgetRule: 'mean' } } });
    handle.dispose();
  });

  it('round-trips the defaults and a changed configuration', () => {
    expect(decodeSettings(encodeSettings(defaults))).toEqual({ ok: true, settings: defaults });
    expect(decodeSettings(encodeSettings(changed))).toEqual({ ok: true, settings: changed });
  });

  it('reads the hand-written wire form', () => {
    expect(decodeSettings(wire(changedWire))).toEqual({ ok: true, settings: changed });
  });

  it('puts the settings after #config= in the hash', () => {
    expect(hashFor(changed)).toBe(`#config=${wire(changedWire)}`);
    expect(settingsFromHash(`#config=${wire(changedWire)}`)).toEqual({ ok: true, settings: changed });
    expect(settingsFromHash('')).toBeNull();
    expect(settingsFromHash('#other=1')).toBeNull();
  });

  it.each([
    ['not base64url', 'abc$%', 'the text is not base64url'],
    ['not JSON', Buffer.from('{nope', 'utf8').toString('base64url'), 'the text is not JSON'],
    ['a list', wire([1, 2]), 'link: must be an object, not Array'],
    ['another version', wire({ ...changedWire, v: 2 }), 'link.v: must be version 1, not 2'],
    [
      'an unknown activation',
      withModel({ h: [[7, 'swish']] }),
      'settings.train.model.hiddenLayers[0].activation: must be one of sigmoid, relu, tanh, elu, selu, linear, not "swish"',
    ],
    ['zero units', withModel({ h: [[0, 'relu']] }), 'settings.train.model.hiddenLayers[0].units: must be a whole number from 1 to 4096, not 0'],
    ['fractional units', withModel({ h: [[1.5, 'relu']] }), 'settings.train.model.hiddenLayers[0].units: must be a whole number from 1 to 4096, not 1.5'],
    ['a batch size as text', withModel({ bs: '256' }), 'settings.train.model.batchSize: must be a whole number from 1 to 65536, not "256"'],
    ['a missing learning rate', withModel({ lr: undefined }), 'link.m.lr: is missing'],
    ['an unknown optimizer', withModel({ o: 'lbfgs' }), 'settings.train.model.optimizer: must be one of rmsprop, adam, sgd, adagrad, not "lbfgs"'],
    ['shares summing to 1', withModel({ vs: 0.5, ts: 0.5 }), 'settings.train.model: the validation share and the test share must sum to less than 1'],
    [
      'an unknown column',
      wire({ ...changedWire, f: [['user', 'i', 8]] }),
      'settings.features.settings[0].column: must be one of hour, weekday, name, folder, parent, eventType, elevation, session, commandLine, not "user"',
    ],
    ['an unknown treatment', wire({ ...changedWire, f: [['hour', 'x', 8]] }), 'link.f[0][1]: must be one of i, e, o, not "x"'],
    [
      'a column twice',
      wire({
        ...changedWire,
        f: [
          ['hour', 'i', 8],
          ['hour', 'o', 8],
        ],
      }),
      'settings.features.settings: must not name a column twice',
    ],
    [
      'an unknown split',
      wire({ ...changedWire, sp: 'by-user' }),
      'settings.train.split: must be one of random-stratified, time, group-name, group-host, not "by-user"',
    ],
    ['a boolean balance flag', wire({ ...changedWire, ub: true }), 'link.ub: must be 0 or 1, not true'],
    ['too many layers', withModel({ h: Array.from({ length: 17 }, () => [4, 'relu']) }), 'settings.train.model.hiddenLayers: must hold 0 to 16 layers, not 17'],
  ])('rejects %s', (_what, text, error) => {
    expect(decodeSettings(text)).toEqual({ ok: false, error });
  });
});

/** A small store with the same setting actions as the train slice. */
function settingsStore() {
  return createStore<SettingsState>()((set) => ({
    features: { config: { ...defaults.features, settings: defaults.features.settings.map((f) => ({ ...f })) } },
    train: { ...INITIAL_TRAIN, config: defaults.train },
    setFeatureSetting(column: FeatureColumnId, patch) {
      set((s) => ({
        features: {
          config: {
            ...s.features.config,
            settings: s.features.config.settings.map((f) => (f.column === column ? { ...f, ...patch } : f)),
          },
        },
      }));
    },
    setFeaturesConfig(patch) {
      set((s) => ({ features: { config: { ...s.features.config, ...patch } } }));
    },
    setModelSettings(patch) {
      set((s) => ({ train: { ...s.train, config: { ...s.train.config, model: { ...s.train.config.model, ...patch } } } }));
    },
    setSplit(split) {
      set((s) => ({ train: { ...s.train, config: { ...s.train.config, split } } }));
    },
    evaluate: { config: { threshold: 0.5, runId: null, compareRunIds: [], topK: 50, ...defaults.budget }, run: { status: 'empty', scored: null, error: null } },
    setEvaluateConfig(patch) {
      set((s) => ({ evaluate: { ...s.evaluate, config: { ...s.evaluate.config, ...patch } } }));
    },
  }));
}

function addressBar(hash: string): AddressBar & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    location: { origin: 'http://127.0.0.1:4317', pathname: '/app/', search: '?demo=0', hash },
    history: {
      replaceState(_data, _unused, url) {
        urls.push(String(url));
      },
    },
  };
}

describe('installUrlState', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('applies a valid hash to the store', () => {
    const store = settingsStore();
    const handle = installUrlState(store, addressBar(hashFor(changed)));
    expect(handle.warning).toBeNull();
    const state = store.getState();
    expect(state.train.config).toEqual(changed.train);
    expect(state.features.config.maxVocabulary).toBe(300);
    expect(state.features.config.eventIds).toEqual([1, 3]);
    expect(state.features.config.useBalance).toBe(false);
    const treatments = Object.fromEntries(state.features.config.settings.map((f) => [f.column, `${f.treatment}/${f.embeddingDims}`]));
    // Columns the link names take its values; the others keep theirs.
    expect(treatments).toEqual({
      hour: 'off/8',
      weekday: 'indicator/8',
      name: 'embedding/16',
      folder: 'embedding/8',
      parent: 'indicator/4',
      eventType: 'off/8',
      elevation: 'off/8',
      session: 'off/8',
      commandLine: 'off/8',
    });
    handle.dispose();
  });

  it('ignores an invalid hash with a warning and leaves the store alone', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = settingsStore();
    const before = store.getState().train.config;
    const handle = installUrlState(store, addressBar(`#config=${withModel({ e: 0 })}`));
    expect(handle.warning).toBe('The settings in this link were ignored: settings.train.model.epochs: must be a whole number from 1 to 10000, not 0.');
    expect(warn).toHaveBeenCalledWith(handle.warning);
    expect(store.getState().train.config).toBe(before);
    handle.dispose();
  });

  it('writes the hash once per burst of setting changes, keeping path and query', () => {
    vi.useFakeTimers();
    const store = settingsStore();
    const address = addressBar('');
    const handle = installUrlState(store, address, 100);
    store.getState().setModelSettings({ epochs: 4 });
    store.getState().setModelSettings({ epochs: 42 });
    expect(address.urls).toEqual([]);
    vi.advanceTimersByTime(100);
    const expected = hashFor({ ...defaults, train: { ...defaults.train, model: { ...defaults.train.model, epochs: 42 } } });
    expect(address.urls).toEqual([`/app/?demo=0${expected}`]);
    // A change outside the settings (a run) does not touch the address.
    store.setState((s) => ({ train: { ...s.train, activeRunId: 3 } }));
    vi.advanceTimersByTime(500);
    expect(address.urls).toHaveLength(1);
    // Disposing flushes a pending write, then stops following.
    store.getState().setSplit('time');
    handle.dispose();
    expect(address.urls).toHaveLength(2);
    expect(settingsFromHash(address.urls[1]?.slice('/app/?demo=0'.length) ?? '')).toMatchObject({ ok: true, settings: { train: { split: 'time' } } });
    store.getState().setSplit('group-name');
    vi.advanceTimersByTime(500);
    expect(address.urls).toHaveLength(2);
  });

  it('builds a shareable address', () => {
    expect(shareableUrl(changed, addressBar('#x'))).toBe(`http://127.0.0.1:4317/app/?demo=0#config=${wire(changedWire)}`);
  });
});
