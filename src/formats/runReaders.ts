/**
 * Readers for the parts of notebook and model files that describe training: settings, feature
 * specifications, epoch logs, metrics and whole runs. Every value is checked before the store
 * or the training worker sees it.
 */
import { baselineKinds, type BaselineResult } from '../ml/baselines';
import { featureTreatments, type FeatureColumnSpec, type FeaturePreview, type FeatureSetting, type FeatureSpec } from '../ml/features';
import { leakageKinds, type LeakageFinding, type LeakageRemedy } from '../ml/leakage';
import type { ClassificationMetrics } from '../ml/metrics';
import {
  activations,
  imbalanceHandlings,
  modelKinds,
  optimizerNames,
  type HiddenLayerSetting,
  type ModelSettings,
  type ModelSummary,
} from '../ml/modelSettings';
import { splitKinds } from '../ml/splits';
import { stopReasons, type EpochLog } from '../ml/trainTypes';
import { featureColumnIds, type FeatureColumnId } from '../ml/types';
import type { RunRecord } from './settings';
import { SETTING_LIMITS, isWithin, type Limit } from './urlState';
import type { CurvePoints, Evaluation, TrainConfig, TrainOutcome } from '../ml/runTypes';
import {
  InvalidDocument,
  field,
  readArray,
  readBoolean,
  readChoice,
  readFinite,
  readInteger,
  readNumber,
  readNumbers,
  readRecord,
  readString,
  readStringOrNull,
  readStrings,
} from './read';

/** A setting within its form limits. */
export function readSetting(value: unknown, what: string, limit: Limit): number {
  if (typeof value !== 'number' || !isWithin(value, limit))
    throw new InvalidDocument(`${what} must be ${limit.isInteger ? 'a whole number' : 'a number'} from ${limit.min} to ${limit.max}`);
  return value;
}

export function readColumnId(value: unknown, what: string): FeatureColumnId {
  return readChoice(value, featureColumnIds, what);
}

export function readFeatureSettings(value: unknown, what: string): FeatureSetting[] {
  const settings = readArray(value, what).map((item, i) => {
    const f = readRecord(item, `${what} ${i + 1}`);
    const column = readColumnId(field(f, 'column'), `${what} ${i + 1} column`);
    return {
      column,
      treatment: readChoice(field(f, 'treatment'), featureTreatments, `the treatment of ${column}`),
      embeddingDims: readSetting(field(f, 'embeddingDims'), `the embedding dims of ${column}`, SETTING_LIMITS.embeddingDims),
    };
  });
  if (new Set(settings.map((s) => s.column)).size !== settings.length) throw new InvalidDocument(`${what} name a column twice`);
  return settings;
}

function readHiddenLayer(value: unknown, i: number): HiddenLayerSetting {
  const h = readRecord(value, `hidden layer ${i + 1}`);
  return {
    units: readSetting(field(h, 'units'), `the units of hidden layer ${i + 1}`, SETTING_LIMITS.units),
    activation: readChoice(field(h, 'activation'), activations, `the activation of hidden layer ${i + 1}`),
  };
}

function optionalSetting<T extends object>(value: unknown, read: (value: unknown) => T): T | Record<string, never> {
  return value === undefined ? {} : read(value);
}

export function readModelSettings(value: unknown): ModelSettings {
  const m = readRecord(value, 'the model settings');
  const layers = readArray(field(m, 'hiddenLayers'), 'the hidden layers');
  readSetting(layers.length, 'the number of hidden layers', SETTING_LIMITS.hiddenLayers);
  const model: ModelSettings = {
    hiddenLayers: layers.map(readHiddenLayer),
    l2: readSetting(field(m, 'l2'), 'L2', SETTING_LIMITS.l2),
    dropout: readSetting(field(m, 'dropout'), 'Dropout', SETTING_LIMITS.dropout),
    optimizer: readChoice(field(m, 'optimizer'), optimizerNames, 'Optimizer'),
    learningRate: readSetting(field(m, 'learningRate'), 'Learning rate', SETTING_LIMITS.learningRate),
    epochs: readSetting(field(m, 'epochs'), 'Epochs', SETTING_LIMITS.epochs),
    batchSize: readSetting(field(m, 'batchSize'), 'Batch size', SETTING_LIMITS.batchSize),
    validationShare: readSetting(field(m, 'validationShare'), 'Validation share', SETTING_LIMITS.validationShare),
    testShare: readSetting(field(m, 'testShare'), 'Test share', SETTING_LIMITS.testShare),
    seed: readSetting(field(m, 'seed'), 'Seed', SETTING_LIMITS.seed),
    earlyStoppingPatience: readSetting(field(m, 'earlyStoppingPatience'), 'Early-stopping patience', SETTING_LIMITS.earlyStoppingPatience),
    // Optional: files written before the anomaly model and the imbalance defaults lack them.
    ...optionalSetting(field(m, 'kind'), (kind) => ({ kind: readChoice(kind, modelKinds, 'Model kind') })),
    ...optionalSetting(field(m, 'imbalance'), (imbalance) => ({ imbalance: readChoice(imbalance, imbalanceHandlings, 'Class imbalance handling') })),
    ...optionalSetting(field(m, 'poolUnseenValues'), (pool) => ({ poolUnseenValues: readBoolean(pool, 'Pool values unseen in known good') })),
  };
  if (model.validationShare + model.testShare >= 1) throw new InvalidDocument('Validation share and test share must sum to less than 1');
  return model;
}

