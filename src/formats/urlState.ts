/**
 * The Features and Train settings and the alert budget in the page address: `#config=` followed by base64url JSON in
 * a compact wire form, so a link rebuilds the same run (tensorflow/playground keeps its whole
 * state, seed included, in the URL). Everything read from the address is validated field by
 * field; an invalid hash is ignored with a warning, never half-applied.
 */
import * as v from 'valibot';
import { featureTreatments, type FeatureTreatment } from '../ml/features';
import { isRecord } from './read';
import { check, choice, list, record } from './schema';
import { BUDGET_LINK_KEYS, BudgetSettingsSchema, DEFAULT_BUDGET_SETTINGS, FeaturesConfigSchema, TrainSettingsSchema, type BudgetSettings } from './settings';

/** The settings a link carries: the notebook's Features and Train settings and its alert budget (links made before it lack it). */
const SharedSettingsSchema = record({
  features: FeaturesConfigSchema,
  train: TrainSettingsSchema,
  budget: v.optional(BudgetSettingsSchema, DEFAULT_BUDGET_SETTINGS),
});
export type SharedSettings = v.InferOutput<typeof SharedSettingsSchema>;

/** Outcome of reading settings from text. */
export type DecodeResult = { ok: true; settings: SharedSettings } | { ok: false; error: string };

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

/** The budget settings that differ from their defaults, by link key: links that leave the budget alone stay as they were. */
function budgetWire(budget: BudgetSettings): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(BUDGET_LINK_KEYS)) {
    const value: unknown = Reflect.get(budget, name);
    if (value !== Reflect.get(DEFAULT_BUDGET_SETTINGS, name)) wire[key] = value;
  }
  return wire;
}

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
    // Written only when on, so links made before the setting existed stay the same.
    ...(features.excludeDamagedHours ? { xd: 1 } : {}),
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
    ...budgetWire(settings.budget),
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

const treatmentOf = Object.fromEntries(featureTreatments.map((t) => [TREATMENT_CODES[t], t]));
const codes = featureTreatments.map((t) => TREATMENT_CODES[t]);

/**
 * The wire form's layout (short keys, tuples, codes); the values it carries are checked by the
 * settings schema after they are given their long names, so the link and notebook files accept
 * the same settings.
 */
const WireSchema = v.pipe(
  v.custom<Record<string, unknown>>(isRecord, (issue) => `must be an object, not ${issue.received}`),
  record({
    v: v.literal(WIRE_VERSION, (issue) => `must be version ${WIRE_VERSION}, not ${issue.input === undefined ? 'nothing' : issue.received}`),
    f: list(v.strictTuple([v.unknown(), choice(codes), v.unknown()], 'must be [column, treatment code, embedding dims]')),
    mv: v.unknown(),
    ev: v.unknown(),
    ub: v.picklist([0, 1], (issue) => `must be 0 or 1, not ${issue.received}`),
    xd: v.optional(
      v.picklist([0, 1], (issue) => `must be 0 or 1, not ${issue.received}`),
      0,
    ),
    m: record({
      h: list(v.strictTuple([v.unknown(), v.unknown()], 'must be [units, activation]')),
      l2: v.unknown(),
      d: v.unknown(),
      o: v.unknown(),
      lr: v.unknown(),
      e: v.unknown(),
      bs: v.unknown(),
      vs: v.unknown(),
      ts: v.unknown(),
      s: v.unknown(),
      p: v.unknown(),
      // Optional: links made before the anomaly model and the imbalance defaults lack them.
      k: v.optional(v.unknown()),
      ib: v.optional(v.unknown()),
      pu: v.optional(v.picklist([0, 1], (issue) => `must be 0 or 1, not ${issue.received}`)),
    }),
    sp: v.unknown(),
    [BUDGET_LINK_KEYS.alertsPerHostDay]: v.optional(v.unknown()),
    [BUDGET_LINK_KEYS.budgetRule]: v.optional(v.unknown()),
  }),
);

/** The long form of the wire form, still unchecked. */
function fromWire(wire: v.InferOutput<typeof WireSchema>): unknown {
  const m = wire.m;
  return {
    features: {
      settings: wire.f.map(([column, code, embeddingDims]) => ({ column, treatment: treatmentOf[code], embeddingDims })),
      maxVocabulary: wire.mv,
      eventIds: wire.ev,
      useBalance: wire.ub === 1,
      excludeDamagedHours: wire.xd === 1,
    },
    train: {
      model: {
        hiddenLayers: m.h.map(([units, activation]) => ({ units, activation })),
        l2: m.l2,
        dropout: m.d,
        optimizer: m.o,
        learningRate: m.lr,
        epochs: m.e,
        batchSize: m.bs,
        validationShare: m.vs,
        testShare: m.ts,
        seed: m.s,
        earlyStoppingPatience: m.p,
        ...(m.k === undefined ? {} : { kind: m.k }),
        ...(m.ib === undefined ? {} : { imbalance: m.ib }),
        ...(m.pu === undefined ? {} : { poolUnseenValues: m.pu === 1 }),
      },
      split: wire.sp,
    },
    budget: { alertsPerHostDay: wire[BUDGET_LINK_KEYS.alertsPerHostDay], budgetRule: wire[BUDGET_LINK_KEYS.budgetRule] },
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
  const wire = check(WireSchema, value, 'link');
  if (!wire.ok) return wire;
  const settings = check(SharedSettingsSchema, fromWire(wire.value), 'settings');
  return settings.ok ? { ok: true, settings: settings.value } : settings;
}

/** The settings in a location hash; null when the hash carries none. */
export function settingsFromHash(hash: string): DecodeResult | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const text = params.get(HASH_KEY);
  return text === null ? null : decodeSettings(text);
}
