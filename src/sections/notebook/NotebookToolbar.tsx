import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatBytes, formatCount } from '../../lib/format';
import { FileButton } from '../../ui/FileButton';
import { useNotebook, useNotebookStore } from '../../store/store';
import { downloadReport, exportModel, exportNotebook, importModel, importNotebook } from '../../actions/notebookActions';
import { NOTEBOOK_EXTENSION } from '../../formats/notebookFile';
import type { ParquetExport } from '../../store/loadSlice';
import { storageUse, type StorageUse } from '../../lib/idb';
import './notebook.css';

/** Runs that hold a model: finished or stopped with an outcome. */
function useModelRuns(): { id: number; label: string }[] {
  // Arrays of primitives, so the shallow comparison sees equal selections as equal.
  const ids = useNotebook(useShallow((s) => s.train.runs.filter((r) => r.outcome !== null && r.status !== 'failed').map((r) => r.id)));
  const labels = useNotebook(useShallow((s) => s.train.runs.filter((r) => r.outcome !== null && r.status !== 'failed').map((r) => r.label)));
  return ids.map((id, i) => ({ id, label: labels[i] ?? `Run ${id}` }));
}

/** What "Export Parquet" writes, as the toolbar's choice names it. */
type ParquetChoice = 'capture' | 'training-set';
/** This origin's storage use, read at first and after each save; persistence is asked for once. */
function useStorageUse(savedAt: number | null, status: string): StorageUse | null {
  const [use, setUse] = useState<StorageUse | null>(null);
  const hasAsked = useRef(false);
  useEffect(() => {
    let isCurrent = true;
    void storageUse(!hasAsked.current).then((next) => {
      if (isCurrent) setUse(next);
    });
    hasAsked.current = true;
    return () => {
      isCurrent = false;
    };
  }, [savedAt, status]);
  return use;
}

/** Usage and quota in words, e.g. "12.3 MB of 1.2 GB used, kept under storage pressure". */
export function storageUseText(use: StorageUse | null): string {
  if (use === null || use.usage === null || use.quota === null) return 'Browser storage: usage unknown';
  const persisted =
    use.isPersisted === true ? 'kept under storage pressure' : use.isPersisted === false ? 'the browser may clear it under storage pressure' : '';
  return `Browser storage: ${formatBytes(use.usage)} of ${formatBytes(use.quota)} used${persisted ? `, ${persisted}` : ''}`;
}

/**
 * The notebook's own controls: Run all, notebook files, model files, the run report, presenter
 * mode, Parquet files of the capture or of a run's training set, and the autosave limit, with one status line for what they did.
 */
