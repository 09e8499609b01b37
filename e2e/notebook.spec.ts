import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { bodyText, expect, fixture, keepDownload, openCapture, openCaptureWithKnownBad, openEmptyNotebook, test } from './fixtures';

/**
 * The notebook keeps its work: a trained run, its capture and its model survive a reload; a
 * notebook file brings back the same settings and metrics; an exported model scores a capture
 * exactly as the run that trained it; presenter mode shows one section at a time.
 */

const CAPTURE = fixture('explore-capture.jsonl');

/** Opens the small capture, generates known bad and trains two epochs. */
async function trainTinyRun(page: Page): Promise<void> {
  await openCaptureWithKnownBad(page, CAPTURE);
  const train = page.locator('#train');
  await train.getByLabel('Epochs', { exact: true }).fill('2');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toContainText('Training finished', { timeout: 120_000 });
}

async function runHistory(page: Page): Promise<string[][]> {
  return bodyText(page.getByRole('table', { name: 'Run history', exact: true }));
}

/** Scores the capture with the run Evaluate shows and returns the "Most suspicious events" rows. */
async function scoreCapture(page: Page, runId: number): Promise<string[][]> {
  const evaluate = page.locator('#evaluate');
  await evaluate.getByRole('button', { name: 'Score the capture' }).click();
  await expect(evaluate.getByTestId('evaluate-status')).toHaveText(new RegExp(`^Scored [\\d,]+ events with run ${runId}\\.`), { timeout: 60_000 });
  const rows = await bodyText(evaluate.getByRole('table', { name: 'Most suspicious events' }));
  expect(rows.length).toBeGreaterThan(1);
  return rows;
}

async function waitForAutosave(page: Page): Promise<void> {
  await expect(page.getByTestId('autosave-status')).toHaveText(/^Saved in this browser at /, { timeout: 30_000 });
}

test('a reload restores the capture, the run history and the model, which still scores', async ({ page }) => {
  test.setTimeout(240_000);
  await trainTinyRun(page);
  const loadStatus = (await page.getByTestId('load-status').textContent()) ?? '';
  const history = await runHistory(page);
  expect(history).toHaveLength(1);
  const ran = page.getByTestId('train-ran');
  await expect(ran).toHaveText(/^ran \d\d:\d\d:\d\d$/);
  const ranText = await ran.textContent();
  await waitForAutosave(page);

  await page.reload();
  // The banner comes after the training worker has measured its backends and reloaded the model: slow on a busy machine.
  await expect(page.getByTestId('restore-status')).toHaveText(/^Restored from .+\.$/, { timeout: 90_000 });
  await expect(page.getByTestId('load-status')).toHaveText(loadStatus);
  await expect(page.getByTestId('known-bad-status')).toHaveText(/, [1-9][\d,]* known bad/);
  expect(await runHistory(page)).toEqual(history);
  await expect(page.getByTestId('train-ran')).toHaveText(ranText ?? '');
  await expect(page.getByTestId('train-state')).toHaveText('done');
  // The restored model scores the restored capture.
  await scoreCapture(page, 1);

  // An upstream change marks the cell stale, with the reason.
  await page.locator('#train').getByLabel('Epochs', { exact: true }).fill('3');
  await expect(page.getByTestId('train-state')).toHaveText('stale');
  await expect(page.locator('#train .cell-note')).toHaveText('the model settings changed since run 1');

  // Start fresh forgets it all: the demo opens as on a first visit (here: ?demo=0, so nothing).
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByTestId('load-status')).toHaveText('No capture loaded yet.');
  await expect(page.getByTestId('restore-status')).toHaveCount(0);
});

