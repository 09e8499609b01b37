/** What a trained model says about examples: the test-split evaluation and the scoring of a whole table. */
import type * as tf from '@tensorflow/tfjs';
import { evaluateBaselines, rarityScores, type BaselineResult } from '../ml/baselines';
import type { FeatureSpec } from '../ml/features';
import { detectLeakage } from '../ml/leakage';
import { leakageCauses } from '../ml/leakageCauses';
import { classificationMetrics, prCurve, rocCurve } from '../ml/metrics';
import type { ModelKind } from '../ml/modelSettings';
import { chooseThreshold } from '../ml/threshold';
import { scoreRows } from '../ml/predict';
import { explainRows } from '../ml/explain';
import { rankEvents } from '../ml/rankEvents';
import type { ExampleTable, RowSplit } from '../ml/types';
import { ANOMALY_RARITY_BASELINE_NAME, type CurvePoints, type Evaluation, type ScoreOutcome, type TrainConfig } from './trainProtocol';

/** Thins a curve to at most `limit` points, always keeping the ends. */
export function thinCurve(x: ArrayLike<number>, y: ArrayLike<number>, limit = 400): CurvePoints {
  const n = x.length;
  const step = Math.max(1, Math.ceil(n / limit));
  const out: CurvePoints = { x: [], y: [] };
  for (let i = 0; i < n; i += step) {
    out.x.push(x[i] ?? 0);
    out.y.push(y[i] ?? 0);
  }
  if (n > 0 && (n - 1) % step !== 0) {
    out.x.push(x[n - 1] ?? 0);
    out.y.push(y[n - 1] ?? 0);
  }
  return out;
}

/** What a run's evaluation needs besides the rows it tested on: the split both kinds share and the model kind. */
export interface RunContext {
  /** The split before the model kind chose its rows (modelKindPlan.runSplit); the baselines train and test on it. */
  readonly baseSplit: RowSplit;
  readonly modelKind: ModelKind;
}

/** The rarity baseline on the anomaly model's own test rows (held-out rows plus every training known bad), so the two rank the same rows. */
function rarityOnRunRows(table: ExampleTable, split: RowSplit, testLabels: Uint8Array): BaselineResult {
  return {
    name: ANOMALY_RARITY_BASELINE_NAME,
    kind: 'rarity',
    metrics: classificationMetrics(rarityScores(table, split.train, split.test), testLabels, 0.5),
  };
}

/**
 * Metrics, curves, baselines, leakage checks and their causes of a model on the test rows of
 * `split` (the rows its kind tests on). The test metrics use the threshold chosen on the
 * validation rows, not a fixed 0.5.
 */
export function evaluateRun(
  model: tf.LayersModel,
  spec: FeatureSpec,
  table: ExampleTable,
  split: RowSplit,
  config: TrainConfig,
  context: RunContext = { baseSplit: split, modelKind: 'classifier' },
): Evaluation {
  const validationScores = scoreRows(model, spec, table, split.validation);
  const threshold = chooseThreshold(
    validationScores,
    Uint8Array.from(split.validation, (row) => table.label[row] ?? 0),
  );
  const testScores = scoreRows(model, spec, table, split.test);
  const testLabels = Uint8Array.from(split.test, (row) => table.label[row] ?? 0);
  const test = classificationMetrics(testScores, testLabels, threshold.threshold);
  const roc = rocCurve(testScores, testLabels);
  const pr = prCurve(testScores, testLabels);
  const activeColumns = spec.columns.map((c) => c.column);
  const baselines = evaluateBaselines(table, context.baseSplit, { columns: activeColumns });
  if (context.modelKind === 'anomaly' && baselines.some((baseline) => baseline.kind === 'rarity')) baselines.push(rarityOnRunRows(table, split, testLabels));
  const leakageInput = { table, split: context.baseSplit, testMetrics: test, baselines, activeColumns, splitKind: config.split };
  const leakage = detectLeakage(leakageInput);
  const causes = leakageCauses({ ...leakageInput, modelKind: context.modelKind });
  return {
    test,
    roc: thinCurve(roc.falsePositiveRate, roc.truePositiveRate),
    pr: thinCurve(pr.recall, pr.precision),
    testScores,
    testLabels,
    baselines,
    leakage,
    causes,
    threshold,
  };
}

/**
 * Scores every row of `table` with the model and explains the `topK` highest (ties ordered by
 * {@link rankEvents}: rarer name, rarer folder, earlier time, row); scores per day as
 * 100-bin histograms, and every row's score (for a scored capture's Parquet export).
 */
export function scoreRun(
  runId: number,
  model: tf.LayersModel,
  spec: FeatureSpec,
  table: ExampleTable,
  topK: number,
): { outcome: ScoreOutcome; scores: Float32Array } {
  const all = Uint32Array.from({ length: table.size }, (_, i) => i);
  const scores = scoreRows(model, spec, table, all);
  const top = rankEvents(scores, table, topK);
  const explanation = explainRows(model, spec, table, top);
  const ranked = Array.from(top, (index, i) => ({
    index,
    score: scores[index] ?? 0,
    contributions: explanation.contributions.map((c) => ({ column: c.column, delta: c.delta[i] ?? 0 })),
  }));
  const days = new Map<number, number[]>();
  for (let i = 0; i < table.size; i++) {
    const time = table.timeMs[i] ?? Number.NaN;
    if (!Number.isFinite(time)) continue;
    const day = Math.floor(time / 86_400_000) * 86_400_000;
    let bins = days.get(day);
    if (!bins) days.set(day, (bins = new Array<number>(100).fill(0)));
    const bin = Math.min(99, Math.floor((scores[i] ?? 0) * 100));
    bins[bin] = (bins[bin] ?? 0) + 1;
  }
  const outcome: ScoreOutcome = {
    runId,
    scored: table.size,
    ranked,
    days: [...days].sort((a, b) => a[0] - b[0]).map(([dayStartMs, bins]) => ({ dayStartMs, bins })),
  };
  return { outcome, scores };
}
