import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeCapture } from '../scripts/generate-capture.mjs';
import { crashWorker, expect, fixture, openCapture, openCaptureWithKnownBad, openEmptyNotebook, runningWorker, test } from './fixtures';

/**
 * Autosave under stress: a reload in the middle of a save, a full disk, a worker killed in the
 * middle of a load or a run. The notebook keeps the last complete save and keeps working.
 */

const dir = mkdtempSync(join(tmpdir(), 'etwlab-storage-'));
const small = join(dir, 'small.jsonl');
const other = join(dir, 'other.jsonl');
const large = join(dir, 'large.jsonl');

test.beforeAll(async () => {
  await writeCapture({ events: 2000, seed: 5, days: 2, out: small, format: 'jsonl' });
  await writeCapture({ events: 3000, seed: 6, days: 2, out: other, format: 'jsonl' });
  await writeCapture({ events: 400_000, seed: 7, days: 3, out: large, format: 'jsonl', startsOnly: true });
});

async function waitForAutosave(page: Page): Promise<void> {
  await expect(page.getByTestId('autosave-status')).toHaveText(/^Saved in this browser at /, { timeout: 60_000 });
}

/** The text of the events table's first rows (after its header). */
async function firstRows(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Events', exact: true }).getByRole('row');
  await expect(rows.nth(3)).toBeVisible();
  return (await rows.allTextContents()).slice(1, 6);
}

test('a reload in the middle of an autosave restores the previous complete save', async ({ page }) => {
  await openEmptyNotebook(page);
  expect(await openCapture(page, small)).toMatch(/^Loaded 2,000 events/);
  await waitForAutosave(page);
  // Inside the data worker: count the column slices the next save writes, then fail the write that
  // would switch "current" to it — what a reload or a closed tab does between the two.
  await runningWorker(page, 'data.worker').evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    Reflect.set(self, '__slices', 0);
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (Array.isArray(key) && key[2] === 'column') Reflect.set(self, '__slices', Number(Reflect.get(self, '__slices')) + 1);
      if (Array.isArray(key) && key[2] === 'manifest') throw new Error('interrupted before the switch');
      return put.call(this, value, key);
    };
  });
  expect(await openCapture(page, other)).toMatch(/^Loaded 3,000 events/);
  await expect(page.getByTestId('autosave-error')).toContainText('The capture was not saved: interrupted before the switch', { timeout: 60_000 });
  expect(await runningWorker(page, 'data.worker').evaluate(() => Number(Reflect.get(self, '__slices')))).toBeGreaterThan(0);

  await page.reload();
  await expect(page.getByTestId('restore-status')).toHaveText(/^Restored from .+\.$/);
  await expect(page.getByTestId('load-status')).toHaveText(/^Loaded 2,000 events/);
  // The next save, with nothing interrupting it, replaces it.
  expect(await openCapture(page, other)).toMatch(/^Loaded 3,000 events/);
  await waitForAutosave(page);
  await page.reload();
  await expect(page.getByTestId('load-status')).toHaveText(/^Loaded 3,000 events/);
});

test('a full disk: the toolbar says what was not saved and the notebook keeps working', async ({ page, context }) => {
  await openEmptyNotebook(page);
  await expect(page.getByTestId('storage-use')).toHaveText(/^Browser storage: .+ of .+ used/);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 20_000 });
  expect(await openCapture(page, small)).toMatch(/^Loaded 2,000 events/);
  const error = page.getByTestId('autosave-error');
  await expect(error).toContainText('The capture was not saved: The browser storage for this page is full', { timeout: 60_000 });
  await expect(error).toContainText('export a notebook file to keep it, or lower the autosave size limit');
  // Still working: Explore filters the capture, and another capture opens.
  await expect(page.getByTestId('explore-status')).toHaveText(/^Showing/);
  expect(await openCapture(page, other)).toMatch(/^Loaded 3,000 events/);
  await expect(page.getByTestId('explore-status')).toHaveText(/^Showing/);
  // With room again, the next save goes through and the warning goes.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.getByLabel('Autosave captures up to').fill('1000000');
  await waitForAutosave(page);
  await expect(error).toHaveCount(0);
});

test('the data worker killed in the middle of a load: the notebook restores the autosaved capture and loads again', async ({ page }) => {
  test.setTimeout(180_000);
  await openEmptyNotebook(page);
  expect(await openCapture(page, small)).toMatch(/^Loaded 2,000 events/);
  const loaded = (await page.getByTestId('load-status').textContent()) ?? '';
  await waitForAutosave(page);
  const explore = page.getByTestId('explore-status');
  const events = page.getByRole('table', { name: 'Events', exact: true });
  await expect(explore).toHaveText(/^Showing/);
  const shown = { explore: await explore.textContent(), rowCount: await events.getAttribute('aria-rowcount'), rows: await firstRows(page) };

  await page.getByLabel('Open capture').setInputFiles(large);
  // The large file streams into the worker (its progress bar shows): kill the worker now.
  await expect(page.getByRole('progressbar', { name: 'Loading large.jsonl' })).toBeVisible();
  await crashWorker(page, 'data.worker');
  await expect(page.locator('#load').getByRole('alert')).toContainText('The data worker stopped', { timeout: 60_000 });
  // What the page shows is what the new worker holds: the restored capture, its Explore numbers and its rows.
  await expect(page.getByTestId('load-status')).toHaveText(loaded);
  await expect(explore).toHaveText(shown.explore ?? '');
  await expect(events).toHaveAttribute('aria-rowcount', shown.rowCount ?? '');
  expect(await firstRows(page)).toEqual(shown.rows);
  const notice = page.getByTestId('load-notice');
  await expect(notice).toContainText(
    'The notebook reopened the last autosaved capture (small.jsonl, 2,000 events). large.jsonl was not loaded: open it again.',
  );
  // Same page: the restarted worker loads again, and Explore follows it.
  expect(await openCapture(page, other)).toMatch(/^Loaded 3,000 events/);
  await expect(notice).toHaveCount(0);
  await expect(explore).toHaveText(/^Showing/);
  await expect(explore).not.toHaveText(shown.explore ?? '');
});