export function readTrainConfig(value: unknown, what = 'the run settings'): TrainConfig {
  const c = readRecord(value, what);
  return {
    features: readFeatureSettings(field(c, 'features'), 'feature setting'),
    model: readModelSettings(field(c, 'model')),
    split: readChoice(field(c, 'split'), splitKinds, 'Split'),
    maxVocabulary: readSetting(field(c, 'maxVocabulary'), 'Max vocabulary', SETTING_LIMITS.maxVocabulary),
  };
}

// ---- feature specification --------------------------------------------------------------

function readColumnSpec(value: unknown, i: number): FeatureColumnSpec {
  const c = readRecord(value, `feature column ${i + 1}`);
  const column = readColumnId(field(c, 'column'), `feature column ${i + 1}`);
  const width = readInteger(field(c, 'width'), `the width of ${column}`, 1, 10_000_000);
  const labels = readStrings(field(c, 'labels'), `the vocabulary of ${column}`);
  if (labels.length !== width) throw new InvalidDocument(`the vocabulary of ${column} has ${labels.length} values, its width is ${width}`);
  const remap = readArray(field(c, 'remap'), `the code map of ${column}`).map((index, n) => readInteger(index, `code ${n} of ${column}`, 0, width - 1));
  const base = { column, remap, width, labels, mostCommonIndex: readInteger(field(c, 'mostCommonIndex'), `the most common index of ${column}`, 0, width - 1) };
  const treatment = readChoice(field(c, 'treatment'), ['indicator', 'embedding'] as const, `the treatment of ${column}`);
  return treatment === 'indicator'
    ? { ...base, treatment, offset: readInteger(field(c, 'offset'), `the offset of ${column}`) }
    : { ...base, treatment, embeddingDims: readSetting(field(c, 'embeddingDims'), `the embedding dims of ${column}`, SETTING_LIMITS.embeddingDims) };
}

/** A feature specification whose one-hot blocks tile the indicator matrix exactly. */
export function readFeatureSpec(value: unknown): FeatureSpec {
  const s = readRecord(value, 'the feature specification');
  const columns = readArray(field(s, 'columns'), 'the feature columns').map(readColumnSpec);
  if (columns.length === 0) throw new InvalidDocument('the feature specification has no column');
  if (new Set(columns.map((c) => c.column)).size !== columns.length) throw new InvalidDocument('the feature specification names a column twice');
  const indicatorWidth = readInteger(field(s, 'indicatorWidth'), 'the indicator width');
  let offset = 0;
  for (const column of columns) {
    if (column.treatment !== 'indicator') continue;
    if (column.offset !== offset) throw new InvalidDocument(`the one-hot block of ${column.column} starts at ${column.offset}, not ${offset}`);
    offset += column.width;
  }
  if (offset !== indicatorWidth) throw new InvalidDocument(`the one-hot blocks are ${offset} wide, the indicator width is ${indicatorWidth}`);
  return { columns, indicatorWidth };
}

// ---- results -----------------------------------------------------------------------------

export function readEpochLog(value: unknown, i: number): EpochLog {
  const e = readRecord(value, `epoch ${i + 1}`);
  const n = (key: string): number => readNumber(field(e, key), `${key} of epoch ${i + 1}`);
  return {
    epoch: readInteger(field(e, 'epoch'), `epoch ${i + 1} number`),
    loss: n('loss'),
    accuracy: n('accuracy'),
    valLoss: n('valLoss'),
    valAccuracy: n('valAccuracy'),
    precision: n('precision'),
    recall: n('recall'),
    auc: n('auc'),
  };
}

