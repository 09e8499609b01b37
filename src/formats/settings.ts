/**
 * The notebook's settings per section and its run history: the shapes a notebook file, the
 * autosave and the settings link carry.
 */
import type { BalanceStrategy } from '../known-bad/balance';
import { DEFAULT_KNOWN_BAD_SETTINGS, type KnownBadSettings } from '../known-bad/generate';
import { defaultFeatureSettings, type FeatureSetting } from '../ml/features';
import { defaultModelSettings, type ModelSettings } from '../ml/modelSettings';
import type { TrainConfig, TrainOutcome } from '../ml/runTypes';
import type { SplitKind } from '../ml/splits';
import type { EpochLog } from '../ml/trainTypes';
import type { CaptureSummary } from '../pipeline/captureSummary';

const defaults = DEFAULT_KNOWN_BAD_SETTINGS;

/** The Features section's settings. */
export interface FeaturesConfig {
  settings: FeatureSetting[];
  maxVocabulary: number;
  /** Event ids that become examples (process starts, as the seed did). */
  eventIds: number[];
  /** Train on the balanced selection when one exists. */
  useBalance: boolean;
}

/** The Train section's settings (model, optimiser, split). */
export interface TrainSettings {
  model: ModelSettings;
  split: SplitKind;
}

/** Live progress of the run in progress. */
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

/** One training run, kept in the run history. */
export interface RunRecord {
  id: number;
  /** "Run 3 · hour off" */
  label: string;
  config: TrainConfig;
  /** Data version (see CaptureSummary.version) it was trained on. */
  dataVersion: number;
  examples: number;
  startedAt: number;
  status: 'running' | 'finished' | 'stopped' | 'failed';
  backend: string | null;
  epochs: EpochLog[];
  progress: RunProgress | null;
  outcome: TrainOutcome | null;
  error: string | null;
  /** Run this one was derived from (a leakage remedy), for side-by-side display. */
  remedyOf: number | null;
  /** Set on a model imported from files rather than trained in this notebook. */
  origin?: 'imported';
}

export const DEFAULT_FEATURES_CONFIG: FeaturesConfig = {
  settings: defaultFeatureSettings.map((s) => ({ ...s })),
  maxVocabulary: 5000,
  eventIds: [1],
  useBalance: true,
};

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = { model: defaultModelSettings, split: 'random-stratified' };

export interface KnownBadConfig {
  generator: GenerateSettings;
  balance: { ratioBad: number; strategy: BalanceStrategy; seed: number };
  /** IOC imports also label matching capture events known bad. */
  markCaptureWithIocs: boolean;
}

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

export interface EvaluateConfig {
  /** Score at or above which an event is flagged. */
  threshold: number;
  /** Run shown in detail; null = the latest finished run. */
  runId: number | null;
  /** Runs overlaid in the comparison. */
  compareRunIds: number[];
  /** How many of the most suspicious events to list and explain. */
  topK: number;
}

/** The notebook's cells, top to bottom (also their element ids). */
export const cellIds = ['load', 'explore', 'known-bad', 'features', 'train', 'evaluate'] as const;
export type CellId = (typeof cellIds)[number];

/** When each cell last ran (epoch ms). */
export type CellTimes = Partial<Record<CellId, number>>;

export function isCellId(value: string): value is CellId {
  return cellIds.some((id) => id === value);
}

/** Generator settings as the UI sends them; the IOC list already lives in the worker. */
export type GenerateSettings = Omit<KnownBadSettings, 'iocs'> & { useIocs: boolean };

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
