import { describe, expect, it } from 'vitest';
import { DataSession } from './dataSession';
import { testCaptureSnapshot } from '../test-support/testSnapshot';

/**
 * Data versions tell the page which runs are current. A worker started again after a crash must
 * not hand out a version the crashed one gave other data, and choosing the zone the capture is
 * already in leaves its version alone.
 */
describe('DataSession data versions', () => {
  it('a restarted worker numbers above the versions the crashed one handed out', async () => {
    const snapshot = { ...(await testCaptureSnapshot()), dataVersion: 4 };
    const fresh = new DataSession(() => undefined);
    expect(fresh.restoreSnapshot(snapshot).version).toBe(4);

    const restarted = new DataSession(() => undefined);
    restarted.continueVersionsAbove(7);
    expect(restarted.restoreSnapshot(snapshot).version).toBe(8);
    restarted.continueVersionsAbove(2);
    expect(restarted.setTimeZone('Europe/Berlin')?.version).toBe(9);
  });

  it('choosing the zone the capture is in keeps its version; another zone moves it on', async () => {
    const session = new DataSession(() => undefined);
    const version = session.restoreSnapshot(await testCaptureSnapshot()).version;
    expect(session.setTimeZone('UTC')?.version).toBe(version);
    expect(session.setTimeZone('America/New_York')?.version).toBe(version + 1);
    expect(session.setTimeZone('America/New_York')?.version).toBe(version + 1);
  });
});
