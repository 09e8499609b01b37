/**
 * The training worker's state and work: the chosen backend, trained models by run id, a run in
 * progress. Evaluation and scoring (./trainEvaluate), the backend burst and WebGL handling
 * (./trainBackend) and the check that an imported model fits its spec (./modelFit) live beside it.
 */
import * as tf from '@tensorflow/tfjs';
import { inputWidth, previewRows, type FeatureSpec } from '../ml/features';
import { modelSummary } from '../ml/model';
import { modelKindOf } from '../ml/modelSettings';
import { trainModel, type EpochLog, type TrainResult } from '../ml/train';
import type { ExampleTable, RowSplit } from '../ml/types';
import { alertsPerHostDay, compareAtBudget, type BudgetRule, type SplitScores } from '../ml/alertBudget';
import { scoreRows } from '../ml/predict';
import { loadModel, modelArtifacts, toPortableModel, type ModelArtifactsData } from '../formats/portableModel';
import { BACKEND_ORDER, chooseFastestBackend, type BackendChoice, type BackendName } from './backend';
import { checkModelFitsSpec } from './modelFit';
import { loadModelRecord, saveModelRecord } from './modelStore';
import { loseWebglContext, trainingBurst, webglContext } from './trainBackend';
import { evaluateRun, scoreRun } from './trainEvaluate';
import { splitAndSpec } from './runExamples';
import type { BudgetScoring, HostDayAlerts, ModelExport, RunBudget, ScoreOutcome, TrainConfig, TrainEvent, TrainOutcome } from './trainProtocol';

interface TrainedRun {
  model: tf.LayersModel;
  spec: FeatureSpec;
  config: TrainConfig;
  /** The examples, split and held-out scores, kept for the alert budget (absent for restored or imported models). */
  heldOut?: { table: ExampleTable; split: RowSplit; scores: SplitScores };
}

/** Runs kept in memory for scoring and export; older ones are disposed. */
const KEPT_RUNS = 6;

/** Lets queued messages (Stop, other requests) in without the 4 ms clamp of nested setTimeout. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** The training worker's state: backend, models by run id, the run in progress. */
export class TrainSession {
  private backend: BackendChoice | null = null;
  private candidates: readonly BackendName[] = BACKEND_ORDER;
  private readonly runs = new Map<number, TrainedRun>();

  constructor(private readonly post: (event: TrainEvent) => void) {}

  async measureBackend(force: boolean, candidates?: readonly BackendName[]): Promise<BackendChoice> {
    if (candidates && candidates.length > 0) this.candidates = candidates;
    if (!this.backend || force) this.backend = await chooseFastestBackend(trainingBurst, this.candidates);
    return this.backend;
  }

  /** Loses the WebGL context on purpose (tests of the fallback); false when WebGL is not in use. */
  loseWebglContext(): boolean {
    return loseWebglContext();
  }

  /** After a lost context: the next fastest measured backend that is not WebGL. */
  private async fallBackFromWebgl(): Promise<BackendName> {
    const measured = this.backend?.trials.filter((t) => t.backend !== 'webgl' && t.examplesPerSecond !== null) ?? [];
    measured.sort((a, b) => (b.examplesPerSecond ?? 0) - (a.examplesPerSecond ?? 0));
    const next: BackendName = measured[0]?.backend ?? 'cpu';
    try {
      tf.removeBackend('webgl');
    } catch {
      // Already gone.
    }
    await tf.setBackend(next);
    await tf.ready();
    this.candidates = this.candidates.filter((b) => b !== 'webgl');
    if (this.backend) this.backend = { ...this.backend, chosen: next };
    return next;
  }

