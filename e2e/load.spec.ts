import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCapture } from '../scripts/generate-capture.mjs';
import { expect, openCapture, openEmptyNotebook, sharedData, test } from './fixtures';

const EVENT_NAMES: Record<number, string> = { 1: 'process start', 2: 'process stop', 5: 'image load', 6: 'image unload' };
const grouped = (n: number): string => n.toLocaleString('en-US');

/** Counts event ids by reading the JSONL file here, independently of the app's readers. */
function countEventIds(path: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const id = (JSON.parse(line) as { System: { ID: number } }).System.ID;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function expectedStatus(counts: Map<number, number>, from: string): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([id, n]) => `${grouped(n)} ${EVENT_NAMES[id]}`);
  return `Loaded ${grouped(total)} events from ${from} (${parts.join(', ')})`;
}

const dir = mkdtempSync(join(tmpdir(), 'etwlab-load-'));
const files = {
  jsonl: join(dir, 'capture.jsonl'),
  json: join(dir, 'capture-array.json'),
  csv: join(dir, 'capture.csv'),
  gzip: join(dir, 'capture.jsonl.gz'),
  big: join(dir, 'big-capture.jsonl'),
  twoCores: join(dir, 'two-cores.jsonl'),
  twoCoresGzip: join(dir, 'two-cores.jsonl.gz'),
};

test.beforeAll(async () => {
  const options = { events: 3000, seed: 7, days: 2 };
  await writeCapture({ ...options, out: files.jsonl, format: 'jsonl' });
  await writeCapture({ ...options, out: files.json, format: 'json' });
  await writeCapture({ ...options, out: files.csv, format: 'csv' });
  await writeCapture({ ...options, out: files.gzip, format: 'jsonl', gzip: true });
});

