import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCapture } from '../scripts/generate-capture.mjs';
import { buildZip } from '../src/test-support/testZip';
import { expect, openCapture, openEmptyNotebook, sharedData, test } from './fixtures';

/**
 * Formats beyond Velociraptor's default: an ETW capture and a Sysmon export of the same host
 * chart on one host axis, with their image loads together; a Velociraptor collector zip loads
 * its results and skips the rest; the real OTRF Sysmon/Security file loads (when present).
 */

const EVENT_NAMES: Record<number, string> = { 1: 'process start', 2: 'process stop', 5: 'image load', 6: 'image unload' };
const grouped = (n: number): string => n.toLocaleString('en-US');

/** Event ids and hosts of a generated 0.74 JSONL capture, counted here. */
function countCapture(path: string): { ids: Map<number, number>; hosts: Set<string> } {
  const ids = new Map<number, number>();
  const hosts = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { System: { ID: number }; Hostname: string };
    ids.set(row.System.ID, (ids.get(row.System.ID) ?? 0) + 1);
    hosts.add(row.Hostname);
  }
  return { ids, hosts };
}

function statusText(counts: Map<number, number>, from: string, ignored: number): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([id, n]) => `${grouped(n)} ${EVENT_NAMES[id]}`);
  return `Loaded ${grouped(total)} events from ${from} (${parts.join(', ')})${ignored > 0 ? `; ignored ${grouped(ignored)} other events` : ''}`;
}

const dir = mkdtempSync(join(tmpdir(), 'etwlab-formats-'));
const etwPath = join(dir, 'etw-capture.jsonl');
const sysmonPath = join(dir, 'sysmon-export.json');
const zipPath = join(dir, 'Collection-LAB-COLLECTED-2026-03-02T10_00_00Z.zip');
let host = '';

/** Sysmon rows (OTRF flat layout) of the same host: 4 starts, 3 loads (2 from a Temp folder), 2 registry events. */
function sysmonRows(hostName: string): Record<string, unknown>[] {
  const base = {
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    SourceName: 'Microsoft-Windows-Sysmon',
    Hostname: hostName,
    '@timestamp': '2026-03-02T09:00:00.000Z',
  };
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 4; i++) {
    rows.push({
      ...base,
      EventID: 1,
      UtcTime: `2026-03-02 09:0${i}:00.000`,
      ProcessId: String(9000 + i),
      Image: 'C:\\Windows\\System32\\whoami.exe',
      CommandLine: 'whoami /all',
      User: 'LAB\\analyst',
      ParentProcessId: '8000',
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
    });
  }
  for (const dll of [
    'C:\\Users\\analyst\\AppData\\Local\\Temp\\sideload.dll',
    'C:\\Users\\analyst\\AppData\\Local\\Temp\\sideload.dll',
    'C:\\Windows\\System32\\ntdll.dll',
  ]) {
    rows.push({ ...base, EventID: 7, UtcTime: '2026-03-02 09:05:00.000', ProcessId: '9000', Image: 'C:\\Windows\\System32\\whoami.exe', ImageLoaded: dll });
  }
  for (let i = 0; i < 2; i++) rows.push({ ...base, EventID: 13, UtcTime: '2026-03-02 09:06:00.000', TargetObject: 'HKLM\\Software\\X' });
  return rows;
}

test.beforeAll(async () => {
  await writeCapture({ out: etwPath, format: 'jsonl', events: 600, seed: 23, days: 1, hosts: 1 });
  host = [...countCapture(etwPath).hosts][0] ?? '';
  writeFileSync(
    sysmonPath,
    `${sysmonRows(host)
      .map((row) => JSON.stringify(row))
      .join('\n')}\n`,
  );
  const etwWithoutHost = readFileSync(etwPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'Hostname')));
    })
    .join('\n');
  const zip = await buildZip([
    { name: 'results/Custom.ETW.Kernel_Process.json', text: `${etwWithoutHost}\n` },
    { name: 'results/Custom.ETW.Kernel_Process.json.index', text: '\u0000'.repeat(16), method: 0 },
    { name: 'uploads/auto/C%3A/Windows/notepad.exe', text: 'MZ', method: 0 },
    { name: 'log.json', text: '{"message":"collection done"}\n' },
    { name: 'client_info.json', text: JSON.stringify({ ClientId: 'C.1234567890abcdef', Hostname: 'LAB-COLLECTED' }) },
  ]);
  writeFileSync(zipPath, zip);
});

