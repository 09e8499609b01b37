import { readFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The alert budget in Evaluate (issue 17): the hunter states K alerts per host per day; each
 * scorer's threshold keeps its validation alerts within K, and the detection rate printed for the
 * test split is the count of flagged known-bad events over the known-bad events the split holds.
 * The alerts the scored capture raises are counted again here, independently, from the exported
 * scores (Parquet) at the exact threshold the notebook file carries.
 */

const K = 3;

function count(text: string): number {
  return Number(text.replaceAll(',', ''));
}

/** Saves the download a click starts and returns its path. */
async function download(page: Page, click: () => Promise<void>, path: string): Promise<string> {
  const started = page.waitForEvent('download');
  await click();
  await (await started).saveAs(path);
  return path;
}

/** Events and alerts per `host UTC-date` counted from an exported capture's scores: the events with a score, and those at or above `threshold`. */
async function hostDayCounts(parquetPath: string, threshold: number): Promise<Map<string, { events: number; alerts: number }>> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const file = `read_parquet('${parquetPath.replace(/'/g, "''")}')`;
    const result = await connection.runAndReadAll(`select host, epoch_ms(time) as ms, score from ${file} where score is not null`);
    const counts = new Map<string, { events: number; alerts: number }>();
    for (const row of result.getRowObjectsJS()) {
      const ms = row['ms'] === null ? Number.NaN : Number(row['ms']);
      const key = `${String(row['host'])} ${Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : 'no time'}`;
      const cell = counts.get(key) ?? { events: 0, alerts: 0 };
      cell.events++;
      if (Number(row['score']) >= threshold) cell.alerts++;
      counts.set(key, cell);
    }
    return counts;
  } finally {
    connection.closeSync();
  }
}

