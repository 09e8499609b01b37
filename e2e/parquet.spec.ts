import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Locator, Page } from '@playwright/test';
import { expect, openCapture, test } from './fixtures';

/**
 * Parquet journey: export the demo capture with "Export Parquet", read the downloaded file with
 * DuckDB and compare its figures with the numbers on screen (Load's events per id, Explore's
 * hosts, top-10 names and folders, hour histogram); open the file back through "Open capture";
 * export a short run's training set and check its splits against the run's own numbers. The
 * production bundle runs under the app's CSP, and the guard fails on any console error.
 */

let duck: DuckDBConnection;

test.beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});

test.afterAll(() => {
  duck.closeSync();
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await duck.runAndReadAll(sql)).getRowObjectsJS();
}

function parquet(path: string): string {
  return `read_parquet('${path.replace(/'/g, "''")}')`;
}

async function countsBy(path: string, key: string, where = 'true'): Promise<Map<string, number>> {
  const result = await rows(`select ${key} as k, count(*) as n from ${parquet(path)} where ${where} group by all`);
  return new Map(result.map((r) => [String(r['k']), Number(r['n'])]));
}

/** Clicks "Export Parquet" with `what` chosen and saves the download; returns its path and name. */
async function exportParquet(page: Page, what: 'capture' | 'training-set', path: string): Promise<string> {
  const toolbar = page.getByRole('region', { name: 'Notebook tools' });
  await toolbar.getByLabel('Parquet of').selectOption(what);
  const download = page.waitForEvent('download');
  await toolbar.getByRole('button', { name: 'Export Parquet', exact: true }).click();
  const file = await download;
  await file.saveAs(path);
  await expect(page.getByTestId('notebook-status')).toHaveText(/^Saved .*\.parquet: /);
  return file.suggestedFilename();
}

/** A chart's "Show data" table body as text cells. */
async function chartTable(page: Page, title: string): Promise<string[][]> {
  const region = page.getByRole('region', { name: title, exact: true });
  const toggle = region.getByRole('button', { name: 'Show data' });
  if (await toggle.isVisible()) await toggle.click();
  const table: Locator = region.getByRole('table', { name: title, exact: true });
  await expect(table).toBeVisible();
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent ?? '')));
}

const count = (text: string): number => Number(text.replace(/,/g, ''));

/** `1 Process start` → 1, with its count, from Load's "Events by type" table. */
async function eventsById(page: Page): Promise<Map<string, number>> {
  const cells = await page
    .getByRole('table', { name: 'Events by type' })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent ?? '')));
  return new Map(cells.map(([id = '', n = '']) => [id.split(' ')[0] ?? '', count(n)]));
}

async function openDemo(page: Page): Promise<string> {
  await page.goto('./');
  const status = page.getByTestId('load-status');
  await expect(status).toHaveText(/^Loaded/, { timeout: 90_000 });
  return (await status.textContent()) ?? '';
}

test('the exported capture holds the figures on screen, and opens again as the same capture', async ({ page }, testInfo) => {
  const loaded = await openDemo(page);
  const shown = await eventsById(page);
  const explored = page.getByTestId('explore-status');
  await expect(explored).toHaveText(/^Showing [\d,]+ of [\d,]+ events\.$/);
  const hours = await chartTable(page, 'Active hours');
  const names = await chartTable(page, 'Top 10 file names');
  const folders = await chartTable(page, 'Top 10 file paths');

  const path = testInfo.outputPath('demo-capture.parquet');
  expect(await exportParquet(page, 'capture', path)).toBe('demo-capture.parquet');

  // Events per id: Load's table.
  const ids = await countsBy(path, 'event_id');
  expect(new Map([...ids].sort())).toEqual(new Map([...shown].sort()));
  // Explore shows process starts: hours, top names and folders over event 1.
  const duckHours = await countsBy(path, 'hour', 'event_id = 1');
  expect(hours.map(([hour = '', , total = '']) => [hour, count(total)])).toEqual(hours.map(([hour = '']) => [hour, duckHours.get(hour) ?? 0]));
  const duckNames = await countsBy(path, 'lower(file_name)', 'event_id = 1');
  const duckFolders = await countsBy(path, 'lower(folder)', 'event_id = 1');
  expect(names).toHaveLength(10);
  for (const [name = '', , total = ''] of names) expect(duckNames.get(name.toLowerCase()), name).toBe(count(total));
  for (const [folder = '', , total = ''] of folders) expect(duckFolders.get(folder.toLowerCase()), folder).toBe(count(total));
  const topCounts = (counts: Map<string, number>): number[] => [...counts.values()].sort((a, b) => b - a).slice(0, 10);
  expect(topCounts(duckNames)).toEqual(names.map(([, , total = '']) => count(total)));
  expect(topCounts(duckFolders)).toEqual(folders.map(([, , total = '']) => count(total)));
  // Per host: Explore's host filter, one host at a time.
  const duckHosts = await countsBy(path, 'host', 'event_id = 1');
  const hostSelect = page.locator('#explore').getByLabel('Host', { exact: true });
  const hostNames = (await hostSelect.locator('option').allTextContents()).filter((name) => name !== 'All hosts');
  expect(hostNames.sort()).toEqual([...duckHosts.keys()].sort());
  for (const host of hostNames) {
    await hostSelect.selectOption({ label: host });
    await expect(explored).toHaveText(new RegExp(`^Showing ${(duckHosts.get(host) ?? 0).toLocaleString('en-US')} of `));
  }
  await hostSelect.selectOption({ label: 'All hosts' });
  const labels = await countsBy(path, 'label');
  expect([...labels.keys()]).toEqual(['known good']);

  // Open the file back: the same counts, from the Parquet file.
  const reopened = await openCapture(page, path);
  expect(reopened).toBe(loaded.replace('demo-capture.jsonl', 'demo-capture.parquet'));
  await expect(page.getByRole('table', { name: 'Loaded files' }).locator('tbody tr').first()).toContainText('parquet');
  expect(await eventsById(page)).toEqual(shown);
});

