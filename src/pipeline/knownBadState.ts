import { MISSING, Label, appendEvent, compactFrame, refreshCasings, type EventFrame } from '../frame/frame';
import { balanceIndices, type BalanceResult, type BalanceStrategy } from '../known-bad/balance';
import { toJsonl } from '../known-bad/exportJsonl';
import { generateKnownBad, type KnownBadSettings } from '../known-bad/generate';
import { matchIocs, parseIocCsv, type IocEntry, type IocProblem } from '../known-bad/iocCsv';
import { describeOverlap, timeOverlap, type OverlapDescription, type TimeOverlap } from '../known-bad/overlap';
import { captureProfile } from '../known-bad/profile';
import type { ActorSession } from '../known-bad/sessions';
import type { KnownBadEvent } from '../known-bad/types';

/** Source-file name given to generated rows. */
const GENERATED_SOURCE = 'generated known bad';

/** What the Known bad section shows. */
export interface KnownBadSummary {
  labelCounts: [number, number, number];
  syntheticCount: number;
  importedBadCount: number;
  generated: { counts: Record<string, number>; sessions: { id: number; label: string; startMs: number; endMs: number; host: string }[] } | null;
  iocs: { fileName: string; entries: number; problems: IocProblem[]; marked: number } | null;
  overlap: (OverlapDescription & { numbers: TimeOverlap }) | null;
  balance: { good: number; bad: number; total: number; ratioBad: number; strategy: BalanceStrategy } | null;
}

/** Known-bad state kept beside the frame in the data worker. */
export class KnownBadState {
  generated: KnownBadEvent[] = [];
  sessions: ActorSession[] = [];
  counts: Record<string, number> | null = null;
  iocs: { fileName: string; entries: IocEntry[]; problems: IocProblem[]; marked: number } | null = null;
  /** Frame rows chosen by balancing (process starts, labelled); null = all labelled starts. */
  balanced: { rows: Uint32Array; result: BalanceResult; ratioBad: number; strategy: BalanceStrategy } | null = null;

  /** Rows change (load, generate, import): balancing must be redone. */
  invalidate(): void {
    this.balanced = null;
  }
}

/** Imported (not generated) known-bad process starts, as examples the generator learns from. */
function importedExamples(frame: EventFrame, limit = 5000): KnownBadEvent[] {
  const examples: KnownBadEvent[] = [];
  const images = frame.images;
  for (let row = 0; row < frame.length && examples.length < limit; row++) {
    if (frame.eventId[row] !== 1 || frame.label[row] !== Label.KnownBad || frame.synthetic[row] === 1) continue;
    const parent = frame.parentImage[row] ?? MISSING;
    const pid = frame.processId[row] ?? MISSING;
    const ppid = frame.parentProcessId[row] ?? MISSING;
    examples.push({
      eventId: 1,
      timeMs: frame.timeMs[row] ?? Number.NaN,
      host: frame.hosts.value(frame.host[row] ?? 0),
      imageName: images.paths.value(frame.image[row] ?? 0),
      parentImage: parent === MISSING ? null : images.paths.value(parent),
      processId: pid === MISSING ? 0 : pid,
      parentProcessId: ppid === MISSING ? 0 : ppid,
      kind: 'imported',
      // Imported events from one source file count as one actor session.
      sessionId: frame.source[row] ?? 0,
      note: `imported from ${frame.sources.value(frame.source[row] ?? 0)}`,
    });
  }
  return examples;
}

/** Replaces earlier generated rows by a new generated set. */
export function generateIntoFrame(frame: EventFrame, state: KnownBadState, settings: KnownBadSettings): void {
  removeGenerated(frame);
  const run = generateKnownBad(captureProfile(frame), settings, importedExamples(frame));
  const sourceCode = frame.sources.code(GENERATED_SOURCE);
  for (const event of run.events) {
    appendEvent(
      frame,
      {
        eventId: 1,
        timeMs: event.timeMs,
        host: event.host,
        processId: event.processId,
        parentProcessId: event.parentProcessId,
        processSequence: -1,
        parentProcessSequence: -1,
        imageName: event.imageName,
        createTimeMs: event.timeMs,
        parentImage: event.parentImage,
      },
      { hostCode: frame.hosts.code(event.host), sourceCode, label: Label.KnownBad, isSynthetic: true },
    );
  }
  refreshCasings(frame);
  state.generated = run.events;
  state.sessions = run.sessions;
  state.counts = { ...run.counts };
  state.invalidate();
}

