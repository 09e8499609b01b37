/**
 * The notebook's settings per section and its run history: the shapes a notebook file, the
 * autosave and the settings link carry. Each shape is a schema (valibot) and its type derives from
 * it, so the link, notebook files, model files and the training worker's store check a value the
 * same way; numeric bounds come from the one limits table the page's number fields read too.
 */
import * as v from 'valibot';
import { DEFAULT_KNOWN_BAD_SETTINGS, type KnownBadSettings } from '../known-bad/generate';
import { defaultFeatureSettings, featureTreatments, type FeatureSetting } from '../ml/features';
import { activations, defaultModelSettings, imbalanceHandlings, modelKinds, optimizerNames, type ModelSettings } from '../ml/modelSettings';
import type { TrainConfig, TrainOutcome } from '../ml/runTypes';
import { splitKinds } from '../ml/splits';
import { budgetRules } from '../ml/alertBudget';
import type { CaptureSummary } from '../pipeline/captureSummary';
import { isKnownTimeZone, UTC_ZONE } from '../lib/timeZone';
import { SETTING_LIMITS, isWithin } from './limits';
import { EpochLogSchema, OutcomeSchema, columnId, distinctColumns } from './runSchemas';
import { choice, exactly, finite, flag, list, record, setting, text, wholeNumber } from './schema';
import { RunBudgetSchema } from './runBudget';

const FeatureSettingSchema = record({
  column: columnId,
  treatment: choice(featureTreatments),
  embeddingDims: setting('embeddingDims'),
}) satisfies v.GenericSchema<unknown, FeatureSetting>;

const FeatureSettingsSchema: v.GenericSchema<unknown, FeatureSetting[]> = v.pipe(
  list(FeatureSettingSchema),
  v.check((settings) => distinctColumns(settings), 'must not name a column twice'),
);

const hiddenLayerLimit = SETTING_LIMITS.hiddenLayers;

/** Model, optimiser and training-loop settings. */
export const ModelSettingsSchema: v.GenericSchema<unknown, ModelSettings> = v.pipe(
  record({
    hiddenLayers: v.pipe(
      list(record({ units: setting('units'), activation: choice(activations) })),
      v.check(
        (layers) => isWithin(layers.length, hiddenLayerLimit),
        (issue) => `must hold ${hiddenLayerLimit.min} to ${hiddenLayerLimit.max} layers, not ${issue.input.length}`,
      ),
    ),
    l2: setting('l2'),
    dropout: setting('dropout'),
    optimizer: choice(optimizerNames),
    learningRate: setting('learningRate'),
    epochs: setting('epochs'),
    batchSize: setting('batchSize'),
    validationShare: setting('validationShare'),
    testShare: setting('testShare'),
    seed: setting('seed'),
    earlyStoppingPatience: setting('earlyStoppingPatience'),
    // Optional: settings saved before the anomaly model and the imbalance defaults lack them.
    kind: v.exactOptional(choice(modelKinds)),
    imbalance: v.exactOptional(choice(imbalanceHandlings)),
    poolUnseenValues: v.exactOptional(flag),
  }),
  v.check((m) => m.validationShare + m.testShare < 1, 'the validation share and the test share must sum to less than 1'),
);

/** The Features section's settings. */
export const FeaturesConfigSchema = record({
  settings: FeatureSettingsSchema,
  maxVocabulary: setting('maxVocabulary'),
  /** Event ids that become examples (process starts, as the seed did). */
  eventIds: v.pipe(list(setting('eventId')), v.minLength(1, 'must list at least one event id')),
  /** Train on the balanced selection when one exists. */
  useBalance: flag,
  /** Leave out the rows in the hours the completeness report judges damaged (lost process starts); absent in older files. */
  excludeDamagedHours: v.optional(flag, false),
});
export type FeaturesConfig = v.InferOutput<typeof FeaturesConfigSchema>;

/** The Train section's settings (model, optimiser, split). */
export const TrainSettingsSchema = record({ model: ModelSettingsSchema, split: choice(splitKinds) });
export type TrainSettings = v.InferOutput<typeof TrainSettingsSchema>;

/** The settings one training run used. */
export const TrainConfigSchema: v.GenericSchema<unknown, TrainConfig> = record({
  features: FeatureSettingsSchema,
  model: ModelSettingsSchema,
  split: choice(splitKinds),
  maxVocabulary: setting('maxVocabulary'),
});

