/**
 * Completeness of the real public captures in ../shared/data, read by the app's own readers: the
 * Kernel-Process capture gets an estimate, the Sysmon/Security ones say "not available". Outside
 * CI the files may be absent (a fresh clone) and the tests skip; under CI they must be there.
 */
import { describe, expect, it } from 'vitest';
import { captureCompleteness } from './completeness';
import { frameFromCaptureText } from '../test-support/processCapture';

const files = import.meta.glob<string>(['../../../shared/data/velociraptor/KernelProcess.json', '../../../shared/data/otrf/*.json'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const isCI = import.meta.env['CI'] === 'true';
const kernelProcess = files['../../../shared/data/velociraptor/KernelProcess.json'];
const otrf = Object.entries(files).filter(([path]) => path.includes('/otrf/'));
const hasData = kernelProcess !== undefined && otrf.length === 2;

describe('real captures', () => {
  // Under CI the data must be there: a missing file fails here instead of skipping the tests below.
  it.skipIf(!isCI)('are present in ../shared/data under CI', () => {
    expect(
      hasData,
      `CI needs ../shared/data/velociraptor/KernelProcess.json and the two otrf/*.json dataset files (found ${Object.keys(files).length} files)`,
    ).toBe(true);
  });
});

describe.skipIf(!hasData)('completeness of real captures (../shared/data; skipped outside CI when absent)', () => {
  it('estimates lost starts for Velociraptor Kernel-Process events: one start, nothing missing', async () => {
    const { frame, problems } = await frameFromCaptureText(kernelProcess ?? '', 'KernelProcess.json');
    expect(problems).toEqual([]);
    const report = captureCompleteness(frame);
    expect(report.hosts.map((h) => h.host)).toEqual(['WIN-SJE0CKQO83P']);
    expect(report.lostStarts).toEqual({ kind: 'estimated', seen: 1, expected: 1, missing: 0, missingShare: 0, runs: 1 });
    // Velociraptor's process tracker states the parent image (ProcInfo.ParentImage), so it is known.
    expect(report.lifetimes).toMatchObject({ starts: 1, stops: 0, startsWithoutStop: 1, stopsWithoutStart: 0, parentsUnresolved: 0 });
    expect(report.verdicts).toEqual(['No damaged hours: no process starts missing overall on 1 host with sequence numbers.']);
  });

  it.each(otrf)('says the estimate is not available, not zero, for the Sysmon/Security capture %s', async (path, text) => {
    const { frame } = await frameFromCaptureText(text, path.slice(path.lastIndexOf('/') + 1));
    expect(frame.length).toBeGreaterThan(0);
    const report = captureCompleteness(frame);
    const reason = 'not available: Sysmon and Security 4688 events carry no ProcessSequenceNumber';
    expect(report.lostStarts).toEqual({ kind: 'not-available', reason });
    for (const host of report.hosts) expect(host.lostStarts).toEqual({ kind: 'not-available', reason });
    expect(report.verdicts).toEqual([`Lost process starts: ${reason}.`]);
    // Coverage still holds for these shapes: every event lands in the heatmap.
    expect(report.grid.events.reduce((a, b) => a + b, 0)).toBe(frame.length);
    expect(report.firstMs).toBeLessThanOrEqual(report.lastMs);
  });
});