test.describe('opening a capture', () => {
  test('JSON Lines, JSON arrays, CSV and gzip load with the exact counts per event type', async ({ page }) => {
    const counts = countEventIds(files.jsonl);
    await openEmptyNotebook(page);
    for (const path of [files.jsonl, files.json, files.csv, files.gzip]) {
      const name = path.split('/').at(-1) ?? '';
      expect(await openCapture(page, path)).toBe(expectedStatus(counts, name));
    }
    await expect(page.getByRole('table', { name: 'Loaded files' })).toContainText('jsonl (gzip)');
  });

  test('a gzip capture large enough for two cores loads exactly what its JSON Lines loads', async ({ page }) => {
    // Over 4 MiB of gzip (an eighth of the size from which a file is read on two cores): the parse
    // worker inflates it, sending the first part of the inflated rows to the data worker.
    const options = { events: 120_000, seed: 9, startsOnly: true, format: 'jsonl' } as const;
    await writeCapture({ ...options, out: files.twoCores });
    await writeCapture({ ...options, out: files.twoCoresGzip, gzip: true });
    expect(statSync(files.twoCoresGzip).size).toBeGreaterThan(4 * 1024 * 1024);
    const counts = countEventIds(files.twoCores);
    const summary = page.getByLabel('Capture summary');
    /** The summary without the load's timing. */
    const summaryText = async (): Promise<string> => ((await summary.textContent()) ?? '').replace(/Loaded in [\d.]+ s/, '');
    await openEmptyNotebook(page);
    expect(await openCapture(page, files.twoCores)).toBe(expectedStatus(counts, 'two-cores.jsonl'));
    const plain = await summaryText();
    expect(plain).toContain('Hosts');
    expect(await openCapture(page, files.twoCoresGzip)).toBe(expectedStatus(counts, 'two-cores.jsonl.gz'));
    expect(await summaryText()).toBe(plain);
    await expect(page.getByRole('table', { name: 'Loaded files' })).toContainText('jsonl (gzip)');
  });

  test('several files at once merge into one capture', async ({ page }) => {
    const counts = countEventIds(files.jsonl);
    const doubled = new Map([...counts].map(([id, n]) => [id, n * 2]));
    await openEmptyNotebook(page);
    expect(await openCapture(page, [files.jsonl, files.csv])).toBe(expectedStatus(doubled, '2 files'));
    const table = page.getByRole('table', { name: 'Loaded files' });
    await expect(table.getByRole('row')).toHaveCount(3);
  });

  test('a malformed file lists the bad lines and keeps every good row', async ({ page }) => {
    const good = readFileSync(files.jsonl, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"ID":1,'))
      .slice(0, 5);
    const lines = [
      good[0],
      good[1],
      '{"System": {"ID": 1, "TimeStamp": "2026-03-02T10:00:00Z"',
      good[2],
      'not json at all',
      '{"System":{"ID":1,"ProcessID":4,"TimeStamp":"2026-03-02T10:00:00Z"},"EventData":{"ProcessID":"8"}}',
      good[3],
      good[4],
    ];
    const path = join(dir, 'broken.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    await openEmptyNotebook(page);
    expect(await openCapture(page, path)).toBe('Loaded 5 events from broken.jsonl (5 process start); skipped 3 lines');
    const problems = page.getByRole('list', { name: 'Rejected lines' }).getByRole('listitem');
    await expect(problems).toHaveCount(3);
    await expect(problems.nth(0)).toContainText('broken.jsonl:3');
    await expect(problems.nth(1)).toContainText('broken.jsonl:5');
    await expect(problems.nth(2)).toContainText('broken.jsonl:6');
    await expect(problems.nth(2)).toContainText('ImageName');
  });

  test('an empty file, a binary file and JSON that is not ETW each get one clear sentence', async ({ page }) => {
    const empty = join(dir, 'empty.jsonl');
    const png = join(dir, 'picture.json');
    const other = join(dir, 'other.json');
    writeFileSync(empty, '');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3, 0, 0, 0, 0]));
    writeFileSync(other, '[{"name": "alice", "age": 3}, {"name": "bob"}]');
    await openEmptyNotebook(page);
    const alert = page.locator('#load').getByRole('alert');
    await openCapture(page, empty);
    await expect(alert).toContainText('empty.jsonl');
    await expect(alert).toContainText('empty');
    await openCapture(page, png);
    await expect(alert).toContainText('picture.json');
    await expect(alert).toContainText('binary');
    await openCapture(page, other);
    await expect(alert).toContainText('other.json');
    await expect(alert).toContainText('ETW');
    await expect(page.getByText(/at .*\.js:\d+/)).toHaveCount(0);
  });

  test('Cancel stops a long load and keeps the previous capture', async ({ page }) => {
    await writeCapture({ events: 400_000, seed: 3, startsOnly: true, out: files.big, format: 'jsonl' });
    const counts = countEventIds(files.jsonl);
    await openEmptyNotebook(page);
    await openCapture(page, files.jsonl);
    await page.getByLabel('Open capture').setInputFiles(files.big);
    await expect(page.getByRole('progressbar')).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('load-status')).toHaveText(`Load cancelled. ${expectedStatus(counts, 'capture.jsonl')}`);
    await expect(page.getByRole('table', { name: 'Loaded files' })).toContainText('capture.jsonl');
  });

  test('a load past the memory budget stops with what was kept and how to continue', async ({ page }) => {
    await page.goto('./?demo=0&maxEvents=100');
    const status = await openCapture(page, files.jsonl);
    expect(status).toMatch(/^Loaded 100 events from capture\.jsonl/);
    await expect(page.locator('#load').getByRole('alert')).toContainText('Stopped at 100 events');
    // Said before the load too, from the file's size.
    await expect(page.getByTestId('budget-warning')).toContainText('more than the 100 this tab can keep');
  });

  test('the real Velociraptor Kernel-Process event loads with its parent ids and host', async ({ page }) => {
    const real = sharedData('velociraptor/KernelProcess.json');
    test.skip(real === null, '../shared/data is absent (a fresh clone): the real public capture is not available');
    await openEmptyNotebook(page);
    expect(await openCapture(page, real ?? '')).toBe('Loaded 1 event from KernelProcess.json (1 process start)');
    await expect(page.getByLabel('Capture summary')).toContainText('Hosts1');
  });

  test('the bundled demo capture opens by itself', async ({ page }) => {
    await page.goto('./');
    await expect(page.getByTestId('load-status')).toHaveText(/^Loaded 40,000 events from demo-capture\.jsonl/, { timeout: 60_000 });
  });
});
