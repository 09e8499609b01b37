import { useId } from 'react';
import { Section } from '../../ui/Section';
import { formatCount } from '../../lib/format';
import { useNotebook } from '../../store/store';
import type { RunRecord } from '../../store/trainSlice';
import { modelKindOf } from '../../ml/modelSettings';
import { evaluateStatus, isEvaluated, runCauses, selectedRun } from './evaluateView';
import { LeakageAlarm } from './LeakageAlarm';
import { formatMetric, SPLIT_NAMES } from './metricRows';
import { MetricsTable } from './MetricsTable';
import { RunComparison } from './RunComparison';
import { ScoredCaptureView } from './ScoredCapture';
import { ThresholdPanel } from './ThresholdPanel';
import { AlertBudgetPanel } from './AlertBudgetPanel';
import './evaluate.css';

function progressText(run: RunRecord): string {
  const progress = run.progress;
  if (!progress) return `Training ${run.label}…`;
  const epoch = progress.epochs > 0 && progress.epoch > 0 ? `, epoch ${progress.epoch} of ${progress.epochs}` : '';
  return `Training ${run.label}: ${progress.phase}${epoch}…`;
}

/** Cell 6: held-out metrics against baselines, the leakage alarm and its remedies, and the capture ranked by score. */
export function EvaluateSection() {
  const runs = useNotebook((s) => s.train.runs);
  const activeRunId = useNotebook((s) => s.train.activeRunId);
  const captureVersion = useNotebook((s) => s.load.summary?.version ?? null);
  const config = useNotebook((s) => s.evaluate.config);
  const scoreRun = useNotebook((s) => s.evaluate.run);
  const setConfig = useNotebook((s) => s.setEvaluateConfig);
  const scoreCapture = useNotebook((s) => s.scoreCapture);
  const applyRemedy = useNotebook((s) => s.applyRemedy);
  const selectId = useId();

  const run = selectedRun(runs, config.runId);
  const activeRun = runs.find((candidate) => candidate.id === activeRunId);
  const isScoring = scoreRun.status === 'running';
  const scored = run !== undefined && scoreRun.scored?.runId === run.id ? scoreRun.scored : null;
  const { status, note } = evaluateStatus({
    captureVersion,
    run,
    activeRun,
    isScoring,
    scoreError: scoreRun.status === 'error' ? scoreRun.error : null,
    isScored: scored !== null && scored.dataVersion === captureVersion,
  });
  const evaluatedRuns = runs.filter(isEvaluated);
  const latest = evaluatedRuns.at(-1);
  const isTraining = activeRunId !== null;

  const statusLine = activeRun
    ? progressText(activeRun)
    : isScoring
      ? 'Scoring every event of the capture…'
      : scored
        ? `Scored ${formatCount(scored.outcome.scored)} events with run ${scored.runId}.`
        : run
          ? `Showing run ${run.id}.`
          : '';

  return (
    <Section id="evaluate" number={6} title="Evaluate" status={status} statusNote={note}>
      {run === undefined ? (
        <p className="muted">
          {captureVersion === null
            ? 'Open a capture, add known bad and train a model: its held-out results appear here.'
            : 'Train a model in the Train section: its held-out results, a leakage check and the capture ranked by score appear here.'}
        </p>
      ) : (
        <>
          <div className="row evaluate-picker">
            <label htmlFor={selectId}>Run shown</label>
            <select
              id={selectId}
              value={config.runId === null || config.runId !== run.id ? '' : String(run.id)}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setConfig({ runId: value === '' ? null : Number(value) });
              }}
            >
              <option value="">Latest ({latest?.label ?? 'none'})</option>
              {evaluatedRuns.map((candidate) => (
                <option key={candidate.id} value={String(candidate.id)}>
                  {candidate.label}
                </option>
              ))}
            </select>
          </div>

          <p className="evaluate-lead">
            These numbers come from test rows the network never saw while training. A near-perfect score on process telemetry is a warning, not a win: first
            check whether a one-column baseline such as <em>hour only</em> does as well — then the model learned <em>when</em> the known bad was captured, not
            what it looks like.
          </p>
          <p className="split-line">
            Split: <strong>{SPLIT_NAMES[run.config.split]}</strong> — {formatCount(run.outcome.splitCounts.train)} train,{' '}
            {formatCount(run.outcome.splitCounts.validation)} validation, {formatCount(run.outcome.splitCounts.test)} test rows (
            {formatCount(run.outcome.splitCounts.testBad)} known bad in test). Change it in the Train section, or use a remedy below.{' '}
            {modelKindOf(run.config.model) === 'anomaly' ? 'Anomaly model' : 'Network'} test ROC AUC:{' '}
            <strong>{formatMetric(run.outcome.evaluation.test.rocAuc)}</strong>.
          </p>
          {status === 'stale' ? <p className="warning-box">Stale: {note}</p> : null}

          <h3>Leakage check</h3>
          <LeakageAlarm causes={runCauses(run.outcome.evaluation)} isBusy={isTraining} onRemedy={(remedy) => void applyRemedy(run.id, remedy)} />

          <h3>Held-out metrics</h3>
          <MetricsTable evaluation={run.outcome.evaluation} modelKind={modelKindOf(run.config.model)} />
          <ThresholdPanel evaluation={run.outcome.evaluation} threshold={config.threshold} onThreshold={(threshold) => setConfig({ threshold })} />

          <h3>Alert budget</h3>
          <AlertBudgetPanel runId={run.id} budget={run.budget} isBusy={isTraining} />

          <h3>Runs side by side</h3>
          <RunComparison runs={runs} compareRunIds={config.compareRunIds} onCompare={(compareRunIds) => setConfig({ compareRunIds })} />

          <h3>Score the capture</h3>
          <div className="row">
            <button type="button" className="primary" disabled={isScoring || isTraining || captureVersion === null} onClick={() => void scoreCapture(run.id)}>
              Score the capture
            </button>
            <span className="muted">
              Scores every event with run {run.id}, counts the alerts per day at the threshold and explains the {config.topK} most suspicious.
            </span>
          </div>
        </>
      )}
      <p role="status" className="status-line" data-testid="evaluate-status">
        {statusLine}
      </p>
      {scoreRun.status === 'error' && scoreRun.error ? <p className="error-box">Scoring failed: {scoreRun.error}</p> : null}
      {scored ? <ScoredCaptureView scored={scored} threshold={config.threshold} captureVersion={captureVersion} /> : null}
    </Section>
  );
}
