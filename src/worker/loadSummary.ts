import { columnBytes, type EventFrame } from '../frame/frame';
import { aggregate } from '../frame/query';
import type { CaptureSummary, LoadOutcome } from '../pipeline/captureSummary';

/** The Load section's summary of a frame. */
export function summarise(
  frame: EventFrame,
  load: Pick<LoadOutcome, 'files' | 'problems' | 'problemCount' | 'ignoredCount' | 'parents' | 'seconds' | 'truncated'>,
  version: number,
): CaptureSummary {
  const all = aggregate(frame, null, 0);
  let syntheticCount = 0;
  for (let row = 0; row < frame.length; row++) syntheticCount += frame.synthetic[row] ?? 0;
  return {
    events: frame.length,
    eventIdCounts: all.eventIdCounts,
    files: load.files,
    problems: load.problems,
    problemCount: load.problemCount,
    ignoredCount: load.ignoredCount,
    timeRange: all.timeRange,
    hosts: all.hosts.map((h) => h.value),
    uniqueNames: all.uniqueNames,
    uniqueFolders: all.uniqueFolders,
    parents: load.parents,
    labelCounts: all.byLabel,
    syntheticCount,
    columnBytes: columnBytes(frame),
    seconds: load.seconds,
    truncated: load.truncated,
    version,
  };
}