test.describe('formats beyond watch_etw JSON', () => {
  test('an ETW capture and a Sysmon export of the same host chart on one host axis, image loads together', async ({ page }) => {
    const etw = countCapture(etwPath);
    expect(etw.hosts.size).toBe(1);
    const sysmon = sysmonRows(host);
    const counts = new Map(etw.ids);
    counts.set(1, (counts.get(1) ?? 0) + sysmon.filter((r) => r.EventID === 1).length);
    counts.set(5, (counts.get(5) ?? 0) + sysmon.filter((r) => r.EventID === 7).length);

    await openEmptyNotebook(page);
    expect(await openCapture(page, [etwPath, sysmonPath])).toBe(statusText(counts, '2 files', 2));

    const summary = page.getByLabel('Explore summary');
    await expect(summary.locator('div', { has: page.getByText('Hosts', { exact: true }) }).locator('dd')).toHaveText('1');
    const hostOptions = page.getByLabel('Host', { exact: true }).locator('option');
    await expect(hostOptions).toHaveText(['All hosts', host]);
    await expect(page.getByTestId('explore-status')).toHaveText(
      `Showing ${grouped(counts.get(1) ?? 0)} of ${grouped([...counts.values()].reduce((a, b) => a + b, 0))} events.`,
    );

    const loads = page.getByRole('region', { name: 'Image loads' });
    await expect(loads.getByTestId('image-loads-status')).toContainText(`${grouped(counts.get(5) ?? 0)} image loads of`);
    const unusual = loads.getByRole('table', { name: 'DLLs from unusual folders' });
    const tempRow = unusual.getByRole('row').filter({ hasText: '\\Users\\analyst\\AppData\\Local\\Temp' });
    await expect(tempRow).toContainText('sideload.dll');
    await expect(tempRow).toContainText('whoami.exe');
    await expect(loads).toContainText('\\Windows\\System32');
    await expect(loads.getByRole('table', { name: 'Load sets of the top loading processes' }).getByRole('row')).not.toHaveCount(1);

    const imageLoadsTarget = loads.getByRole('radio', { name: /image loads/ });
    await imageLoadsTarget.check();
    await expect(imageLoadsTarget).toBeChecked();
    await expect(loads.getByRole('radio', { name: 'process starts' })).not.toBeChecked();
  });

  test('a Velociraptor collector zip loads its results and names the host from client_info.json', async ({ page }) => {
    const etw = countCapture(etwPath);
    await openEmptyNotebook(page);
    const name = zipPath.split('/').at(-1) ?? '';
    expect(await openCapture(page, zipPath)).toBe(statusText(etw.ids, name, 0));
    const files = page.getByRole('table', { name: 'Loaded files' });
    await expect(files).toContainText('zip');
    await expect(page.getByLabel('Host', { exact: true }).locator('option')).toHaveText(['All hosts', 'LAB-COLLECTED']);
  });

  test('the real OTRF Sysmon/Security process-creation file loads (skipped without ../shared/data)', async ({ page }) => {
    const path = sharedData('otrf/atomic_process_creation.jsonl');
    test.skip(path === null, '../shared/data is absent (fresh clone)');
    const rows = readFileSync(path ?? '', 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    await openEmptyNotebook(page);
    expect(await openCapture(page, path ?? '')).toBe(
      `Loaded ${grouped(rows.length)} events from atomic_process_creation.jsonl (${grouped(rows.length)} process start)`,
    );
  });
});
