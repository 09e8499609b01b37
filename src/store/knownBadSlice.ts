import type { StateCreator } from 'zustand';
import type { NotebookServices } from './workerClient';
import type { KnownBadResult, KnownBadSummary } from '../worker/protocol';
import type { NotebookState, SectionStatus } from './types';
export { DEFAULT_KNOWN_BAD_CONFIG, type KnownBadConfig } from '../formats/settings';
import { DEFAULT_KNOWN_BAD_CONFIG, type GenerateSettings, type KnownBadConfig } from '../formats/settings';
import { errorMessage } from '../lib/errorMessage';
import { realKnownBadSample } from '../known-bad/realSamples';

export interface KnownBadRun {
  status: SectionStatus;
  summary: KnownBadSummary | null;
  /** What is running, for the status line. */
  busy: string | null;
  error: string | null;
  /** The last action's outcome, in words. */
  message: string | null;
}

export interface KnownBadSlice {
  knownBad: { config: KnownBadConfig; run: KnownBadRun };
  setKnownBadConfig: (patch: Partial<KnownBadConfig>) => void;
  setGeneratorSettings: (patch: Partial<GenerateSettings>) => void;
  importKnownBad: (files: File[]) => Promise<void>;
  /** Fetches a shipped real known-bad sample (realSamples.ts) from the app's own origin and imports it like a chosen file. */
  importRealSample: (id: string) => Promise<void>;
  generateKnownBad: () => Promise<void>;
  clearGenerated: () => Promise<void>;
  balanceClasses: () => Promise<void>;
  /** The generated events as JSON Lines, for download. */
  exportGenerated: () => Promise<{ jsonl: string; events: number }>;
  refreshKnownBad: () => Promise<void>;
  /** The data worker died with the capture and its known bad. */
  knownBadLost: () => void;
}

/** An IOC list is a CSV whose header names `name` and `path` columns (not a capture export). */
export async function isIocList(file: File): Promise<boolean> {
  const head = (await file.slice(0, 4096).text()).replace(/^\uFEFF/, '');
  const header = (head.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
  const columns = header.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  return columns.includes('name') && columns.includes('path') && !columns.includes('system') && !columns.includes('eventdata');
}

export const createKnownBadSlice =
  (services: NotebookServices): StateCreator<NotebookState, [], [], KnownBadSlice> =>
  (set, get) => {
    const run = async (busy: string, action: () => Promise<KnownBadResult>, message: (r: KnownBadResult) => string): Promise<void> => {
      set((s) => ({ knownBad: { ...s.knownBad, run: { ...s.knownBad.run, status: 'running', busy, error: null } } }));
      try {
        const result = await action();
        set((s) => ({
          knownBad: { ...s.knownBad, run: { status: 'done', summary: result.knownBad, busy: null, error: null, message: message(result) } },
        }));
        get().setCaptureSummary(result.capture);
        get().captureChanged('changed');
      } catch (error) {
        set((s) => ({
          knownBad: { ...s.knownBad, run: { ...s.knownBad.run, status: 'error', busy: null, error: errorMessage(error) } },
        }));
      }
    };
    return {
      knownBad: { config: DEFAULT_KNOWN_BAD_CONFIG, run: { status: 'empty', summary: null, busy: null, error: null, message: null } },
      setKnownBadConfig(patch) {
        set((s) => ({ knownBad: { ...s.knownBad, config: { ...s.knownBad.config, ...patch } } }));
      },
      setGeneratorSettings(patch) {
        set((s) => ({ knownBad: { ...s.knownBad, config: { ...s.knownBad.config, generator: { ...s.knownBad.config.generator, ...patch } } } }));
      },
      async importKnownBad(files) {
        const iocFiles: File[] = [];
        const captures: File[] = [];
        for (const file of files) ((await isIocList(file)) ? iocFiles : captures).push(file);
        const mark = get().knownBad.config.markCaptureWithIocs;
        for (const file of iocFiles) {
          await run(
            `Reading IOC list ${file.name}…`,
            () => services.data.request('importIocs', { file, markCapture: mark }),
            (r) =>
              `Read ${r.knownBad.iocs?.entries ?? 0} IOC entries from ${file.name}` +
              (mark ? `; marked ${r.knownBad.iocs?.marked ?? 0} capture events known bad` : '') +
              ((r.knownBad.iocs?.problems.length ?? 0) > 0 ? `; skipped ${r.knownBad.iocs?.problems.length} lines` : ''),
          );
        }
        if (captures.length > 0) {
          await run(
            `Importing ${captures.map((f) => f.name).join(', ')}…`,
            () => services.data.request('importKnownBad', { files: captures }),
            (r) => `Imported known-bad events from ${captures.map((f) => f.name).join(', ')}: ${r.knownBad.importedBadCount} known-bad process starts in all`,
          );
        }
      },
      async importRealSample(id) {
        const sample = realKnownBadSample(id);
        if (!sample) return;
        try {
          const response = await fetch(sample.path);
          if (!response.ok) throw new Error(`The sample ${sample.fileName} is missing from the app (${response.status}).`);
          const blob = await response.blob();
          await get().importKnownBad([new File([blob], sample.fileName, { type: 'application/jsonl' })]);
        } catch (error) {
          set((s) => ({ knownBad: { ...s.knownBad, run: { ...s.knownBad.run, status: 'error', busy: null, error: errorMessage(error) } } }));
        }
      },
      async generateKnownBad() {
        const settings = get().knownBad.config.generator;
        await run(
          'Generating known bad…',
          () => services.data.request('generateKnownBad', { settings }),
          (r) => `Generated ${r.knownBad.syntheticCount} known-bad events in ${r.knownBad.generated?.sessions.length ?? 0} sessions (seed ${settings.seed})`,
        );
      },
      async clearGenerated() {
        await run(
          'Removing generated events…',
          () => services.data.request('clearGenerated', {}),
          () => 'Removed the generated events',
        );
      },
      async balanceClasses() {
        const balance = get().knownBad.config.balance;
        await run(
          'Balancing…',
          () => services.data.request('balance', balance),
          (r) => `Balanced to ${r.knownBad.balance?.good ?? 0} known good and ${r.knownBad.balance?.bad ?? 0} known bad`,
        );
      },
      exportGenerated() {
        return services.data.request('exportGenerated', {});
      },
      async refreshKnownBad() {
        if (!get().load.summary) return;
        try {
          const summary = await services.data.request('knownBadSummary', {});
          set((s) => ({
            knownBad: {
              ...s.knownBad,
              run: { ...s.knownBad.run, summary, status: s.knownBad.run.status === 'running' ? 'running' : summary.labelCounts[2] > 0 ? 'done' : 'ready' },
            },
          }));
        } catch {
          // A summary is informative only; the next action reports errors.
        }
      },
      knownBadLost() {
        set((s) => ({ knownBad: { ...s.knownBad, run: { ...s.knownBad.run, status: 'empty', summary: null } } }));
      },
    };
  };
