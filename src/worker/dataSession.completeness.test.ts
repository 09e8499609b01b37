import { describe, expect, it } from 'vitest';
import { DataSession } from './dataSession';
import { kernelProcessJsonl } from '../test-support/kernelProcessJsonl';

async function sessionWith(text: string): Promise<DataSession> {
  const session = new DataSession(() => undefined);
  await session.load(1, { files: [new File([text], 'kernel.jsonl')], mode: 'replace', label: 'known-good' }, new AbortController().signal);
  return session;
}

import type { DataRequestMap } from './protocol';

const examples: DataRequestMap['examples']['params'] = { rows: 'all', eventIds: [1, 2], columns: ['name'], useBalance: false };

describe('the data worker and capture completeness', () => {
  it('reports the damaged hours of a capture with starts dropped, and its grid arrays are copies safe to transfer', async () => {
    const capture = kernelProcessJsonl([{ host: 'WS-FIN-07', fromHour: 9, toHour: 11, every: 10 }]);
    const session = await sessionWith(capture.text);
    const report = session.completeness();
    expect(report.verdicts).toEqual(['WS-FIN-07: ~10% of process starts missing between 09:00 and 11:00 on Tuesday']);
    const again = session.completeness();
    expect(again.grid.events).not.toBe(report.grid.events);
    expect(Array.from(again.grid.events)).toEqual(Array.from(report.grid.events));
  });

  it('leaves the damaged hours out of the examples when asked, and names the hosts of the table', async () => {
    const capture = kernelProcessJsonl([{ host: 'WS-FIN-07', fromHour: 9, toHour: 11, every: 10 }]);
    const session = await sessionWith(capture.text);
    const all = session.examples(examples);
    const kept = session.examples({ ...examples, excludeDamagedHours: true });
    // Two hours of WS-FIN-07 at 120 processes an hour, a tenth lost: 216 starts and stops an hour remain.
    expect(kept.excluded).toBe(2 * 216);
    expect(kept.table.size).toBe(all.table.size - 2 * 216);
    expect(all.excluded).toBe(0);
    expect(kept.hostNames).toEqual(['WS-FIN-07', 'WS-HR-02']);
  });

  it('excludes nothing from a clean capture', async () => {
    const session = await sessionWith(kernelProcessJsonl([]).text);
    expect(session.completeness().damaged).toEqual([]);
    expect(session.examples({ ...examples, excludeDamagedHours: true }).excluded).toBe(0);
  });
});