const SessionPatternSchema = v.variant(
  'kind',
  [
    record({ kind: exactly('night') }),
    record({ kind: exactly('weekend') }),
    record({ kind: exactly('other-timezone-office-hours'), offsetHours: setting('offsetHours') }),
    record({ kind: exactly('any-time') }),
    record({ kind: exactly('inside-capture') }),
  ],
  'kind must be one of night, weekend, other-timezone-office-hours, any-time, inside-capture',
);

/** Generator settings as the UI sends them; the IOC list already lives in the worker. */
const GenerateSettingsSchema = record({
  seed: setting('seed'),
  /** Sessions drawn from the pattern when IOC and imported sessions are fewer. */
  sessions: setting('sessions'),
  eventsPerSession: setting('eventsPerSession'),
  mix: record({ actorTools: setting('share'), masqueradeFolder: setting('share'), nearMissName: setting('share'), wrongParent: setting('share') }),
  sessionPattern: SessionPatternSchema,
  includeLolbas: flag,
  includeSigma: flag,
  useIocs: flag,
}) satisfies v.GenericSchema<unknown, Omit<KnownBadSettings, 'iocs'>>;
export type GenerateSettings = v.InferOutput<typeof GenerateSettingsSchema>;

/** The Known-bad section's settings. */
export const KnownBadConfigSchema = record({
  generator: GenerateSettingsSchema,
  balance: record({ ratioBad: setting('share'), strategy: choice(['undersample-good', 'oversample-bad']), seed: setting('seed') }),
  /** IOC imports also label matching capture events known bad. */
  markCaptureWithIocs: flag,
});
export type KnownBadConfig = v.InferOutput<typeof KnownBadConfigSchema>;

/** A time zone: `UTC`, an IANA name this browser knows, or a fixed `UTC±hh:mm` that older notebooks saved. */
export const TimeZoneSchema = v.pipe(
  text,
  v.check(
    (zone) => isKnownTimeZone(zone),
    (issue) => `time zone ${JSON.stringify(issue.input)} is not one this browser knows`,
  ),
);

/** The Explore section's saved settings: the zone of hours and weekdays (model features too). */
export const ExploreSettingsSchema = record({ timeZone: TimeZoneSchema });
export type ExploreSettings = v.InferOutput<typeof ExploreSettingsSchema>;

export const DEFAULT_EXPLORE_SETTINGS: ExploreSettings = { timeZone: UTC_ZONE };

/**
 * The alert budget's settings, one row each with the default older files and links lack: the
 * Evaluate config, the settings link (BUDGET_LINK_KEYS) and the defaults all derive from it.
 */
const BUDGET_ENTRIES = {
  /** K of the alert budget: alerts per host per day the team can afford. */
  alertsPerHostDay: v.optional(setting('alertsPerHostDay'), 5),
  /** How K is read: on average over host-days, or on every host-day. */
  budgetRule: v.optional(choice(budgetRules), 'mean'),
};

/** The alert budget's settings as the settings link carries them. */
export const BudgetSettingsSchema = record(BUDGET_ENTRIES);
export type BudgetSettings = v.InferOutput<typeof BudgetSettingsSchema>;

/** Every budget setting at its default (what a file or link without them means). */
export const DEFAULT_BUDGET_SETTINGS: BudgetSettings = v.parse(BudgetSettingsSchema, {});

/** The short key of each budget setting in the settings link. */
export const BUDGET_LINK_KEYS = { alertsPerHostDay: 'ak', budgetRule: 'ar' } as const satisfies Record<keyof BudgetSettings, string>;

/** The Evaluate section's settings. */
export const EvaluateConfigSchema = record({
  /** Score at or above which an event is flagged. */
  threshold: setting('share'),
  /** Run shown in detail; null = the latest finished run. */
  runId: v.nullable(setting('runId')),
  /** Runs overlaid in the comparison. */
  compareRunIds: list(setting('runId')),
  /** How many of the most suspicious events to list and explain. */
  topK: setting('topK'),
  ...BUDGET_ENTRIES,
});
export type EvaluateConfig = v.InferOutput<typeof EvaluateConfigSchema>;

