import { describe, expect, it } from 'vitest';
import { Label, appendEvent, emptyFrame } from '../frame/frame';
import type { ParentResolution } from '../enrich/parents';
import { EventId } from '../ingest/types';
import { aggregate } from '../frame/query';
import { seededRandom } from '../lib/random';
import { summarise } from './loadSummary';

const PARENTS: ParentResolution = { startsWithParent: 0, resolvedBySequence: 0, resolvedByTime: 0, unresolved: 0, stopsCompleted: 0, imageLoadsAttributed: 0 };
const LOAD = { files: [], problems: [], problemCount: 0, ignoredCount: 0, parents: PARENTS, seconds: 1, truncated: null };
const LABELS = [Label.Unlabelled, Label.KnownGood, Label.KnownBad] as const;
const EVENT_IDS = Object.values(EventId);

/** A frame of mixed events: hosts with tied counts, names repeated across folders (differing in case), every label, synthetic rows. */
function mixedFrame(rows: number, seed: number) {
  const random = seededRandom(seed);
  const frame = emptyFrame(16);
  const sourceCode = frame.sources.code('mixed.jsonl');
  const hosts = ['beta', 'alpha', 'gamma', 'Delta'];
  const paths = ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\SysWOW64\\CMD.EXE', 'C:\\Temp\\evil.exe', 'D:\\tools\\cmd.exe', ''];
  for (let i = 0; i < rows; i++) {
    const eventId = random.pick(EVENT_IDS);
    const host = random.pick(hosts);
    appendEvent(
      frame,
      {
        eventId,
        timeMs: Date.UTC(2026, 0, 1) + random.int(1e9),
        host,
        processId: i,
        parentProcessId: -1,
        processSequence: -1,
        parentProcessSequence: -1,
        imageName: random.pick(paths),
        createTimeMs: Number.NaN,
        parentImage: null,
      },
      { hostCode: frame.hosts.code(host), sourceCode, label: random.pick(LABELS), isSynthetic: random.next() < 0.2 },
    );
  }
  return frame;
}

describe('summarise', () => {
  it.each([0, 1, 7, 500])('counts %i rows as Explore aggregates them', (rows) => {
    const frame = mixedFrame(rows, rows + 1);
    const all = aggregate(frame, null, 0);
    let synthetic = 0;
    for (let row = 0; row < frame.length; row++) synthetic += frame.synthetic[row] ?? 0;
    const summary = summarise(frame, LOAD, 3);
    expect(summary).toMatchObject({
      events: rows,
      eventIdCounts: all.eventIdCounts,
      timeRange: all.timeRange,
      hosts: all.hosts.map((h) => h.value),
      uniqueNames: all.uniqueNames,
      uniqueFolders: all.uniqueFolders,
      labelCounts: all.byLabel,
      syntheticCount: synthetic,
      version: 3,
    });
  });
});