export function removeGenerated(frame: EventFrame): void {
  const keep = new Uint8Array(frame.length);
  let removed = 0;
  for (let row = 0; row < frame.length; row++) {
    if (frame.synthetic[row] === 1) removed++;
    else keep[row] = 1;
  }
  if (removed > 0) compactFrame(frame, keep);
}

/** Reads an IOC list; optionally labels matching capture events known bad. */
export function importIocList(frame: EventFrame, state: KnownBadState, fileName: string, text: string, markCapture: boolean): void {
  const parsed = parseIocCsv(text);
  let marked = 0;
  if (markCapture && parsed.entries.length > 0) {
    const images = frame.images;
    const matches = new Uint8Array(images.paths.size);
    for (let code = 0; code < images.paths.size; code++) {
      const hits = matchIocs(parsed.entries, images.names.key(images.name(code)), images.folders.key(images.folder(code)));
      if (hits.length > 0) matches[code] = 1;
    }
    for (let row = 0; row < frame.length; row++) {
      if (matches[frame.image[row] ?? 0] === 1 && frame.label[row] !== Label.KnownBad) {
        frame.label[row] = Label.KnownBad;
        marked++;
      }
    }
  }
  state.iocs = { fileName, entries: parsed.entries, problems: parsed.problems, marked };
  state.invalidate();
}

/** Balances labelled process starts to a share of known bad. */
export function balanceFrame(frame: EventFrame, state: KnownBadState, ratioBad: number, strategy: BalanceStrategy, seed: number): void {
  const rows: number[] = [];
  for (let row = 0; row < frame.length; row++) {
    if (frame.eventId[row] === 1 && frame.label[row] !== Label.Unlabelled) rows.push(row);
  }
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    labels[i] = frame.label[row] === Label.KnownBad ? 1 : 0;
  });
  const result = balanceIndices(labels, { ratioBad, seed, strategy });
  const selected = new Uint32Array(result.indices.length);
  result.indices.forEach((index, i) => {
    selected[i] = rows[index] ?? 0;
  });
  state.balanced = { rows: selected, result, ratioBad, strategy };
}

export function exportGenerated(state: KnownBadState): string {
  return toJsonl(state.generated);
}

/** The Known bad section's summary. */
export function knownBadSummary(frame: EventFrame, state: KnownBadState): KnownBadSummary {
  const labelCounts: [number, number, number] = [0, 0, 0];
  let syntheticCount = 0;
  let importedBadCount = 0;
  for (let row = 0; row < frame.length; row++) {
    if (frame.eventId[row] !== 1) continue;
    const label = Math.min(frame.label[row] ?? 0, 2);
    labelCounts[label] = (labelCounts[label] ?? 0) + 1;
    if (frame.synthetic[row] === 1) syntheticCount++;
    else if (label === Label.KnownBad) importedBadCount++;
  }
  let overlap: KnownBadSummary['overlap'] = null;
  // Times are gathered only when both classes exist, into arrays of their exact size: right
  // after a load (no known bad yet) this summary is one counting pass over the frame.
  if (labelCounts[1] > 0 && labelCounts[2] > 0) {
    const goodTimes = new Float64Array(labelCounts[1]);
    const badTimes = new Float64Array(labelCounts[2]);
    let good = 0;
    let bad = 0;
    for (let row = 0; row < frame.length; row++) {
      if (frame.eventId[row] !== 1) continue;
      const label = frame.label[row];
      const time = frame.timeMs[row] ?? Number.NaN;
      if (label === Label.KnownBad) badTimes[bad++] = time;
      else if (label === Label.KnownGood) goodTimes[good++] = time;
    }
    const numbers = timeOverlap(goodTimes, badTimes);
    overlap = { ...describeOverlap(numbers), numbers };
  }
  const balanced = state.balanced;
  return {
    labelCounts,
    syntheticCount,
    importedBadCount,
    generated: state.counts
      ? {
          counts: state.counts,
          sessions: state.sessions.map((s) => ({ id: s.id, label: s.label, startMs: s.startMs, endMs: s.endMs, host: s.host })),
        }
      : null,
    iocs: state.iocs
      ? { fileName: state.iocs.fileName, entries: state.iocs.entries.length, problems: state.iocs.problems.slice(0, 100), marked: state.iocs.marked }
      : null,
    overlap,
    balance: balanced
      ? { good: balanced.result.good, bad: balanced.result.bad, total: balanced.rows.length, ratioBad: balanced.ratioBad, strategy: balanced.strategy }
      : null,
  };
}
