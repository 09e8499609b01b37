import type { StateCreator } from 'zustand';
import { defaultFeatureSettings, type FeatureSetting } from '../ml/features';
import { defaultImbalance, imbalanceOf, modelKindOf, poolsUnseenValues, type ModelSettings } from '../ml/modelSettings';
import type { SplitKind } from '../ml/splits';
import { featureColumnIds, type FeatureColumnId } from '../ml/types';
import type { BackendChoice } from '../ml/backendNames';
import type { NotebookServices } from './workerClient';
import type { TrainConfig } from '../worker/trainProtocol';
import type { NotebookState, SectionStatus } from './types';
import { errorMessage } from '../lib/errorMessage';
export {
  DEFAULT_FEATURES_CONFIG,
  DEFAULT_TRAIN_SETTINGS,
  type FeaturesConfig,
  type RunProgress,
  type RunRecord,
  type TrainSettings,
} from '../formats/settings';
import { DEFAULT_FEATURES_CONFIG, DEFAULT_TRAIN_SETTINGS, type FeaturesConfig, type RunRecord, type TrainSettings } from '../formats/settings';

export interface TrainSlice {
  features: { config: FeaturesConfig };
  train: {
    config: TrainSettings;
    runs: RunRecord[];
    activeRunId: number | null;
    backend: BackendChoice | null;
    backendError: string | null;
    /** The training worker's id for the active run's request, to stop it; null before it is sent. */
    requestId: number | null;
    /** Stop pressed before the training request had an id (while examples were being collected). */
    isStopRequested: boolean;
    /** The id the next run gets. */
    nextRunId: number;
  };
  setFeatureSetting: (column: FeatureColumnId, patch: Partial<Omit<FeatureSetting, 'column'>>) => void;
  setFeaturesConfig: (patch: Partial<Omit<FeaturesConfig, 'settings'>>) => void;
  setModelSettings: (patch: Partial<ModelSettings>) => void;
  setSplit: (split: SplitKind) => void;
  /** Trains with the current settings, or with `config` (a remedy) when given. */
  startTraining: (options?: { config?: TrainConfig; label?: string; remedyOf?: number }) => Promise<number | null>;
  stopTraining: () => void;
  measureBackend: (force: boolean) => Promise<void>;
  currentTrainConfig: () => TrainConfig;
  /** Replaces the run history (a restore or an imported notebook); new runs get ids after these. */
  replaceRunHistory: (runs: RunRecord[]) => void;
  /** A new run id, for a run made elsewhere (an imported model). */
  reserveRunId: () => number;
  /** Appends a run made elsewhere (its id from reserveRunId). */
  addRun: (run: RunRecord) => void;
}

/** Runs with data versions moved from `from` to `to`: the worker renumbered the capture they were made on (a restore). */
export function remapRunVersions(runs: readonly RunRecord[], from: number, to: number): RunRecord[] {
  return from === to ? [...runs] : runs.map((run) => (run.dataVersion === from ? { ...run, dataVersion: to } : run));
}

/** Describes how a config differs from the defaults, for run labels. */
export function describeConfig(config: TrainConfig): string {
  const parts: string[] = [];
  if (modelKindOf(config.model) === 'anomaly') parts.push('anomaly');
  else if (imbalanceOf(config.model) !== defaultImbalance) parts.push(`imbalance ${imbalanceOf(config.model)}`);
  if (!poolsUnseenValues(config.model)) parts.push('unseen values not pooled');
  const off = config.features.filter((f) => f.treatment === 'off' && defaultFeatureSettings.some((d) => d.column === f.column && d.treatment !== 'off'));
  if (off.length > 0) parts.push(`${off.map((f) => f.column).join(', ')} off`);
  const on = config.features.filter((f) => f.treatment !== 'off' && defaultFeatureSettings.some((d) => d.column === f.column && d.treatment === 'off'));
  if (on.length > 0) parts.push(`+${on.map((f) => f.column).join(', ')}`);
  if (config.split !== 'random-stratified') parts.push(`${config.split} split`);
  const layers = config.model.hiddenLayers.map((l) => l.units).join('-');
  parts.push(`${layers || 'no hidden'} ${config.model.optimizer} lr ${config.model.learningRate}`);
  return parts.join(' · ');
}

