/**
 * The toolbar's notebook actions: notebook files out and in, model files out and in, and the
 * run report. Each reports its outcome through the store's notebook message.
 */
import { loadPlotly } from '../charts/plotly';
import { downloadBlob, downloadText } from '../lib/download';
import type { RunRecord } from '../store/trainSlice';
import type { NotebookStoreApi } from '../store/store';
import type { TrainOutcome } from '../worker/trainProtocol';
import type { RestoredCapture } from '../formats/settings';
import { STORES, clearStore } from '../lib/idb';
import { modelFiles, readModelFiles, type ModelBundle } from '../formats/modelFiles';
import { NOTEBOOK_EXTENSION, notebookDocument, notebookFileText, parseNotebookFile } from '../formats/notebookFile';
import { applyDocument } from './persistence';
import { attempt } from '../formats/read';
import { buildReportHtml, type ReportChart } from './report';
import { reportFigures } from './reportCharts';
import { errorMessage } from '../lib/errorMessage';

type Store = NotebookStoreApi;

function say(store: Store, text: string, isError = false): void {
  store.getState().setNotebookMessage({ isError, text });
}

function stamp(at: number): string {
  return new Date(at).toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

/** Downloads the notebook as a `*.etwlab.json` file, with the labelled capture when asked. */
export async function exportNotebook(store: Store, includeCapture: boolean): Promise<void> {
  try {
    const frame = includeCapture ? await store.services.data.request('captureSnapshot', {}) : null;
    const now = Date.now();
    const document = notebookDocument(store.getState(), frame, now);
    const name = `etwlab-notebook-${stamp(now)}${NOTEBOOK_EXTENSION}`;
    downloadText(name, notebookFileText(document), 'application/json');
    say(
      store,
      `Saved ${name}: settings and ${document.runs.length} run${document.runs.length === 1 ? '' : 's'}${frame ? `, with the capture (${frame.frame.length} events)` : ''}.`,
    );
  } catch (error) {
    say(store, `The notebook file was not made: ${errorMessage(error)}`, true);
  }
}

/**
 * Opens a notebook file: settings and run history as saved, and its capture when it carries one.
 * Its capture is the user's change of the capture like a file they open: it cancels a load still
 * running, and a capture opened after the notebook file was chosen wins over it.
 */
export async function importNotebook(store: Store, file: File): Promise<void> {
  const mark = store.getState().captureMark();
  const parsed = parseNotebookFile(await file.text());
  if (!parsed.ok) {
    say(store, parsed.error, true);
    return;
  }
  const document = parsed.document;
  try {
    let capture: RestoredCapture = { kind: 'none' };
    let isCaptureSuperseded = false;
    if (document.frame) {
      const summary = await store.getState().openSnapshotCapture(document.frame, file.name, mark);
      if (summary === null) isCaptureSuperseded = true;
      else capture = { kind: 'frame', summary, savedVersion: document.frame.dataVersion };
    }
    // The file's run ids replace this notebook's: models held under those ids belong to other runs.
    await Promise.all(store.getState().train.runs.map((run) => store.services.train.request('disposeRun', { runId: run.id }).catch(() => undefined)));
    await clearStore(STORES.models).catch(() => undefined);
    applyDocument(store, document, capture, true);
    const runs = document.runs.length;
    const withCapture = document.frame
      ? isCaptureSuperseded
        ? '; its capture was not opened, as you opened another capture after it'
        : ` with the capture (${document.frame.frame.length} events)`
      : '';
    say(
      store,
      `Opened ${file.name}: settings and ${runs} run${runs === 1 ? '' : 's'}${withCapture}. A notebook file holds no models: use Run all to train them again.`,
    );
  } catch (error) {
    say(store, `${file.name} could not be opened: ${errorMessage(error)}`, true);
  }
}

/** Downloads a run's model (standard layers), weights and feature specification. */
export async function exportModel(store: Store, runId: number): Promise<void> {
  const run = store.getState().train.runs.find((r) => r.id === runId);
  if (!run) return;
  try {
    const { artifacts, spec, config } = await store.services.train.request('exportPortableModel', { runId });
    const files = modelFiles(`etwlab-run-${runId}`, {
      artifacts,
      spec,
      config,
      outcome: run.outcome,
      label: run.label,
      ...(run.budget ? { budget: run.budget } : {}),
    });
    for (const file of files) downloadBlob(file.name, new Blob([file.data], { type: file.type }));
    say(store, `Saved the model of run ${runId}: ${files.map((f) => f.name).join(', ')}.`);
  } catch (error) {
    say(store, `The model of run ${runId} was not exported: ${errorMessage(error)}`, true);
  }
}

function importedOutcome(
  bundle: ModelBundle,
  runId: number,
  worker: { summary: TrainOutcome['summary']; inputWidth: number; backend: TrainOutcome['backend'] },
): TrainOutcome {
  const base: TrainOutcome = bundle.outcome ?? {
    runId,
    backend: worker.backend,
    history: [],
    stoppedBy: 'finished',
    nanMessage: null,
    summary: worker.summary,
    inputWidth: worker.inputWidth,
    activeColumns: bundle.spec.columns.map((c) => c.column),
    preview: { headers: [], rows: [] },
    splitCounts: { train: 0, validation: 0, test: 0, trainBad: 0, testBad: 0 },
    evaluation: null,
    examplesPerSecond: 0,
    seconds: 0,
  };
  return { ...base, runId, summary: worker.summary, inputWidth: worker.inputWidth };
}

/** Imports model files as a new run marked "imported" that can score captures. */
export async function importModel(store: Store, files: readonly File[]): Promise<void> {
  if (store.getState().train.activeRunId !== null) {
    say(store, 'Wait for the training run to finish before importing a model.', true);
    return;
  }
  const data = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  const read = attempt(() => readModelFiles(data));
  if (!read.ok) {
    say(store, `The model files cannot be imported: ${read.error}.`, true);
    return;
  }
  const bundle = read.value;
  const state = store.getState();
  const runId = state.reserveRunId();
  try {
    const loaded = await store.services.train.request(
      'importModel',
      { runId, artifacts: bundle.artifacts, spec: bundle.spec, config: bundle.config },
      { transfer: [bundle.artifacts.weightData] },
    );
    const outcome = importedOutcome(bundle, runId, loaded);
    const run: RunRecord = {
      id: runId,
      label: `Run ${runId} · imported (${bundle.label})`,
      config: bundle.config,
      dataVersion: store.getState().load.summary?.version ?? 0,
      examples: outcome.splitCounts.train + outcome.splitCounts.validation + outcome.splitCounts.test,
      startedAt: Date.now(),
      status: 'finished',
      backend: loaded.backend,
      epochs: outcome.history,
      progress: null,
      outcome,
      error: null,
      remedyOf: null,
      origin: 'imported',
      // The budget threshold travels with the model, so scoring here counts alerts per host per day at it.
      ...(bundle.budget ? { budget: bundle.budget } : {}),
    };
    store.getState().addRun(run);
    say(
      store,
      `Imported the model as run ${runId}${outcome.evaluation ? ' (with the held-out results of its training run)' : ''}: score a capture with it in Evaluate.`,
    );
  } catch (error) {
    say(store, `The model could not be imported: ${errorMessage(error)}`, true);
  }
}

/** Downloads a self-contained HTML report of a run. */
export async function downloadReport(store: Store, runId: number): Promise<void> {
  const state = store.getState();
  const run = state.train.runs.find((r) => r.id === runId);
  if (!run) return;
  try {
    const plotly = await loadPlotly();
    const charts: ReportChart[] = [];
    for (const { title, figure } of reportFigures(run)) {
      const svgDataUrl = await plotly.toImage(
        { data: figure.data, layout: { ...figure.layout, width: 960, height: 540 } },
        { format: 'svg', width: 960, height: 540 },
      );
      charts.push({ title, svgDataUrl });
    }
    const scored = state.evaluate.run.scored;
    const suspicious =
      scored && scored.runId === runId
        ? scored.outcome.ranked.flatMap((r, i) => {
            const event = scored.rows[i];
            return event ? [{ score: r.score, event }] : [];
          })
        : [];
    const summary = state.load.summary;
    const html = buildReportHtml({
      run,
      generatedAt: Date.now(),
      capture: summary ? { fileNames: summary.files.map((f) => f.name), events: summary.events } : null,
      knownBad: state.knownBad.config,
      charts,
      suspicious,
    });
    downloadText(`etwlab-report-run-${runId}.html`, html, 'text/html');
    say(store, `Saved the report of run ${runId}.`);
  } catch (error) {
    say(store, `The report was not made: ${errorMessage(error)}`, true);
  }
}
