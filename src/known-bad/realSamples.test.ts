/** The shipped real known-bad sample reads like any upload: every row a process start, nothing ignored. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../ingest/readCapture';
import { recordingSink } from '../test-support/testSink';
import { sourceFromText } from '../test-support/testSources';
import { realKnownBadSample, realKnownBadSamples } from './realSamples';

describe('realKnownBadSamples', () => {
  it.each(realKnownBadSamples.map((sample) => [sample.id, sample] as const))('%s is served from public/ and reads as process starts', async (_id, sample) => {
    const text = readFileSync(new URL(`../../public/${sample.path}`, import.meta.url), 'utf8');
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const recording = recordingSink();
    const outcome = await readCapture(sourceFromText(text, sample.fileName), recording.sink);
    expect(outcome.fatal).toBeNull();
    expect(recording.problems).toEqual([]);
    expect(recording.ignoredReasons).toEqual([]);
    expect(recording.events).toHaveLength(lines.length);
    expect(recording.events.every((event) => event.eventId === 1)).toBe(true);
    expect(sample.name).toContain(String(lines.length));
  });

  it('finds a sample by id', () => {
    expect(realKnownBadSample('otrf-atomic')?.fileName).toBe('otrf-atomic.jsonl');
    expect(realKnownBadSample('nope')).toBeUndefined();
  });
});