  async train(runId: number, table: ExampleTable, config: TrainConfig, shouldStop: () => boolean): Promise<TrainOutcome> {
    const backend = await this.measureBackend(false);
    const started = performance.now();
    this.post({ kind: 'event', type: 'phase', runId, phase: 'preparing', backend: backend.chosen });
    if (table.size === 0) throw new Error('There are no labelled examples: load a capture and add known bad first.');
    let bad = 0;
    for (let i = 0; i < table.size; i++) bad += table.label[i] ?? 0;
    if (bad === 0) throw new Error('There are no known-bad examples: import or generate known bad first.');
    if (bad === table.size) throw new Error('There are no known-good examples to learn from.');
    const settings = config.model;
    const { baseSplit, split, spec, plan } = splitAndSpec(table, config);
    if (split.train.length === 0) throw new Error('The training part of the split holds no known-good rows for the anomaly model to learn from.');
    if (spec.columns.length === 0) throw new Error('Every feature column is switched off: switch at least one on.');
    const model = plan.build(spec, settings);
    this.keep(runId, { model, spec, config });

    this.post({ kind: 'event', type: 'phase', runId, phase: 'training', backend: backend.chosen });
    let lastBatchPost = 0;
    let lastYield = performance.now();
    let examplesSeen = 0;
    const trainStarted = performance.now();
    /**
     * The run's Examples/s (progress line and Run history): examples trained so far over the wall
     * time since training started, so per-epoch validation, progress posts and yields count against
     * it; the split, encoding fit and the final evaluation (before and after) do not.
     */
    const rate = (): number => examplesSeen / Math.max(1e-3, (performance.now() - trainStarted) / 1000);
    let isContextLost = false;
    const history: EpochLog[] = [];
    // A lost context can leave tfjs awaiting a GPU read forever, so the loss event ends the run.
    const contextLost = new Promise<'lost'>((resolve) => {
      const canvas = backend.chosen === 'webgl' ? webglContext()?.canvas : undefined;
      canvas?.addEventListener('webglcontextlost', () => resolve('lost'), { once: true });
    });
    const training = trainModel({
      model,
      spec,
      table,
      split,
      settings,
      objective: plan.objective,
      // A lost WebGL context leaves the weights unreadable: end the run cleanly, keeping its epochs.
      shouldStop: () => {
        if (backend.chosen === 'webgl' && webglContext()?.isContextLost() === true) isContextLost = true;
        return isContextLost || shouldStop();
      },
      callbacks: {
        onBatchEnd: ({ rows, ...progress }) => {
          examplesSeen += rows;
          const now = performance.now();
          if (now - lastBatchPost < 100) return;
          lastBatchPost = now;
          this.post({ kind: 'event', type: 'batch', runId, ...progress, examplesPerSecond: rate(), elapsedSeconds: (now - started) / 1000 });
        },
        onEpochEnd: (_epoch, log) => {
          history.push(log);
          this.post({
            kind: 'event',
            type: 'epoch',
            runId,
            log,
            epochs: settings.epochs,
            examplesPerSecond: rate(),
            elapsedSeconds: (performance.now() - started) / 1000,
            tensors: tf.memory().numTensors,
          });
        },
        // Yield about every 25 ms: often enough that Stop lands at once, rarely enough to cost little.
        yield: async () => {
          if (performance.now() - lastYield < 25) return;
          await nextTask();
          lastYield = performance.now();
        },
      },
    });
    const raced = await Promise.race([training, contextLost]);
    if (raced === 'lost') isContextLost = true;
    const result: TrainResult = raced === 'lost' ? { history, stoppedBy: 'user' } : raced;
    const examplesPerSecond = rate();
    let backendLost: string | null = null;
    if (isContextLost) {
      this.runs.delete(runId);
      const next = await this.fallBackFromWebgl();
      backendLost = `The WebGL context was lost after ${result.history.length} epoch${result.history.length === 1 ? '' : 's'}; the run stopped with its history kept and the next runs use ${next}.`;
    }
    this.post({ kind: 'event', type: 'phase', runId, phase: 'evaluating', backend: backend.chosen });
    const evaluation = split.test.length > 0 && !isContextLost ? evaluateRun(model, spec, table, split, config, { baseSplit, modelKind: plan.kind }) : null;
    const kept = this.runs.get(runId);
    if (evaluation && kept)
      kept.heldOut = { table, split, scores: { validation: scoreRows(model, spec, table, split.validation), test: evaluation.testScores } };
    let trainBad = 0;
    let testBad = 0;
    for (const row of split.train) trainBad += table.label[row] ?? 0;
    for (const row of split.test) testBad += table.label[row] ?? 0;
    return {
      runId,
      backend: backend.chosen,
      history: [...result.history],
      stoppedBy: isContextLost ? 'user' : result.stoppedBy,
      nanMessage: result.nanMessage ?? null,
      ...(backendLost === null ? {} : { backendLost }),
      summary: modelSummary(model),
      inputWidth: inputWidth(spec),
      activeColumns: spec.columns.map((c) => c.column),
      preview: previewRows(table, split.train, spec, 5),
      splitCounts: { train: split.train.length, validation: split.validation.length, test: split.test.length, trainBad, testBad },
      evaluation,
      examplesPerSecond,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** Scores every row of `table` and explains the `topK` highest. */
  score(
    runId: number,
    table: ExampleTable,
    topK: number,
    budget?: BudgetScoring,
  ): { outcome: ScoreOutcome & { hostDayAlerts?: HostDayAlerts[] }; scores: Float32Array } {
    const run = this.requireRun(runId);
    const { outcome, scores } = scoreRun(runId, run.model, run.spec, table, topK);
    if (!budget) return { outcome, scores };
    const rows = { scores, host: table.groupHost, timeMs: table.timeMs };
    return { outcome: { ...outcome, hostDayAlerts: alertsPerHostDay(rows, budget.threshold, budget.hostNames, budget.timeZone) }, scores };
  }

  /** The model and every baseline at K alerts per host per day (see ml/alertBudget). */
  alertBudget(runId: number, alertsPerHostDay: number, rule: BudgetRule, timeZone: string): RunBudget {
    const run = this.requireRun(runId);
    if (!run.heldOut) throw new Error(`Run ${runId} has no held-out scores in this session (restored or imported): train it again to size its alert budget.`);
    const { table, split, scores } = run.heldOut;
    if (split.validation.length === 0) throw new Error('The alert budget needs a validation split: set a validation share above 0 and train again.');
    const entries = compareAtBudget(table, split, scores, { alertsPerHostDay, rule, timeZone });
    return { alertsPerHostDay, threshold: entries[0]?.chosen.threshold ?? Number.POSITIVE_INFINITY, entries };
  }

  async exportModel(runId: number): Promise<ModelExport> {
    const run = this.requireRun(runId);
    return { ...(await modelArtifacts(run.model)), spec: run.spec, config: run.config };
  }

  /** Writes a run's model to IndexedDB (from this worker: the weights never visit the page). */
  async saveRun(runId: number): Promise<{ bytes: number }> {
    const run = this.requireRun(runId);
    const artifacts = await modelArtifacts(run.model);
    await saveModelRecord(runId, { artifacts, spec: run.spec, config: run.config });
    return { bytes: artifacts.weightData.byteLength };
  }

  /** Loads saved models of these runs; the ids found are answered. */
  async restoreRuns(runIds: readonly number[]): Promise<{ restored: number[] }> {
    await this.measureBackend(false);
    const restored: number[] = [];
    // Only the newest KEPT_RUNS fit in memory.
    for (const runId of runIds.slice(-KEPT_RUNS)) {
      const stored = await loadModelRecord(runId).catch(() => null);
      if (!stored) continue;
      const model = await loadModel(stored.artifacts);
      this.keep(runId, { model, spec: stored.spec, config: stored.config });
      restored.push(runId);
    }
    return { restored };
  }

  /** The run's model rebuilt from standard layers (no custom classes, no dropout). */
  async exportPortableModel(runId: number): Promise<{ artifacts: ModelArtifactsData; spec: FeatureSpec; config: TrainConfig }> {
    const run = this.requireRun(runId);
    if (modelKindOf(run.config.model) === 'anomaly') {
      throw new Error(
        'The portable export rebuilds the classifier from standard layers; an anomaly model exports as model files (model.json, weights.bin, features.json).',
      );
    }
    const portable = toPortableModel(run.model, run.spec, run.config.model.hiddenLayers);
    try {
      return { artifacts: await modelArtifacts(portable), spec: run.spec, config: run.config };
    } finally {
      portable.dispose();
    }
  }

  /** Registers an exported model under `runId` after checking its inputs fit the spec. */
  async importModel(
    runId: number,
    artifacts: ModelArtifactsData,
    spec: FeatureSpec,
    config: TrainConfig,
  ): Promise<{ summary: ReturnType<typeof modelSummary>; inputWidth: number; backend: BackendName }> {
    const backend = await this.measureBackend(false);
    const model = await loadModel(artifacts).catch((error: unknown) => {
      throw new Error(`The model files do not load: ${error instanceof Error ? error.message : String(error)}`);
    });
    checkModelFitsSpec(model, spec);
    this.keep(runId, { model, spec, config });
    return { summary: modelSummary(model), inputWidth: inputWidth(spec), backend: backend.chosen };
  }

  disposeRun(runId: number): { tensors: number } {
    this.runs.get(runId)?.model.dispose();
    this.runs.delete(runId);
    return { tensors: tf.memory().numTensors };
  }

  memory(): { tensors: number; bytes: number; backend: string } {
    const memory = tf.memory();
    return { tensors: memory.numTensors, bytes: memory.numBytes, backend: tf.getBackend() };
  }

  private keep(runId: number, run: TrainedRun): void {
    this.runs.set(runId, run);
    while (this.runs.size > KEPT_RUNS) {
      const oldest = this.runs.keys().next().value;
      if (oldest === undefined) break;
      this.disposeRun(oldest);
    }
  }

  private requireRun(runId: number): TrainedRun {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`Run ${runId} is no longer in memory: train it again.`);
    return run;
  }
}
