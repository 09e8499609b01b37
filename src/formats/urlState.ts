/**
 * The Features and Train settings in the page address: `#config=` followed by base64url JSON in
 * a compact wire form, so a link rebuilds the same run (tensorflow/playground keeps its whole
 * state, seed included, in the URL). Everything read from the address is validated field by
 * field; an invalid hash is ignored with a warning, never half-applied.
 */
import { featureTreatments, type FeatureSetting, type FeatureTreatment } from '../ml/features';
import {
  activations,
  imbalanceHandlings,
  modelKinds,
  optimizerNames,
  type Activation,
  type HiddenLayerSetting,
  type ImbalanceHandling,
  type ModelKind,
  type ModelSettings,
  type OptimizerName,
} from '../ml/modelSettings';
import { splitKinds, type SplitKind } from '../ml/splits';
import { isFeatureColumnId } from '../ml/types';
import type { FeaturesConfig, TrainSettings } from './settings';

/** The settings a link carries. */
export interface SharedSettings {
  features: FeaturesConfig;
  train: TrainSettings;
}

/** Outcome of reading settings from text. */
export type DecodeResult = { ok: true; settings: SharedSettings } | { ok: false; error: string };

/** Bounds of every numeric setting; the form and the URL reader both hold values to them. */
export const SETTING_LIMITS = {
  units: { min: 1, max: 4096, isInteger: true },
  hiddenLayers: { min: 0, max: 16, isInteger: true },
  l2: { min: 0, max: 10, isInteger: false },
  dropout: { min: 0, max: 0.95, isInteger: false },
  learningRate: { min: 1e-7, max: 10, isInteger: false },
  epochs: { min: 1, max: 10_000, isInteger: true },
  batchSize: { min: 1, max: 65_536, isInteger: true },
  validationShare: { min: 0, max: 0.9, isInteger: false },
  testShare: { min: 0, max: 0.9, isInteger: false },
  seed: { min: 0, max: 2 ** 31 - 1, isInteger: true },
  earlyStoppingPatience: { min: 0, max: 10_000, isInteger: true },
  embeddingDims: { min: 1, max: 512, isInteger: true },
  maxVocabulary: { min: 1, max: 1_000_000, isInteger: true },
  eventId: { min: 0, max: 65_535, isInteger: true },
} as const;

/** A numeric setting's bounds. */
export interface Limit {
  readonly min: number;
  readonly max: number;
  readonly isInteger: boolean;
}

/** Whether `value` is a number the setting with these bounds accepts. */
export function isWithin(value: number, limit: Limit): boolean {
  return Number.isFinite(value) && value >= limit.min && value <= limit.max && (!limit.isInteger || Number.isInteger(value));
}

const HASH_KEY = 'config';
const WIRE_VERSION = 1;
const TREATMENT_CODES: Record<FeatureTreatment, string> = { indicator: 'i', embedding: 'e', off: 'o' };

// ---- base64url ---------------------------------------------------------------------------

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(
      text
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(text.length / 4) * 4, '='),
    );
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

// ---- encoding ----------------------------------------------------------------------------

/** The compact wire form of the settings (short keys keep links short). */
function toWire(settings: SharedSettings): unknown {
  const { features, train } = settings;
  const model = train.model;
  return {
    v: WIRE_VERSION,
    f: features.settings.map((f) => [f.column, TREATMENT_CODES[f.treatment], f.embeddingDims]),
    mv: features.maxVocabulary,
    ev: features.eventIds,
    ub: features.useBalance ? 1 : 0,
    m: {
      h: model.hiddenLayers.map((layer) => [layer.units, layer.activation]),
      l2: model.l2,
      d: model.dropout,
      o: model.optimizer,
      lr: model.learningRate,
      e: model.epochs,
      bs: model.batchSize,
      vs: model.validationShare,
      ts: model.testShare,
      s: model.seed,
      p: model.earlyStoppingPatience,
      // Optional keys: links made before the anomaly model and the imbalance defaults lack them.
      ...(model.kind === undefined ? {} : { k: model.kind }),
      ...(model.imbalance === undefined ? {} : { ib: model.imbalance }),
      ...(model.poolUnseenValues === undefined ? {} : { pu: model.poolUnseenValues ? 1 : 0 }),
    },
    sp: train.split,
  };
}

/** The settings as base64url JSON. */
export function encodeSettings(settings: SharedSettings): string {
  return toBase64Url(JSON.stringify(toWire(settings)));
}

/** The `#config=…` hash for the settings. */
export function hashFor(settings: SharedSettings): string {
  return `#${HASH_KEY}=${encodeSettings(settings)}`;
}

// ---- decoding ----------------------------------------------------------------------------

/** Thrown inside the reader; turned into a DecodeResult at its edge. */
class InvalidSettings extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function readRecord(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new InvalidSettings(`${what} is not an object`);
  return value;
}

function readArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidSettings(`${what} is not a list`);
  return value;
}