/** The train section's initial state. */
export const INITIAL_TRAIN: TrainSlice['train'] = {
  config: DEFAULT_TRAIN_SETTINGS,
  runs: [],
  activeRunId: null,
  backend: null,
  backendError: null,
  requestId: null,
  isStopRequested: false,
  nextRunId: 1,
};

export const createTrainSlice =
  (services: NotebookServices): StateCreator<NotebookState, [], [], TrainSlice> =>
  (set, get) => {
    const updateRun = (id: number, patch: (run: RunRecord) => Partial<RunRecord>): void =>
      set((s) => ({ train: { ...s.train, runs: s.train.runs.map((run) => (run.id === id ? { ...run, ...patch(run) } : run)) } }));

    services.train.onEvent((event) => {
      switch (event.type) {
        case 'phase':
          updateRun(event.runId, (run) => ({
            backend: event.backend,
            progress: {
              ...(run.progress ?? {
                epoch: 0,
                epochs: run.config.model.epochs,
                batch: 0,
                batchesPerEpoch: 0,
                examplesPerSecond: 0,
                elapsedSeconds: 0,
                tensors: null,
              }),
              phase: event.phase,
            },
          }));
          break;
        case 'batch':
          updateRun(event.runId, (run) => ({
            progress: {
              phase: 'training',
              epoch: event.epoch,
              epochs: run.config.model.epochs,
              batch: event.batch,
              batchesPerEpoch: event.batchesPerEpoch,
              examplesPerSecond: event.examplesPerSecond,
              elapsedSeconds: event.elapsedSeconds,
              tensors: run.progress?.tensors ?? null,
            },
          }));
          break;
        case 'epoch':
          updateRun(event.runId, (run) => ({
            epochs: [...run.epochs, event.log],
            progress: {
              phase: 'training',
              epoch: event.log.epoch + 1,
              epochs: event.epochs,
              batch: 0,
              batchesPerEpoch: run.progress?.batchesPerEpoch ?? 0,
              examplesPerSecond: event.examplesPerSecond,
              elapsedSeconds: event.elapsedSeconds,
              tensors: event.tensors,
            },
          }));
          break;
        default: {
          const unhandled: never = event;
          void unhandled;
        }
      }
    });

    return {
      features: { config: DEFAULT_FEATURES_CONFIG },
      train: INITIAL_TRAIN,
      setFeatureSetting(column, patch) {
        set((s) => {
          const existing = s.features.config.settings;
          const has = existing.some((f) => f.column === column);
          const settings = has
            ? existing.map((f) => (f.column === column ? { ...f, ...patch } : f))
            : [...existing, { column, treatment: 'off' as const, embeddingDims: 8, ...patch }];
          settings.sort((a, b) => featureColumnIds.indexOf(a.column) - featureColumnIds.indexOf(b.column));
          return { features: { config: { ...s.features.config, settings } } };
        });
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
      currentTrainConfig() {
        const s = get();
        return {
          features: s.features.config.settings,
          model: s.train.config.model,
          split: s.train.config.split,
          maxVocabulary: s.features.config.maxVocabulary,
        };
      },
      async measureBackend(force) {
        try {
          const candidates = services.params.backends;
          const backend = await services.train.request('measureBackend', { force, ...(candidates ? { candidates } : {}) });
          set((s) => ({ train: { ...s.train, backend, backendError: null } }));
        } catch (error) {
          set((s) => ({ train: { ...s.train, backendError: errorMessage(error) } }));
        }
      },
      async startTraining(options = {}) {
        const state = get();
        if (state.train.activeRunId !== null) return null;
        const summary = state.load.summary;
        if (!summary) return null;
        const config = options.config ?? state.currentTrainConfig();
        const id = state.train.nextRunId;
        const record: RunRecord = {
          id,
          label: options.label ?? `Run ${id} · ${describeConfig(config)}`,
          config,
          dataVersion: summary.version,
          examples: 0,
          startedAt: Date.now(),
          status: 'running',
          backend: null,
          epochs: [],
          progress: {
            phase: 'collecting examples',
            epoch: 0,
            epochs: config.model.epochs,
            batch: 0,
            batchesPerEpoch: 0,
            examplesPerSecond: 0,
            elapsedSeconds: 0,
            tensors: null,
          },
          outcome: null,
          error: null,
          remedyOf: options.remedyOf ?? null,
          excludedDamagedHours: state.features.config.excludeDamagedHours,
        };
        set((s) => ({ train: { ...s.train, runs: [...s.train.runs, record], activeRunId: id, nextRunId: id + 1, requestId: null, isStopRequested: false } }));
        try {
          if (!get().train.backend) {
            updateRun(id, (run) => ({ progress: run.progress ? { ...run.progress, phase: 'measuring backends' } : null }));
            await get().measureBackend(false);
          }
          const columns = config.features.filter((f) => f.treatment !== 'off').map((f) => f.column);
          const { table } = await services.data.request('examples', {
            rows: 'labelled',
            eventIds: state.features.config.eventIds,
            columns,
            useBalance: state.features.config.useBalance,
            excludeDamagedHours: state.features.config.excludeDamagedHours,
          });
          updateRun(id, () => ({ examples: table.size }));
          const outcome = await services.train.request(
            'train',
            { runId: id, table, config },
            {
              onId: (requestId) => {
                set((s) => ({ train: { ...s.train, requestId } }));
                if (get().train.isStopRequested) services.train.cancel(requestId);
              },
            },
          );
          // A lost WebGL context switched the worker to another backend: show the new choice.
          if (outcome.backendLost) void get().measureBackend(false);
          updateRun(id, () => ({
            status: outcome.stoppedBy === 'user' ? 'stopped' : outcome.stoppedBy === 'nan' ? 'failed' : 'finished',
            outcome,
            epochs: outcome.history,
            error: outcome.nanMessage,
            progress: null,
            backend: outcome.backend,
          }));
          return id;
        } catch (error) {
          const message = errorMessage(error);
          updateRun(id, () => ({ status: 'failed', error: message, progress: null }));
          return null;
        } finally {
          set((s) => ({ train: { ...s.train, activeRunId: null, requestId: null } }));
        }
      },
      replaceRunHistory(runs) {
        set((s) => ({ train: { ...s.train, runs, activeRunId: null, nextRunId: Math.max(s.train.nextRunId, ...runs.map((run) => run.id + 1)) } }));
      },
      reserveRunId() {
        const id = get().train.nextRunId;
        set((s) => ({ train: { ...s.train, nextRunId: id + 1 } }));
        return id;
      },
      addRun(run) {
        set((s) => ({ train: { ...s.train, runs: [...s.train.runs, run] } }));
      },
      stopTraining() {
        set((s) => ({ train: { ...s.train, isStopRequested: true } }));
        const requestId = get().train.requestId;
        if (requestId !== null) services.train.cancel(requestId);
      },
    };
  };

/** The Train section's visible state. */
export function trainStatus(state: NotebookState): { status: SectionStatus; note: string | undefined } {
  const labelled = state.knownBad.run.summary;
  const latest = state.train.runs.at(-1);
  if (state.train.activeRunId !== null) return { status: 'running', note: undefined };
  if (!state.load.summary) return { status: 'empty', note: 'open a capture first' };
  if (!labelled || labelled.labelCounts[2] === 0) return { status: 'empty', note: 'add known bad first' };
  if (!latest) return { status: 'ready', note: undefined };
  if (latest.status === 'failed') return { status: 'error', note: latest.error ?? undefined };
  if (latest.dataVersion !== state.load.summary.version) return { status: 'stale', note: 'the labelled data changed since the last run' };
  return { status: 'done', note: undefined };
}
