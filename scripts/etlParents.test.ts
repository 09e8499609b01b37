import { describe, expect, it } from 'vitest';
import { generateRows } from './captureModel.mjs';
import { Label, MISSING, appendEvent, emptyFrame, type EventFrame } from '../src/frame/frame';
import { readCapture } from '../src/ingest/readCapture';
import type { NormalizedEvent } from '../src/ingest/types';
import { sourceFromText } from '../src/test-support/testSources';
import { resolveParents } from '../src/enrich/parents';
import { StreamingParentResolver } from '../src/enrich/streamingParents';

async function eventsOf(events: number, seed: number): Promise<NormalizedEvent[]> {
  let text = '';
  for (const row of generateRows({ events, seed, days: 1 })) text += `${JSON.stringify(row)}\n`;
  const read: NormalizedEvent[] = [];
  await readCapture(sourceFromText(text), {
    event: (event) => read.push(event),
    problem: () => undefined,
    ignored: () => undefined,
    progress: () => undefined,
  });
  return read;
}

function frameOf(events: readonly NormalizedEvent[]): EventFrame {
  const frame = emptyFrame(events.length);
  for (const event of events)
    appendEvent(frame, event, { hostCode: frame.hosts.code(event.host ?? 'unknown'), sourceCode: 0, label: Label.KnownGood, isSynthetic: false });
  return frame;
}

/** Image and parent paths per row, comparable across frames with different string tables. */
function paths(frame: EventFrame): [string, string | null][] {
  return Array.from({ length: frame.length }, (_, row) => {
    const parent = frame.parentImage[row] ?? MISSING;
    return [frame.images.paths.value(frame.image[row] ?? 0), parent === MISSING ? null : frame.images.paths.value(parent)];
  });
}

describe('StreamingParentResolver', () => {
  it('resolves batch after batch as resolveParents does over the whole capture', async () => {
    const events = await eventsOf(6000, 11);
    const whole = frameOf(events);
    const expected = resolveParents(whole);
    const resolver = new StreamingParentResolver();
    const batched: [string, string | null][] = [];
    for (let from = 0; from < events.length; from += 700) {
      const batch = frameOf(events.slice(from, from + 700));
      resolver.resolveBatch(batch);
      batched.push(...paths(batch));
    }
    expect(batched).toEqual(paths(whole));
    const { evicted, ...totals } = resolver.totals;
    expect(evicted).toBe(0);
    expect(totals).toEqual(expected);
    expect(expected.resolvedBySequence + expected.resolvedByTime).toBeGreaterThan(100);
    // Stopped processes leave the table: what remains are the processes still running.
    expect(resolver.liveCount).toBeLessThan(expected.startsWithParent / 2);
  });

  it('keeps at most maxProcesses live processes, dropping the oldest', async () => {
    const events = await eventsOf(3000, 12);
    const resolver = new StreamingParentResolver(50);
    for (let from = 0; from < events.length; from += 500) resolver.resolveBatch(frameOf(events.slice(from, from + 500)));
    expect(resolver.liveCount).toBeLessThanOrEqual(50);
    expect(resolver.totals.evicted).toBeGreaterThan(0);
  });
});