function readNumber(value: unknown, what: string, limit: Limit): number {
  if (typeof value !== 'number' || !isWithin(value, limit)) {
    const kind = limit.isInteger ? 'a whole number' : 'a number';
    throw new InvalidSettings(`${what} must be ${kind} from ${limit.min} to ${limit.max}, not ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function readChoice<T extends string>(value: unknown, choices: readonly T[], what: string): T {
  const match = choices.find((choice) => choice === value);
  if (match === undefined) throw new InvalidSettings(`${what} must be one of ${choices.join(', ')}, not ${JSON.stringify(value) ?? 'nothing'}`);
  return match;
}

function readFeature(value: unknown, position: number): FeatureSetting {
  const what = `feature ${position + 1}`;
  const [column, code, dims, ...rest] = readArray(value, what);
  if (rest.length > 0) throw new InvalidSettings(`${what} has extra entries`);
  if (typeof column !== 'string' || !isFeatureColumnId(column))
    throw new InvalidSettings(`${what} names no known column: ${JSON.stringify(column) ?? 'nothing'}`);
  const treatment = featureTreatments.find((t) => TREATMENT_CODES[t] === code);
  if (treatment === undefined) throw new InvalidSettings(`${what} (${column}) has no known treatment: ${JSON.stringify(code) ?? 'nothing'}`);
  return { column, treatment, embeddingDims: readNumber(dims, `Embedding dims of ${column}`, SETTING_LIMITS.embeddingDims) };
}

function readLayer(value: unknown, position: number): HiddenLayerSetting {
  const what = `hidden layer ${position + 1}`;
  const [units, activation, ...rest] = readArray(value, what);
  if (rest.length > 0) throw new InvalidSettings(`${what} has extra entries`);
  return {
    units: readNumber(units, `Units of ${what}`, SETTING_LIMITS.units),
    activation: readChoice<Activation>(activation, activations, `Activation of ${what}`),
  };
}

function readFlag(value: unknown, what: string): boolean {
  if (value !== 0 && value !== 1) throw new InvalidSettings(`${what} must be 0 or 1, not ${JSON.stringify(value) ?? 'nothing'}`);
  return value === 1;
}

function readModel(value: unknown): ModelSettings {
  const m = readRecord(value, 'model');
  const layers = readArray(field(m, 'h'), 'hidden layers');
  readNumber(layers.length, 'The number of hidden layers', SETTING_LIMITS.hiddenLayers);
  const model: ModelSettings = {
    hiddenLayers: layers.map(readLayer),
    l2: readNumber(field(m, 'l2'), 'L2', SETTING_LIMITS.l2),
    dropout: readNumber(field(m, 'd'), 'Dropout', SETTING_LIMITS.dropout),
    optimizer: readChoice<OptimizerName>(field(m, 'o'), optimizerNames, 'Optimizer'),
    learningRate: readNumber(field(m, 'lr'), 'Learning rate', SETTING_LIMITS.learningRate),
    epochs: readNumber(field(m, 'e'), 'Epochs', SETTING_LIMITS.epochs),
    batchSize: readNumber(field(m, 'bs'), 'Batch size', SETTING_LIMITS.batchSize),
    validationShare: readNumber(field(m, 'vs'), 'Validation share', SETTING_LIMITS.validationShare),
    testShare: readNumber(field(m, 'ts'), 'Test share', SETTING_LIMITS.testShare),
    seed: readNumber(field(m, 's'), 'Seed', SETTING_LIMITS.seed),
    earlyStoppingPatience: readNumber(field(m, 'p'), 'Early-stopping patience', SETTING_LIMITS.earlyStoppingPatience),
    ...(field(m, 'k') === undefined ? {} : { kind: readChoice<ModelKind>(field(m, 'k'), modelKinds, 'Model kind') }),
    ...(field(m, 'ib') === undefined ? {} : { imbalance: readChoice<ImbalanceHandling>(field(m, 'ib'), imbalanceHandlings, 'Class imbalance handling') }),
    ...(field(m, 'pu') === undefined ? {} : { poolUnseenValues: readFlag(field(m, 'pu'), 'Pool values unseen in known good') }),
  };
  if (model.validationShare + model.testShare >= 1) throw new InvalidSettings('Validation share and test share must sum to less than 1');
  return model;
}

function readSettings(value: unknown): SharedSettings {
  const wire = readRecord(value, 'the settings');
  const version = field(wire, 'v');
  if (version !== WIRE_VERSION) throw new InvalidSettings(`version ${JSON.stringify(version) ?? 'missing'} is not ${WIRE_VERSION}`);
  const settings = readArray(field(wire, 'f'), 'features').map(readFeature);
  const columns = new Set(settings.map((f) => f.column));
  if (columns.size !== settings.length) throw new InvalidSettings('a feature column appears twice');
  const useBalance = field(wire, 'ub');
  if (useBalance !== 0 && useBalance !== 1) throw new InvalidSettings(`"use balance" must be 0 or 1, not ${JSON.stringify(useBalance) ?? 'nothing'}`);
  const eventIds = readArray(field(wire, 'ev'), 'event ids').map((id, i) => readNumber(id, `event id ${i + 1}`, SETTING_LIMITS.eventId));
  if (eventIds.length === 0) throw new InvalidSettings('no event ids');
  return {
    features: {
      settings,
      maxVocabulary: readNumber(field(wire, 'mv'), 'Max vocabulary', SETTING_LIMITS.maxVocabulary),
      eventIds,
      useBalance: useBalance === 1,
    },
    train: { model: readModel(field(wire, 'm')), split: readChoice<SplitKind>(field(wire, 'sp'), splitKinds, 'Split') },
  };
}

/** Reads settings from base64url JSON, checking every field. */
export function decodeSettings(text: string): DecodeResult {
  const json = fromBase64Url(text);
  if (json === null) return { ok: false, error: 'the text is not base64url' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, error: 'the text is not JSON' };
  }
  try {
    return { ok: true, settings: readSettings(value) };
  } catch (error) {
    if (error instanceof InvalidSettings) return { ok: false, error: error.message };
    throw error;
  }
}

/** The settings in a location hash; null when the hash carries none. */
export function settingsFromHash(hash: string): DecodeResult | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const text = params.get(HASH_KEY);
  return text === null ? null : decodeSettings(text);
}