test('a DuckDB-filtered export opens with its labels, and a broken file is refused by name', async ({ page }, testInfo) => {
  await openDemo(page);
  const path = testInfo.outputPath('demo-capture.parquet');
  await exportParquet(page, 'capture', path);
  const filtered = testInfo.outputPath('starts-known-bad.parquet');
  // A fleet query's result: process starts only, some relabelled, written by DuckDB with the same column names.
  await duck.run(
    `copy (select * replace (case when file_name ilike 'powershell.exe' then 'known bad' else label end as label) from ${parquet(path)} where event_id = 1) ` +
      `to '${filtered}' (format parquet)`,
  );
  const [{ starts, bad } = {}] = await rows(`select count(*) as starts, count(*) filter (where label = 'known bad') as bad from ${parquet(filtered)}`);
  expect(Number(bad)).toBeGreaterThan(0);
  const status = await openCapture(page, filtered);
  expect(status).toBe(
    `Loaded ${Number(starts).toLocaleString('en-US')} events from starts-known-bad.parquet (${Number(starts).toLocaleString('en-US')} process start)`,
  );
  await expect(page.getByTestId('known-bad-status')).toContainText(`${Number(bad).toLocaleString('en-US')} known bad`);

  const noTime = testInfo.outputPath('no-time.parquet');
  await duck.run(`copy (select * exclude (time) from ${parquet(path)}) to '${noTime}' (format parquet)`);
  await page.getByLabel('Open capture').setInputFiles(noTime);
  await expect(page.getByRole('alert').filter({ hasText: 'no-time.parquet' })).toContainText('time');
});

test('the training set export holds the rows of the run, split as the run reports', async ({ page }, testInfo) => {
  await openDemo(page);
  await page.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toHaveText(/, [1-9][\d,]* known bad/, { timeout: 60_000 });
  const train = page.locator('#train');
  for (const [label, value] of [
    ['Epochs', 1],
    ['Batch size', 256],
  ] as const) {
    await train.getByLabel(label, { exact: true }).fill(String(value));
    await expect(train.getByLabel(label, { exact: true })).toHaveValue(String(value));
  }
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toHaveText(/^Training finished/, { timeout: 90_000 });
  const splitLine = (await page.locator('#evaluate .split-line').textContent()) ?? '';
  const match = /— ([\d,]+) train, ([\d,]+) validation, ([\d,]+) test rows \(([\d,]+) known bad in test\)/.exec(splitLine);
  expect(match, splitLine).not.toBeNull();
  const [, trainRows = '', validationRows = '', testRows = '', testBad = ''] = match ?? [];

  const path = testInfo.outputPath('training-set.parquet');
  expect(await exportParquet(page, 'training-set', path)).toBe('demo-capture-run-1-training-set.parquet');
  const splits = await countsBy(path, 'split');
  expect(splits).toEqual(
    new Map([
      ['train', count(trainRows)],
      ['validation', count(validationRows)],
      ['test', count(testRows)],
    ]),
  );
  expect((await countsBy(path, 'label', "split = 'test'")).get('known bad')).toBe(count(testBad));
  const [{ spec } = {}] = await rows(`select decode(value) as spec from parquet_kv_metadata('${path}') where decode(key) = 'etwlab.featureSpec'`);
  const columns: unknown = JSON.parse(String(spec));
  expect(columns).toHaveProperty('columns');

  // Scored, the capture export carries each scored event's score.
  await page.locator('#evaluate').getByRole('button', { name: 'Score the capture' }).click();
  await expect(page.locator('#evaluate table.suspicious')).toBeVisible({ timeout: 60_000 });
  const scored = testInfo.outputPath('scored.parquet');
  await exportParquet(page, 'capture', scored);
  await expect(page.getByTestId('notebook-status')).toContainText('with the scores of run 1');
  const [{ n, min, max } = {}] = await rows(`select count(score) as n, min(score) as min, max(score) as max from ${parquet(scored)}`);
  expect(Number(n)).toBeGreaterThan(0);
  expect(Number(min)).toBeGreaterThanOrEqual(0);
  expect(Number(max)).toBeLessThanOrEqual(1);
});