test('the training worker killed in the middle of a run: the run says so, the history is kept, the next run trains', async ({ page }) => {
  test.setTimeout(300_000);
  await openCaptureWithKnownBad(page, fixture('explore-capture.jsonl'));
  const train = page.locator('#train');
  const status = page.getByTestId('train-status');
  await train.getByLabel('Epochs', { exact: true }).fill('2');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status).toContainText('Training finished', { timeout: 120_000 });
  await waitForAutosave(page);

  await train.getByLabel('Epochs', { exact: true }).fill('300');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status).toContainText(/Epoch \d+\/300/, { timeout: 120_000 });
  await crashWorker(page, 'train.worker');
  await expect(status).toContainText('The training worker stopped', { timeout: 60_000 });
  const history = page.getByRole('table', { name: 'Run history', exact: true });
  await expect(history.locator('tbody tr')).toHaveCount(2);
  // Newest first: the killed run is marked failed, the earlier one is kept as it was.
  await expect(history.locator('tbody tr').first()).toContainText('failed');
  await expect(history.locator('tbody tr').last()).toContainText('finished');
  // Same page: the restarted worker trains again.
  await train.getByLabel('Epochs', { exact: true }).fill('2');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status).toContainText('Training finished', { timeout: 120_000 });
  await waitForAutosave(page);
  await page.reload();
  await expect(page.getByRole('table', { name: 'Run history', exact: true }).locator('tbody tr')).toHaveCount(3);
});

test('scored Evaluate results and the autosave size limit survive a reload', async ({ page }) => {
  test.setTimeout(300_000);
  await openEmptyNotebook(page);
  await page.getByLabel('Autosave captures up to').fill('1500000');
  await openCapture(page, fixture('explore-capture.jsonl'));
  await page.locator('#known-bad').getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toHaveText(/, [1-9][\d,]* known bad/, { timeout: 60_000 });
  const train = page.locator('#train');
  await train.getByLabel('Epochs', { exact: true }).fill('2');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toContainText('Training finished', { timeout: 120_000 });
  const evaluate = page.locator('#evaluate');
  await evaluate.getByRole('button', { name: 'Score the capture' }).click();
  const scoredLine = evaluate.getByTestId('evaluate-status');
  await expect(scoredLine).toHaveText(/^Scored [\d,]+ events with run 1\./, { timeout: 60_000 });
  const suspicious = evaluate.getByRole('table', { name: 'Most suspicious events' });
  const before = await suspicious.locator('tbody tr').allTextContents();
  expect(before.length).toBeGreaterThan(1);
  const scoredText = await scoredLine.textContent();
  await waitForAutosave(page);

  await page.reload();
  // The banner follows the models' restore, which starts the training worker and its backend (about 20 s on a busy machine).
  await expect(page.getByTestId('restore-status')).toHaveText(/^Restored from .+\.$/, { timeout: 90_000 });
  await expect(page.getByLabel('Autosave captures up to')).toHaveValue('1500000');
  await expect(scoredLine).toHaveText(scoredText ?? '');
  expect(await suspicious.locator('tbody tr').allTextContents()).toEqual(before);
});

test('a save blocked by another tab on an older database version fails with the reason, and saves work once that tab closes', async ({ page, context }) => {
  // The other tab: same origin, an older EtwLab holding the notebook database open at version 1
  // and ignoring the request to let it be upgraded.
  const oldTab = await context.newPage();
  await oldTab.route('**/old-tab.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>An older EtwLab</title>' }));
  await oldTab.goto('./old-tab.html');
  await oldTab.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('etwlab-notebook', 1);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error ?? new Error('the old tab could not open the database'));
      }),
  );
  // This tab is a newer build: it asks for the next version of the database, so its open waits
  // ("blocked") for the old tab. Only the page's opens are moved on; this test saves from the page alone.
  await page.addInitScript(() => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
      return version === undefined ? open.call(this, name) : open.call(this, name, version + 1);
    };
  });
  await openEmptyNotebook(page);
  const epochs = page.locator('#train').getByLabel('Epochs', { exact: true });
  const error = page.getByTestId('autosave-error');
  await epochs.fill('3');
  await expect(error).toHaveText(
    'The notebook was not saved: another EtwLab tab holds the browser storage open with an older version: close that tab (saving is tried again at the next change).',
  );

  await oldTab.close();
  // The waiting open goes through once the old tab's connection is gone: the database is upgraded.
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).find((db) => db.name === 'etwlab-notebook')?.version)).toBe(2);
  // Today's retry: the next change saves (a rejected open is no longer kept for every later save).
  await epochs.fill('4');
  await waitForAutosave(page);
  await expect(error).toHaveCount(0);
  await page.reload();
  await expect(page.locator('#train').getByLabel('Epochs', { exact: true })).toHaveValue('4');
});