function readMetrics(value: unknown, what: string): ClassificationMetrics {
  const m = readRecord(value, what);
  const c = readRecord(field(m, 'confusion'), `${what} confusion`);
  const n = (record: Record<string, unknown>, key: string): number => readNumber(field(record, key), `${what} ${key}`);
  return {
    count: n(m, 'count'),
    positives: n(m, 'positives'),
    negatives: n(m, 'negatives'),
    threshold: n(m, 'threshold'),
    confusion: {
      truePositives: n(c, 'truePositives'),
      falsePositives: n(c, 'falsePositives'),
      trueNegatives: n(c, 'trueNegatives'),
      falseNegatives: n(c, 'falseNegatives'),
    },
    accuracy: n(m, 'accuracy'),
    precision: n(m, 'precision'),
    recall: n(m, 'recall'),
    f1: n(m, 'f1'),
    rocAuc: n(m, 'rocAuc'),
    prAuc: n(m, 'prAuc'),
  };
}

function readCurve(value: unknown, what: string): CurvePoints {
  const c = readRecord(value, what);
  const x = readNumbers(field(c, 'x'), `${what} x`);
  const y = readNumbers(field(c, 'y'), `${what} y`);
  if (x.length !== y.length) throw new InvalidDocument(`${what} has ${x.length} x and ${y.length} y values`);
  return { x, y };
}

function readBaseline(value: unknown, i: number): BaselineResult {
  const b = readRecord(value, `baseline ${i + 1}`);
  const feature = field(b, 'feature');
  return {
    name: readString(field(b, 'name'), `baseline ${i + 1} name`),
    kind: readChoice(field(b, 'kind'), baselineKinds, `baseline ${i + 1} kind`),
    ...(feature === undefined ? {} : { feature: readColumnId(feature, `baseline ${i + 1} feature`) }),
    metrics: readMetrics(field(b, 'metrics'), `baseline ${i + 1} metrics`),
  };
}

function readRemedy(value: unknown, what: string): LeakageRemedy {
  const r = readRecord(value, what);
  const kind = readChoice(field(r, 'kind'), ['drop-feature', 'split'] as const, `${what} kind`);
  return kind === 'drop-feature'
    ? { kind, feature: readColumnId(field(r, 'feature'), `${what} feature`) }
    : { kind, split: readChoice(field(r, 'split'), ['time', 'group-name'] as const, `${what} split`) };
}

function readFinding(value: unknown, i: number): LeakageFinding {
  const f = readRecord(value, `leakage finding ${i + 1}`);
  const feature = field(f, 'feature');
  return {
    kind: readChoice(field(f, 'kind'), leakageKinds, `leakage finding ${i + 1} kind`),
    ...(feature === undefined ? {} : { feature: readColumnId(feature, `leakage finding ${i + 1} feature`) }),
    message: readString(field(f, 'message'), `leakage finding ${i + 1} message`),
    remedy: readRemedy(field(f, 'remedy'), `leakage finding ${i + 1} remedy`),
  };
}

function readEvaluation(value: unknown): Evaluation | null {
  if (value === null) return null;
  const e = readRecord(value, 'the evaluation');
  const testScores = field(e, 'testScores');
  const testLabels = field(e, 'testLabels');
  if (!(testScores instanceof Float32Array)) throw new InvalidDocument('the test scores are not a Float32Array');
  if (!(testLabels instanceof Uint8Array)) throw new InvalidDocument('the test labels are not a Uint8Array');
  if (testScores.length !== testLabels.length) throw new InvalidDocument(`there are ${testScores.length} test scores for ${testLabels.length} test labels`);
  return {
    test: readMetrics(field(e, 'test'), 'the test metrics'),
    roc: readCurve(field(e, 'roc'), 'the ROC curve'),
    pr: readCurve(field(e, 'pr'), 'the PR curve'),
    testScores,
    testLabels,
    baselines: readArray(field(e, 'baselines'), 'the baselines').map(readBaseline),
    leakage: readArray(field(e, 'leakage'), 'the leakage findings').map(readFinding),
  };
}

function readSummary(value: unknown): ModelSummary {
  const s = readRecord(value, 'the model summary');
  return {
    layers: readArray(field(s, 'layers'), 'the model layers').map((item, i) => {
      const l = readRecord(item, `model layer ${i + 1}`);
      return {
        name: readString(field(l, 'name'), `model layer ${i + 1} name`),
        type: readString(field(l, 'type'), `model layer ${i + 1} type`),
        outputShape: readString(field(l, 'outputShape'), `model layer ${i + 1} shape`),
        params: readInteger(field(l, 'params'), `model layer ${i + 1} parameters`),
      };
    }),
    totalParams: readInteger(field(s, 'totalParams'), 'the parameter count'),
  };
}