test('a notebook file restores the same settings and metrics; an exported model scores identically', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await trainTinyRun(page);
  const original = await scoreCapture(page, 1);
  const metrics = await bodyText(page.getByRole('table', { name: 'Test metrics' }));
  const history = await runHistory(page);

  const notebookDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export notebook' }).click();
  const notebookPath = await keepDownload(await notebookDownload, testInfo);
  expect(notebookPath).toMatch(/\.etwlab\.json$/);

  const modelDownloads: Download[] = [];
  page.on('download', (download) => modelDownloads.push(download));
  await page.getByRole('button', { name: 'Export model' }).click();
  await expect.poll(() => modelDownloads.length).toBe(3);
  const modelPaths = await Promise.all(modelDownloads.map((d) => keepDownload(d, testInfo)));
  expect(modelPaths.map((p) => p.split(/[\\/]/).pop())).toEqual(['etwlab-run-1-model.json', 'etwlab-run-1-weights.bin', 'etwlab-run-1-features.json']);
  const modelJson: unknown = JSON.parse(await readFile(modelPaths[0] ?? '', 'utf8'));
  const layers = JSON.stringify(modelJson).match(/"class_name":"[A-Za-z]+"/g) ?? [];
  expect(layers.filter((name) => name.includes('EtwLab'))).toEqual([]);
  expect(layers).toContain('"class_name":"Embedding"');

  const reportDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Report', exact: true }).click();
  const report = await readFile(await keepDownload(await reportDownload, testInfo), 'utf8');
  expect(report).toContain('<caption>Test metrics</caption>');
  expect(report).toMatch(/<img src="data:image\/svg\+xml[^"]*" alt="Loss per epoch"/);
  expect(report).not.toContain('<script');

  // Change settings, then open the notebook file: the saved settings and metrics come back.
  const epochs = page.locator('#train').getByLabel('Epochs', { exact: true });
  await epochs.fill('7');
  await page.getByLabel('Import notebook').setInputFiles(notebookPath);
  await expect(page.getByTestId('notebook-status')).toContainText('Opened ');
  await expect(epochs).toHaveValue('2');
  expect(await runHistory(page)).toEqual(history);
  expect(await bodyText(page.getByRole('table', { name: 'Test metrics' }))).toEqual(metrics);

  // The exported model, imported, becomes run 2 and ranks the capture exactly as run 1 did.
  await page.getByLabel('Import model').setInputFiles(modelPaths);
  await expect(page.getByTestId('notebook-error')).toHaveCount(0);
  await expect(page.getByTestId('notebook-status')).toContainText('Imported the model as run 2');
  await expect(page.getByRole('table', { name: 'Run history', exact: true }).getByRole('rowheader', { name: /^Run 2 · imported/ })).toBeVisible();
  expect(await scoreCapture(page, 2)).toEqual(original);
});

test('a malformed notebook file is refused with the reason', async ({ page }) => {
  await openEmptyNotebook(page);
  await page
    .getByLabel('Import notebook')
    .setInputFiles({ name: 'bad.etwlab.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"etwlab-notebook","version":2}') });
  await expect(page.getByTestId('notebook-error')).toHaveText('This notebook file cannot be opened: notebook version 2 is not 1.');
});

test('presenter mode shows one section at a time, moved with the arrow keys, left with Esc', async ({ page }) => {
  await openEmptyNotebook(page);
  await page.getByRole('region', { name: 'Notebook tools' }).getByRole('button', { name: 'Present', exact: true }).click();
  await expect(page.locator('#load')).toBeVisible();
  await expect(page.locator('#explore')).toBeHidden();
  await expect(page.getByRole('heading', { name: 'EtwLab' })).toBeHidden();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#explore')).toBeVisible();
  await expect(page.locator('#load')).toBeHidden();
  await expect(page.getByRole('status', { name: 'Presenter mode' })).toContainText('Section 2 of 6');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('#load')).toBeVisible();
  await page.keyboard.press('Escape');
  for (const id of ['load', 'explore', 'known-bad', 'features', 'train', 'evaluate']) await expect(page.locator(`#${id}`)).toBeVisible();
});

test('Run all generates known bad, balances, trains and scores; each cell shows when it ran', async ({ page }) => {
  test.setTimeout(240_000);
  await openEmptyNotebook(page);
  await openCapture(page, CAPTURE);
  await page.locator('#train').getByLabel('Epochs', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(page.getByTestId('notebook-status')).toHaveText(/^Ran all cells at \d\d:\d\d:\d\d\.$/, { timeout: 180_000 });
  await expect(page.getByTestId('known-bad-status')).toContainText('Balanced');
  await expect(page.getByTestId('train-status')).toContainText('Training finished');
  await expect(page.locator('#evaluate').getByTestId('evaluate-status')).toHaveText(/^Scored [\d,]+ events with run 1\./);
  for (const id of ['load', 'known-bad', 'features', 'train', 'evaluate']) await expect(page.getByTestId(`${id}-ran`)).toHaveText(/^ran \d\d:\d\d:\d\d$/);
  await expect(page.getByTestId('evaluate-state')).toHaveText('done');
});
