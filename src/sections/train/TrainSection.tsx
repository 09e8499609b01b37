import { Section } from '../../ui/Section';
import { useNotebook } from '../../store/store';
import { trainStatus } from '../../store/trainSlice';
import { BackendPanel } from './BackendPanel';
import { CopyLinkButton } from './CopyLinkButton';
import { LOSS_CHART, METRICS_CHART } from './curves';
import { LiveCurveChart } from './LiveCurveChart';
import { ModelSettingsForm } from './ModelSettingsForm';
import { ModelSummaryTable } from './ModelSummaryTable';
import { RunHistory } from './RunHistory';
import { trainingShareNote } from './shareNote';
import { TrainStatusLine } from './TrainStatusLine';
import { useUrlState } from './useUrlState';
import './train.css';

/**
 * Cell 5: the network and every knob, Train and Stop, live curves, the backend, the model
 * summary and the run history. Each part selects only what it shows, so the training events
 * re-render the status line and little else.
 */
export function TrainSection() {
  const status = useNotebook((s) => trainStatus(s).status);
  const note = useNotebook((s) => trainStatus(s).note);
  const isRunning = useNotebook((s) => s.train.activeRunId !== null);
  const latestRunId = useNotebook((s) => s.train.runs.at(-1)?.id ?? null);
  const latestEpochs = useNotebook((s) => s.train.runs.at(-1)?.config.model.epochs ?? 0);
  const startTraining = useNotebook((s) => s.startTraining);
  const stopTraining = useNotebook((s) => s.stopTraining);
  const urlWarning = useUrlState();
  const knownBadSummary = useNotebook((s) => s.knownBad.run.summary);
  const useBalance = useNotebook((s) => s.features.config.useBalance);
  const shareNote = trainingShareNote(knownBadSummary, useBalance);
  const canTrain = !isRunning && status !== 'empty';

  return (
    <Section id="train" number={5} title="Train" status={status} statusNote={note}>
      {urlWarning ? (
        <p role="alert" className="warning-box">
          {urlWarning}
        </p>
      ) : null}
      {shareNote?.isSmall === true ? (
        <p className="warning-box" data-testid="known-bad-share-note">
          {shareNote.note}
        </p>
      ) : null}
      <ModelSettingsForm disabled={isRunning} />
      <div className="row train-actions">
        <button type="button" className="primary" onClick={() => void startTraining()} disabled={!canTrain}>
          Train
        </button>
        <button type="button" onClick={stopTraining} disabled={!isRunning}>
          Stop
        </button>
        <CopyLinkButton />
      </div>
      <TrainStatusLine />
      <BackendPanel />
      {latestRunId === null ? (
        <p className="muted">The loss and metric curves draw here, epoch by epoch, once a run starts.</p>
      ) : (
        <div className="chart-grid train-charts">
          <LiveCurveChart key={`loss-${latestRunId}`} spec={LOSS_CHART} runId={latestRunId} epochs={latestEpochs} />
          <LiveCurveChart key={`metrics-${latestRunId}`} spec={METRICS_CHART} runId={latestRunId} epochs={latestEpochs} />
        </div>
      )}
      <ModelSummaryTable />
      <RunHistory />
    </Section>
  );
}
