import { test as base, expect, type Download, type Locator, type Page, type TestInfo, type Worker } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Every browser test runs under these guards (finos/perspective's fixture does the same): a
 * console error or a request to any origin other than the app's fails the test, so "nothing
 * leaves the browser" and "no errors" are checked on every journey.
 */
export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ page, baseURL }, use, testInfo) => {
      const origin = new URL(baseURL ?? 'http://127.0.0.1/').origin;
      const consoleErrors: string[] = [];
      const foreignRequests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
      page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith('data:') || url.startsWith('blob:')) return;
        if (new URL(url).origin !== origin) foreignRequests.push(url);
      });
      await use();
      const allowed = testInfo.annotations.filter((a) => a.type === 'allow-console-error').map((a) => a.description ?? '');
      const unexpected = consoleErrors.filter((text) => !allowed.some((pattern) => text.includes(pattern)));
      expect(foreignRequests, 'requests to other origins').toEqual([]);
      expect(unexpected, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Path of a file in e2e/fixtures. */
export function fixture(name: string): string {
  return resolve(import.meta.dirname, 'fixtures', name);
}

/**
 * Path in ../shared/data, or null when it is absent (a user's fresh clone: the test skips). Under
 * CI the data is expected, so its absence throws and the test fails rather than skips.
 */
export function sharedData(relative: string): string | null {
  const path = resolve(import.meta.dirname, '..', '..', 'shared', 'data', relative);
  if (existsSync(path)) return path;
  if (process.env.CI) throw new Error(`../shared/data/${relative} is absent: under CI a test fails rather than skips without its data`);
  return null;
}

/** Opens the app with no demo capture. */
export async function openEmptyNotebook(page: Page): Promise<void> {
  await page.goto('./?demo=0');
  await expect(page.getByRole('heading', { name: /Load/ })).toBeVisible();
}

/** Opens files through the "Open capture" input and waits until the load has finished. */
export async function openCapture(page: Page, files: string | string[]): Promise<string> {
  await page.getByLabel('Open capture').setInputFiles(files);
  const status = page.getByTestId('load-status');
  await expect(status).toHaveText(/^(Loaded|Load cancelled|No capture)/, { timeout: 60_000 });
  return (await status.textContent()) ?? '';
}

/** A number shown with three decimals in a table cell, or NaN for "—". */
export async function cellNumber(cell: Locator): Promise<number> {
  const text = ((await cell.textContent()) ?? '').trim();
  return /^\d+\.\d+$/.test(text) ? Number(text) : Number.NaN;
}

/** The data cells of the row whose header is `label`. */
export function rowCells(table: Locator, label: string): Locator {
  return table
    .getByRole('row')
    .filter({ has: table.page().getByRole('rowheader', { name: label, exact: true }) })
    .getByRole('cell');
}

/** Every cell's text of a table body, row by row. */
export async function bodyText(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => (cell.textContent ?? '').trim())));
}

/** Saves a download in the test's output folder under its own name and returns the path. */
export async function keepDownload(download: Download, testInfo: TestInfo): Promise<string> {
  const path = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

/** Opens an empty notebook, then `file` through "Open capture", and generates known bad with the defaults. */
export async function openCaptureWithKnownBad(page: Page, file: string): Promise<void> {
  await openEmptyNotebook(page);
  await openCapture(page, file);
  await page.locator('#known-bad').getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toHaveText(/, [1-9][\d,]* known bad/, { timeout: 60_000 });
}

/** The page's running worker whose script name contains `scriptName` ("data.worker", "train.worker"). */
export function runningWorker(page: Page, scriptName: string): Worker {
  const worker = page.workers().find((w) => w.url().includes(scriptName));
  if (!worker) throw new Error(`the ${scriptName} is not running`);
  return worker;
}

/**
 * Crashes the page's running worker whose script name contains `scriptName` ("data.worker",
 * "train.worker") with an uncaught error, as a bug or an exhausted heap would.
 */
export async function crashWorker(page: Page, scriptName: string): Promise<void> {
  await runningWorker(page, scriptName).evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated worker failure');
    }, 0);
  });
}
