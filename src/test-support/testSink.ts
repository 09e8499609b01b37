/** An IngestSink for tests that records every call in order. */
import type { IngestSink, LineProblem, NormalizedEvent } from '../ingest/types';

export interface RecordingSink {
  readonly sink: IngestSink;
  readonly events: NormalizedEvent[];
  readonly problems: LineProblem[];
  readonly ignoredReasons: string[];
  readonly progressCalls: number[];
}

/** Records events, problems, ignored reasons and progress calls. */
export function recordingSink(): RecordingSink {
  const events: NormalizedEvent[] = [];
  const problems: LineProblem[] = [];
  const ignoredReasons: string[] = [];
  const progressCalls: number[] = [];
  const sink: IngestSink = {
    event: (event) => events.push(event),
    problem: (problem) => problems.push(problem),
    ignored: (reason) => ignoredReasons.push(reason),
    progress: (bytesRead) => progressCalls.push(bytesRead),
  };
  return { sink, events, problems, ignoredReasons, progressCalls };
}
