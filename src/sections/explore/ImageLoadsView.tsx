import { useEffect, useId, useState } from 'react';
import type { FrameFilter } from '../../frame/query';
import { formatCount } from '../../lib/format';
import { useNotebook, useNotebookStore } from '../../store/store';
import type { CaptureSummary } from '../../worker/protocol';
import { UNUSUAL_FOLDER_RULE, type ImageLoadsSummary } from '../../pipeline/imageLoadsSummary';
import { errorMessage } from '../../lib/errorMessage';
import { SummaryTable } from '../../ui/SummaryTable';

type Fetched = { status: 'loading' } | { status: 'done'; summary: ImageLoadsSummary } | { status: 'error'; message: string };

/** Training targets: process starts (the seed's) or image loads. */
const TRAIN_TARGETS = [
  { id: 'starts', eventIds: [1], text: 'process starts' },
  { id: 'loads', eventIds: [5], text: 'image loads (name = DLL, folder = DLL folder, parent = loading process)' },
] as const;

/**
 * The "Image loads" view of Explore: most loaded DLLs and folders, DLLs from unusual folders,
 * and the load sets of the busiest loading processes. Counted in the data worker under the
 * Explore filter's hosts, labels and times.
 */
export function ImageLoadsView({ summary, filter, topN, revision }: { summary: CaptureSummary; filter: FrameFilter; topN: number; revision: number }) {
  const data = useNotebookStore().services.data;
  const headingId = useId();
  const loadCount = summary.eventIdCounts.find((c) => c.eventId === 5)?.count ?? 0;
  const [fetched, setFetched] = useState<Fetched>({ status: 'loading' });

  useEffect(() => {
    if (loadCount === 0) return;
    let isCurrent = true;
    setFetched({ status: 'loading' });
    data.request('imageLoads', { filter, topN }).then(
      (result) => {
        if (isCurrent) setFetched({ status: 'done', summary: result });
      },
      (error: unknown) => {
        if (isCurrent) setFetched({ status: 'error', message: errorMessage(error) });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [filter, topN, revision, loadCount, summary.version, data]);

  return (
    <section className="image-loads" role="region" aria-labelledby={headingId}>
      <h3 id={headingId}>Image loads</h3>
      {loadCount === 0 ? (
        <p className="muted">This capture has no image loads (ETW event 5, Sysmon event 7).</p>
      ) : (
        <>
          <p className="muted">
            DLLs loaded (ETW event 5, Sysmon event 7) under the hosts, classes, times and text filtered above; the event-type and name/folder filters do not
            apply here. {UNUSUAL_FOLDER_RULE}
          </p>
          {fetched.status === 'loading' ? (
            <p role="status" className="status-line">
              Counting image loads…
            </p>
          ) : null}
          {fetched.status === 'error' ? (
            <p role="alert" className="error-box">
              {fetched.message}
            </p>
          ) : null}
          {fetched.status === 'done' ? <ImageLoadTables summary={fetched.summary} /> : null}
        </>
      )}
      <TrainTarget />
    </section>
  );
}

/** "1 folder", "3 folders": a count with its noun agreeing. */
function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

function ImageLoadTables({ summary }: { summary: ImageLoadsSummary }) {
  return (
    <>
      <p role="status" className="status-line" data-testid="image-loads-status">
        {countOf(summary.loads, 'image load')} of {countOf(summary.distinctDlls, 'DLL name')} from {countOf(summary.distinctFolders, 'folder')} by{' '}
        {countOf(summary.loadingProcesses, 'process', 'processes')}; {formatCount(summary.unusualLoads)} from{' '}
        {summary.unusualLoads === 1 ? 'an unusual folder' : 'unusual folders'}; {formatCount(summary.unattributed)} with no known loading process.
      </p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 1.5rem', alignItems: 'flex-start' }}>
        <SummaryTable
          caption="Most loaded DLLs"
          isCompact
          rows={summary.topDlls}
          rowKey={(dll) => dll.name}
          columns={[
            { title: 'DLL', className: 'mono', cell: (dll) => dll.name },
            { title: 'Loads', isNumber: true, cell: (dll) => formatCount(dll.loads) },
            { title: 'Processes', isNumber: true, cell: (dll) => formatCount(dll.processes) },
          ]}
        />
        <SummaryTable
          caption="Most loaded DLL folders"
          isCompact
          rows={summary.topFolders}
          rowKey={(folder) => folder.folder}
          columns={[
            { title: 'Folder', className: 'mono', cell: (folder) => (folder.folder === '' ? '(no folder)' : folder.folder) },
            { title: 'Loads', isNumber: true, cell: (folder) => formatCount(folder.loads) },
            { title: 'Unusual', cell: (folder) => (folder.isUnusual ? 'unusual' : '') },
          ]}
        />
      </div>
      <SummaryTable
        caption="DLLs from unusual folders"
        isCompact
        rows={summary.unusualFolders}
        rowKey={(folder) => folder.folder}
        empty="No DLL was loaded from an unusual folder."
        columns={[
          { title: 'Folder', className: 'mono', cell: (folder) => folder.folder },
          { title: 'Loads', isNumber: true, cell: (folder) => formatCount(folder.loads) },
          { title: 'DLLs', className: 'mono', cell: (folder) => folder.dlls.join(', ') },
          { title: 'Loaded by', className: 'mono', cell: (folder) => (folder.processes.length === 0 ? '—' : folder.processes.join(', ')) },
        ]}
      />
      <SummaryTable
        caption="Load sets of the top loading processes"
        isCompact
        rows={summary.processes}
        rowKey={(process) => process.name}
        columns={[
          { title: 'Process', className: 'mono', cell: (process) => process.name },
          { title: 'Loads', isNumber: true, cell: (process) => formatCount(process.loads) },
          { title: 'DLLs', isNumber: true, cell: (process) => formatCount(process.dlls) },
          {
            title: 'Rarest DLLs (loaded by how many processes)',
            className: 'mono',
            cell: (process) => process.rarest.map((dll) => `${dll.name} (${dll.processes})`).join(', '),
          },
        ]}
      />
    </>
  );
}

/** Which events become training examples; the Features section reads the same setting. */
function TrainTarget() {
  const eventIds = useNotebook((s) => s.features.config.eventIds);
  const setFeaturesConfig = useNotebook((s) => s.setFeaturesConfig);
  const isRunning = useNotebook((s) => s.train.activeRunId !== null);
  const name = useId();
  const current = TRAIN_TARGETS.find((target) => target.eventIds.length === eventIds.length && target.eventIds.every((id, i) => eventIds[i] === id));
  return (
    <fieldset className="train-target" disabled={isRunning}>
      <legend>Train on</legend>
      {TRAIN_TARGETS.map((target) => (
        <label key={target.id} style={{ display: 'block' }}>
          <input type="radio" name={name} checked={current?.id === target.id} onChange={() => setFeaturesConfig({ eventIds: [...target.eventIds] })} />{' '}
          {target.text}
        </label>
      ))}
    </fieldset>
  );
}