function readPreview(value: unknown): FeaturePreview {
  const p = readRecord(value, 'the feature preview');
  return {
    headers: readStrings(field(p, 'headers'), 'the preview headers'),
    rows: readArray(field(p, 'rows'), 'the preview rows').map((item, i) => {
      const r = readRecord(item, `preview row ${i + 1}`);
      return {
        row: readInteger(field(r, 'row'), `preview row ${i + 1} number`),
        label: readInteger(field(r, 'label'), `preview row ${i + 1} label`, 0, 2),
        cells: readArray(field(r, 'cells'), `preview row ${i + 1} cells`).map((cellValue, n) => {
          const c = readRecord(cellValue, `preview cell ${n + 1}`);
          return {
            column: readColumnId(field(c, 'column'), `preview cell ${n + 1} column`),
            treatment: readChoice(field(c, 'treatment'), ['indicator', 'embedding'] as const, `preview cell ${n + 1} treatment`),
            raw: readStringOrNull(field(c, 'raw'), `preview cell ${n + 1} value`),
            index: readInteger(field(c, 'index'), `preview cell ${n + 1} index`),
            encoded: readString(field(c, 'encoded'), `preview cell ${n + 1} encoding`),
          };
        }),
      };
    }),
  };
}

export function readOutcome(value: unknown, runId: number): TrainOutcome {
  const o = readRecord(value, 'the run outcome');
  const splitCounts = readRecord(field(o, 'splitCounts'), 'the split counts');
  const count = (key: string): number => readInteger(field(splitCounts, key), `the ${key} count`);
  return {
    runId,
    backend: readChoice(field(o, 'backend'), ['webgl', 'wasm', 'cpu'] as const, 'the backend'),
    history: readArray(field(o, 'history'), 'the training history').map(readEpochLog),
    stoppedBy: readChoice(field(o, 'stoppedBy'), stopReasons, 'the stop reason'),
    nanMessage: readStringOrNull(field(o, 'nanMessage'), 'the NaN message'),
    summary: readSummary(field(o, 'summary')),
    inputWidth: readInteger(field(o, 'inputWidth'), 'the input width'),
    activeColumns: readArray(field(o, 'activeColumns'), 'the active columns').map((c, i) => readColumnId(c, `active column ${i + 1}`)),
    preview: readPreview(field(o, 'preview')),
    splitCounts: { train: count('train'), validation: count('validation'), test: count('test'), trainBad: count('trainBad'), testBad: count('testBad') },
    evaluation: readEvaluation(field(o, 'evaluation')),
    examplesPerSecond: readNumber(field(o, 'examplesPerSecond'), 'the examples per second'),
    seconds: readNumber(field(o, 'seconds'), 'the run time'),
  };
}

const RUN_STATUSES = ['running', 'finished', 'stopped', 'failed'] as const;

/** One run of a history; a run that was still going when saved reads as stopped. */
export function readRunRecord(value: unknown, i: number): RunRecord {
  const r = readRecord(value, `run ${i + 1}`);
  const id = readInteger(field(r, 'id'), `run ${i + 1} id`, 1);
  const outcome = field(r, 'outcome');
  const remedyOf = field(r, 'remedyOf');
  const origin = field(r, 'origin');
  const status = readChoice(field(r, 'status'), RUN_STATUSES, `run ${id} status`);
  const record: RunRecord = {
    id,
    label: readString(field(r, 'label'), `run ${id} label`),
    config: readTrainConfig(field(r, 'config'), `the settings of run ${id}`),
    dataVersion: readInteger(field(r, 'dataVersion'), `run ${id} data version`),
    examples: readInteger(field(r, 'examples'), `run ${id} examples`),
    startedAt: readFinite(field(r, 'startedAt'), `run ${id} start time`),
    status: status === 'running' ? 'stopped' : status,
    backend: readStringOrNull(field(r, 'backend'), `run ${id} backend`),
    epochs: readArray(field(r, 'epochs'), `run ${id} epochs`).map(readEpochLog),
    progress: null,
    outcome: outcome === null ? null : readOutcome(outcome, id),
    error: readStringOrNull(field(r, 'error'), `run ${id} error`),
    remedyOf: remedyOf === null ? null : readInteger(remedyOf, `run ${id} remedy source`, 1),
  };
  if (origin !== undefined) record.origin = readChoice(origin, ['imported'] as const, `run ${id} origin`);
  return record;
}

/** A run history: ids distinct. */
export function readRunHistory(value: unknown): RunRecord[] {
  const runs = readArray(value, 'the run history').map(readRunRecord);
  if (new Set(runs.map((r) => r.id)).size !== runs.length) throw new InvalidDocument('the run history has two runs with the same id');
  return runs;
}

/** A run as stored: progress dropped (it belongs to a live run). */
export function storableRun(run: RunRecord): RunRecord {
  return { ...run, progress: null, status: run.status === 'running' ? 'stopped' : run.status };
}