export function NotebookToolbar() {
  const runFrom = useNotebook((s) => s.runFrom);
  const pipeline = useNotebook((s) => s.notebook.pipeline);
  const message = useNotebook((s) => s.notebook.message);
  const save = useNotebook((s) => s.notebook.save);
  const maxSavedEvents = useNotebook((s) => s.notebook.maxSavedEvents);
  const setMaxSavedEvents = useNotebook((s) => s.setMaxSavedEvents);
  const present = useNotebook((s) => s.present);
  const exportParquet = useNotebook((s) => s.exportParquet);
  const isTraining = useNotebook((s) => s.train.activeRunId !== null);
  const hasCapture = useNotebook((s) => s.load.summary !== null);
  const runs = useModelRuns();
  const storage = useStorageUse(save.savedAt, save.status);
  const [chosenRunId, setChosenRunId] = useState<number | null>(null);
  const [includeCapture, setIncludeCapture] = useState(false);
  const [parquetChoice, setParquetChoice] = useState<ParquetChoice>('capture');
  const [isWorking, setWorking] = useState(false);
  const ids = { run: useId(), limit: useId(), limitHint: useId(), capture: useId(), parquet: useId() };
  const runId = runs.some((r) => r.id === chosenRunId) ? chosenRunId : (runs.at(-1)?.id ?? null);
  const isBusy = pipeline !== null || isTraining || isWorking;
  const work = async (action: () => Promise<void>): Promise<void> => {
    setWorking(true);
    try {
      await action();
    } finally {
      setWorking(false);
    }
  };
  const store = useNotebookStore();
  // The training set needs a trained run; without one the choice falls back to the capture.
  const parquetWhat: ParquetExport = parquetChoice === 'training-set' && runId !== null ? { kind: 'training-set', runId } : { kind: 'capture' };

  return (
    <section className="notebook-toolbar" aria-label="Notebook tools">
      <div className="row">
        <button type="button" className="primary" disabled={isBusy} onClick={() => void runFrom('load')}>
          Run all
        </button>
        <button type="button" disabled={isBusy} onClick={() => void work(() => exportNotebook(store, includeCapture && hasCapture))}>
          Export notebook
        </button>
        <label className="inline" htmlFor={ids.capture}>
          <input id={ids.capture} type="checkbox" checked={includeCapture} onChange={(e) => setIncludeCapture(e.currentTarget.checked)} /> with the labelled
          capture
        </label>
        <FileButton
          label="Import notebook"
          isMultiple={false}
          isDisabled={isBusy}
          accept={`${NOTEBOOK_EXTENSION},.json,application/json`}
          onFiles={(files) => {
            const file = files[0];
            if (file) void work(() => importNotebook(store, file));
          }}
        />
        <button type="button" onClick={() => present(0)}>
          Present
        </button>
      </div>
      <div className="row">
        {/* A label stays on the line of its control when the toolbar wraps. */}
        <span className="field-pair">
          <label htmlFor={ids.run}>Run to export</label>
          <select
            id={ids.run}
            value={runId === null ? '' : String(runId)}
            disabled={runs.length === 0}
            onChange={(e) => setChosenRunId(Number(e.currentTarget.value))}
          >
            {runs.length === 0 ? <option value="">No trained run yet</option> : null}
            {runs.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {r.label}
              </option>
            ))}
          </select>
        </span>
        <button type="button" disabled={runId === null || isBusy} onClick={() => runId !== null && void work(() => exportModel(store, runId))}>
          Export model
        </button>
        <button type="button" disabled={runId === null || isBusy} onClick={() => runId !== null && void work(() => downloadReport(store, runId))}>
          Report
        </button>
        <span className="field-pair">
          <label htmlFor={ids.parquet}>Parquet of</label>
          <select
            id={ids.parquet}
            value={parquetWhat.kind}
            onChange={(e) => setParquetChoice(e.currentTarget.value === 'training-set' ? 'training-set' : 'capture')}
          >
            <option value="capture">the capture (one row per event, scores when scored)</option>
            <option value="training-set" disabled={runId === null}>
              the training set of the run to export
            </option>
          </select>
        </span>
        <button type="button" disabled={!hasCapture || isBusy} onClick={() => void work(() => exportParquet(parquetWhat))}>
          Export Parquet
        </button>
        <FileButton
          label="Import model"
          isDisabled={isBusy}
          accept=".json,.bin,application/json,application/octet-stream"
          onFiles={(files) => void work(() => importModel(store, files))}
        />
        {/* One control that never splits across the toolbar's lines: label, field and unit kept
            together in a group, the explanation attached to the field as its description. */}
        <span className="autosave-setting" role="group" aria-label="Autosave size">
          <label htmlFor={ids.limit}>Autosave captures up to</label>
          <input
            id={ids.limit}
            type="number"
            min={0}
            step={100000}
            value={maxSavedEvents}
            className="autosave-limit"
            aria-describedby={ids.limitHint}
            onChange={(e) => {
              const value = Number(e.currentTarget.value);
              if (Number.isInteger(value) && value >= 0) setMaxSavedEvents(value);
            }}
          />
          <span>events</span>
          <span id={ids.limitHint} className="muted autosave-hint" data-testid="autosave-limit-hint">
            ({formatCount(maxSavedEvents)}; a larger capture keeps only its summary)
          </span>
        </span>
        <span className="muted" data-testid="storage-use">
          {storageUseText(storage)}
        </span>
      </div>
      <p role="status" className="status-line" data-testid="notebook-status">
        {pipeline ?? (message && !message.isError ? message.text : '')}
      </p>
      <p className="muted autosave-line" data-testid="autosave-status">
        {save.status === 'saving'
          ? 'Saving in this browser…'
          : save.status === 'saved' && save.savedAt !== null
            ? `Saved in this browser at ${new Date(save.savedAt).toLocaleTimeString('en-GB')}.`
            : ''}
      </p>
      {message?.isError ? (
        <p role="alert" className="error-box" data-testid="notebook-error">
          {message.text}
        </p>
      ) : null}
      {save.status === 'error' && save.error ? (
        <p role="alert" className="warning-box" data-testid="autosave-error">
          {save.error}
        </p>
      ) : null}
    </section>
  );
}