test('a budget of K alerts per host per day keeps validation within K and prints a detection rate that adds up', async ({ page }, testInfo) => {
  test.setTimeout(360_000);
  await page.goto('./');
  await expect(page.getByTestId('load-status')).toHaveText(/^Loaded/, { timeout: 90_000 });

  const knownBad = page.locator('#known-bad');
  await knownBad.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toContainText(/[1-9][\d,]* known bad/, { timeout: 60_000 });
  await knownBad.getByRole('button', { name: 'Balance' }).click();
  await expect(page.getByTestId('known-bad-status')).toContainText('Balanced:', { timeout: 60_000 });

  const train = page.locator('#train');
  await train.getByLabel('Epochs').fill('3');
  await train.getByLabel('L2', { exact: true }).fill('0');
  await train.getByLabel('Learning rate').fill('0.01');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toContainText('Training finished', { timeout: 180_000 });

  const evaluate = page.locator('#evaluate');
  const split = (await evaluate.locator('.split-line').textContent()) ?? '';
  const testBad = count(/\(([\d,]+) known bad in test\)/.exec(split)?.[1] ?? 'NaN');
  expect(testBad).toBeGreaterThan(0);

  await evaluate.getByLabel('Alert budget (alerts per host per day)', { exact: true }).fill(String(K));
  await evaluate.getByRole('button', { name: 'Apply budget' }).click();
  const table = evaluate.getByTestId('budget-table');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(evaluate.getByTestId('budget-threshold')).toContainText(`At ${K} alerts per host per day the model's threshold is`);

  const rows = table.locator('tbody tr');
  const rowCount = await rows.count();
  // The model, the rarity baseline and at least one single-feature baseline.
  expect(rowCount).toBeGreaterThanOrEqual(3);
  await expect(rows.first().getByRole('rowheader')).toHaveText('Model');
  await expect(table.locator('tbody tr[data-kind="rarity"]')).toHaveCount(1);
  for (let index = 0; index < rowCount; index++) {
    const cells = rows.nth(index).getByRole('cell');
    // Validation alerts per host-day (mean) stay within the budget.
    expect(Number(await cells.nth(1).textContent())).toBeLessThanOrEqual(K);
    // "x of y (r%)": y is every known-bad event of the test split, r is x / y.
    const detected = /^([\d,]+) of ([\d,]+) \(([\d.]+)%\)$/.exec(((await cells.nth(3).textContent()) ?? '').trim());
    expect(detected, 'detection cell').not.toBeNull();
    const [flagged, total, percent] = [count(detected?.[1] ?? ''), count(detected?.[2] ?? ''), Number(detected?.[3])];
    expect(total).toBe(testBad);
    expect(flagged).toBeLessThanOrEqual(total);
    // Printed with one decimal: within half a unit of the last digit.
    expect(Math.abs(percent - (100 * flagged) / total)).toBeLessThanOrEqual(0.05 + 1e-9);
    await expect(cells.nth(4)).toHaveText(/^[\d,]+ of [1-9][\d,]* \([\d.]+%\)$/);
  }

  // Scoring the capture counts alerts per host per day at the model's budget threshold.
  await evaluate.getByRole('button', { name: 'Score the capture' }).click();
  await expect(evaluate.getByTestId('host-day-alerts')).toContainText(`(budget ${K})`, { timeout: 120_000 });
  const chart = evaluate.getByRole('region', { name: 'Alerts per host per day at the budget threshold' });
  await chart.getByRole('button', { name: 'Show data' }).click();
  const alertsTable = chart.getByRole('table', { name: 'Alerts per host per day' });
  await expect(alertsTable.locator('tbody tr').first()).toBeVisible();

  // Counted again from outside the app: the exact threshold from the notebook file, every event's
  // score from the capture's Parquet export, host-days in UTC (the Explore zone here).
  const notebookPath = await download(page, () => page.getByRole('button', { name: 'Export notebook' }).click(), testInfo.outputPath('budget.etwlab.json'));
  const notebook: unknown = JSON.parse(await readFile(notebookPath, 'utf8'));
  const threshold = Number(Reflect.get(Reflect.get(Reflect.get(Object(notebook), 'runs')?.[0] ?? {}, 'budget') ?? {}, 'threshold'));
  expect(Number.isFinite(threshold)).toBe(true);
  const toolbar = page.getByRole('region', { name: 'Notebook tools' });
  await toolbar.getByLabel('Parquet of').selectOption('capture');
  const scoredPath = await download(
    page,
    () => toolbar.getByRole('button', { name: 'Export Parquet', exact: true }).click(),
    testInfo.outputPath('scored.parquet'),
  );
  await expect(page.getByTestId('notebook-status')).toContainText('with the scores of run 1');
  const counted = await hostDayCounts(scoredPath, threshold);
  const countedAlerts = [...counted.values()].reduce((sum, cell) => sum + cell.alerts, 0);
  const summary = (await evaluate.getByTestId('host-day-alerts').textContent()) ?? '';
  const shown = /raises\s+([\d,]+)\s+alerts over ([\d,]+) host-days/.exec(summary);
  expect(shown, summary).not.toBeNull();
  expect(count(shown?.[1] ?? '')).toBe(countedAlerts);
  expect(count(shown?.[2] ?? '')).toBe(counted.size);
  // Each host-day of the table: its events and alerts as counted from the file.
  const tableRows = await alertsTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent ?? '')));
  expect(tableRows).toHaveLength(counted.size);
  for (const [host, day, events, alerts] of tableRows) {
    expect(counted.get(`${host} ${day}`), `${host} ${day}`).toEqual({ events: count(events ?? ''), alerts: count(alerts ?? '') });
  }

  // The stricter rule: no single validation host-day above K.
  await evaluate.getByLabel('K holds').selectOption({ label: 'on every host-day' });
  await expect(evaluate.getByTestId('alert-budget')).toContainText('press Apply budget');
  await evaluate.getByRole('button', { name: 'Apply budget' }).click();
  await expect(evaluate.getByTestId('alert-budget')).not.toContainText('press Apply budget', { timeout: 60_000 });
  for (let index = 0; index < rowCount; index++) {
    expect(Number(await rows.nth(index).getByRole('cell').nth(2).textContent())).toBeLessThanOrEqual(K);
  }
});
