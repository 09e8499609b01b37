import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, fixture, openCapture, openEmptyNotebook, test } from './fixtures';

/**
 * Named time zones follow daylight saving: a capture with process starts either side of Berlin's
 * two changes in 2025 (30 March and 26 October, both at 01:00 UTC) shows each start at its own
 * wall-clock hour, which no fixed offset can do. The hours expected here come from the file and
 * Node's Intl, not from the app; the zone survives a reload.
 */

const FILE = 'dst-berlin.jsonl';

function startTimes(): number[] {
  return readFileSync(fixture(FILE), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => Date.parse(/"TimeStamp":"([^"]+)"/.exec(line)?.[1] ?? ''));
}

/** Starts per wall-clock hour in a zone, as Intl says. */
function byHour(zone: string): number[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', hour: 'numeric' });
  const counts = Array.from({ length: 24 }, () => 0);
  for (const time of startTimes()) {
    const hour = Number(format.format(time));
    counts[hour] = (counts[hour] ?? 0) + 1;
  }
  return counts;
}

function hoursChart(page: Page): Locator {
  return page.getByRole('region', { name: 'Active hours', exact: true });
}

async function hourTable(page: Page): Promise<string[][]> {
  const region = hoursChart(page);
  const toggle = region.getByRole('button', { name: 'Show data' });
  if (await toggle.isVisible()) await toggle.click();
  const table = region.getByRole('table', { name: 'Active hours', exact: true });
  await expect(table).toBeVisible();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => cell.textContent ?? '')));
}

function expectedRows(zone: string): string[][] {
  return byHour(zone).map((count, hour) => [String(hour), String(count), String(count)]);
}

test('hours follow Europe/Berlin across both daylight-saving changes, and the zone is kept', async ({ page }) => {
  const total = startTimes().length;
  // The fixture is what the test says: 3 starts at 01 CET, 2 at 03 CEST in March; 02 CEST, 02 CET, 03 CET in October.
  expect(byHour('Europe/Berlin').slice(0, 5)).toEqual([0, 3, 2, 3, 0]);
  await openEmptyNotebook(page);
  await openCapture(page, fixture(FILE));
  await expect(page.getByTestId('explore-status')).toHaveText(`Showing ${total} of ${total} events.`);
  await expect(hoursChart(page).getByText('Hour of day (UTC)')).toBeVisible();
  expect(await hourTable(page)).toEqual(expectedRows('UTC'));

  const zone = page.locator('#explore').getByLabel('Time zone', { exact: true });
  await expect(zone).toHaveValue('UTC');
  await zone.selectOption('Europe/Berlin');
  await expect(hoursChart(page).getByText('Hour of day (Europe/Berlin)')).toBeVisible();
  await expect.poll(() => hourTable(page)).toEqual(expectedRows('Europe/Berlin'));

  // New York's changes are on other days: the same starts are all on standard or all on summer time.
  await zone.selectOption('America/New_York');
  await expect.poll(() => hourTable(page)).toEqual(expectedRows('America/New_York'));
  await zone.selectOption('Europe/Berlin');
  await expect.poll(() => hourTable(page)).toEqual(expectedRows('Europe/Berlin'));

  // The zone is part of the saved notebook: after a reload hours are still Berlin's.
  await expect(page.getByTestId('autosave-status')).toHaveText(/^Saved in this browser at /, { timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId('restore-status')).toHaveText(/^Restored from .+\.$/);
  await expect(page.locator('#explore').getByLabel('Time zone', { exact: true })).toHaveValue('Europe/Berlin');
  await expect.poll(() => hourTable(page)).toEqual(expectedRows('Europe/Berlin'));
});