/** Live progress of the run in progress (never saved: it belongs to a live run). */
export interface RunProgress {
  phase: string;
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  examplesPerSecond: number;
  elapsedSeconds: number;
  tensors: number | null;
}

const runStatuses = ['running', 'finished', 'stopped', 'failed'] as const;
type RunStatus = (typeof runStatuses)[number];

/** One training run, kept in the run history; a run that was still going when saved reads as stopped. */
export const RunRecordSchema = v.pipe(
  record({
    id: setting('runId'),
    /** "Run 3 · hour off" */
    label: text,
    config: TrainConfigSchema,
    /** Data version (see CaptureSummary.version) it was trained on. */
    dataVersion: wholeNumber(),
    examples: wholeNumber(),
    startedAt: finite,
    status: choice(runStatuses),
    backend: v.nullable(text),
    epochs: list(EpochLogSchema),
    outcome: v.nullable(OutcomeSchema),
    error: v.nullable(text),
    /** Run this one was derived from (a leakage remedy), for side-by-side display. */
    remedyOf: v.nullable(setting('runId')),
    /** Set on a model imported from files rather than trained in this notebook. */
    origin: v.exactOptional(choice(['imported'])),
    /** Whether the damaged hours were left out of its examples (absent: they were not). */
    excludedDamagedHours: v.exactOptional(flag),
    /** The alert budget it was judged at, once sized in Evaluate. */
    budget: v.exactOptional(RunBudgetSchema),
  }),
  v.transform(({ status, outcome, ...run }) => {
    const read: { status: RunStatus; progress: RunProgress | null; outcome: TrainOutcome | null } = {
      status: status === 'running' ? 'stopped' : status,
      progress: null,
      outcome: outcome === null ? null : { ...outcome, runId: run.id },
    };
    return { ...run, ...read };
  }),
);
export type RunRecord = v.InferOutput<typeof RunRecordSchema>;

/** A run history: ids distinct. */
export const RunHistorySchema = v.pipe(
  list(RunRecordSchema),
  v.check((runs) => new Set(runs.map((r) => r.id)).size === runs.length, 'two runs have the same id'),
);

/** A run as stored: progress dropped (it belongs to a live run). */
export function storableRun(run: RunRecord): RunRecord {
  return { ...run, progress: null, status: run.status === 'running' ? 'stopped' : run.status };
}

const defaults = DEFAULT_KNOWN_BAD_SETTINGS;

export const DEFAULT_FEATURES_CONFIG: FeaturesConfig = {
  settings: defaultFeatureSettings.map((s) => ({ ...s })),
  maxVocabulary: 5000,
  eventIds: [1],
  useBalance: true,
  excludeDamagedHours: false,
};

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = { model: defaultModelSettings, split: 'random-stratified' };

export const DEFAULT_KNOWN_BAD_CONFIG: KnownBadConfig = {
  generator: {
    seed: 42,
    // 8 × 100 = 800 known-bad starts: after 50/50 balancing ~1,600 examples, enough for the
    // original network to learn within its default 10 epochs (240 were not).
    sessions: 8,
    eventsPerSession: 100,
    mix: defaults.mix,
    sessionPattern: defaults.sessionPattern,
    includeLolbas: defaults.includeLolbas,
    includeSigma: defaults.includeSigma,
    useIocs: true,
  },
  balance: { ratioBad: 0.5, strategy: 'undersample-good', seed: 42 },
  markCaptureWithIocs: true,
};

/** The notebook's cells, top to bottom (also their element ids). */
export const cellIds = ['load', 'explore', 'known-bad', 'features', 'train', 'evaluate'] as const;
export type CellId = (typeof cellIds)[number];

/** When each cell last ran (epoch ms). */
export type CellTimes = Partial<Record<CellId, number>>;

export function isCellId(value: string): value is CellId {
  return cellIds.some((id) => id === value);
}

/** Default autosave limit in events: past it only the summary is kept. */
export const DEFAULT_MAX_SAVED_EVENTS = 2_000_000;

/** What a save kept. */
export interface SavedCapture {
  kind: 'frame' | 'summary' | 'none';
  events: number;
  version: number;
}

/** What a restore found. */
export type RestoredCapture =
  { kind: 'frame'; summary: CaptureSummary; savedVersion: number } | { kind: 'summary'; summary: CaptureSummary; note: string } | { kind: 'none' };
