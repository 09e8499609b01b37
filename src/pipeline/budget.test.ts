import { describe, expect, it } from 'vitest';
import { estimateEvents } from './budget';

describe('estimateEvents', () => {
  it('estimates from size, tenfold for compressed files', () => {
    expect(estimateEvents([{ name: 'a.jsonl', size: 7_000_000 }])).toBe(10_000);
    expect(
      estimateEvents([
        { name: 'a.jsonl.gz', size: 7_000_000 },
        { name: 'b.json', size: 700 },
      ]),
    ).toBe(100_001);
    expect(estimateEvents([])).toBe(0);
  });
});
