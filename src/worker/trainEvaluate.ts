/** What a trained model says about examples: the test-split evaluation and the scoring of a whole table. */
import type * as tf from '@tensorflow/tfjs';
import { evaluateBaselines } from '../ml/baselines';
import type { FeatureSpec } from '../ml/features';
import { detectLeakage } from '../ml/leakage';
import { classificationMetrics, prCurve, rocCurve } from '../ml/metrics';
import { scoreRows } from '../ml/predict';
import { explainRows } from '../ml/explain';
import type { ExampleTable, RowSplit } from '../ml/types';
import type { CurvePoints, Evaluation, ScoreOutcome, TrainConfig } from './trainProtocol';

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

/** Metrics, curves, baselines and leakage checks of a model on the test split. */
export function evaluateRun(model: tf.LayersModel, spec: FeatureSpec, table: ExampleTable, split: RowSplit, config: TrainConfig): Evaluation {
  const testScores = scoreRows(model, spec, table, split.test);
  const testLabels = Uint8Array.from(split.test, (row) => table.label[row] ?? 0);
  const test = classificationMetrics(testScores, testLabels, 0.5);
  const roc = rocCurve(testScores, testLabels);
  const pr = prCurve(testScores, testLabels);
  const activeColumns = spec.columns.map((c) => c.column);
  const baselines = evaluateBaselines(table, split, { columns: activeColumns });
  const leakage = detectLeakage({ table, split, testMetrics: test, baselines, activeColumns, splitKind: config.split });
  return {
    test,
    roc: thinCurve(roc.falsePositiveRate, roc.truePositiveRate),
    pr: thinCurve(pr.recall, pr.precision),
    testScores,
    testLabels,
    baselines,
    leakage,
  };
}

/** Scores every row of `table` with the model and explains the `topK` highest; scores per day as 100-bin histograms. The raw scores stay in the worker. */
export function scoreRun(
  runId: number,
  model: tf.LayersModel,
  spec: FeatureSpec,
  table: ExampleTable,
  topK: number,
): { outcome: ScoreOutcome; scores: Float32Array } {
  const all = Uint32Array.from({ length: table.size }, (_, i) => i);
  const scores = scoreRows(model, spec, table, all);
  const order = Array.from(all).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
  const top = Uint32Array.from(order.slice(0, topK));
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
  const outcome = {
    runId,
    scored: table.size,
    ranked,
    days: [...days].sort((a, b) => a[0] - b[0]).map(([dayStartMs, bins]) => ({ dayStartMs, bins })),
  };
  return { outcome, scores };
}
