import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCapture } from '../scripts/generate-capture.mjs';
import { expect, fixture, openCapture, openEmptyNotebook, test } from './fixtures';

/**
 * The user's latest action wins over what the app started by itself and over the user's own
 * earlier choice: a capture opened while the demo capture is still loading, or a notebook file
 * opened while a capture loads, is the one that stays. The superseded change says when it has
 * stopped ("Stopped opening …"), so the tests wait for that rather than for a fixed time.
 */

const USER_FILE = 'explore-capture.jsonl';
const userLoaded = new RegExp(`^Loaded [\\d,]+ events from ${USER_FILE.replace('.', '\\.')}`);

const dir = mkdtempSync(join(tmpdir(), 'etwlab-race-'));
const small = join(dir, 'small.jsonl');
const large = join(dir, 'large.jsonl');

test.beforeAll(async () => {
  await writeCapture({ events: 2000, seed: 5, days: 2, out: small, format: 'jsonl' });
  await writeCapture({ events: 400_000, seed: 7, days: 3, out: large, format: 'jsonl', startsOnly: true });
});

test('a file opened while the demo is still downloading stays; the demo never replaces it', async ({ page }) => {
  // Hold the demo's download until the user's file has loaded: the demo would then finish last.
  let releaseDemo: () => void = () => undefined;
  const demoHeld = new Promise<void>((resolve) => (releaseDemo = resolve));
  let demoRequested = false;
  await page.route('**/samples/demo-capture.jsonl', async (route) => {
    demoRequested = true;
    await demoHeld;
    await route.continue().catch(() => undefined); // the app has aborted the download meanwhile
  });
  await page.goto('./');
  const status = page.getByTestId('load-status');
  await expect.poll(() => demoRequested).toBe(true);

  await page.getByLabel('Open capture').setInputFiles(fixture(USER_FILE));
  await expect(status).toHaveText(userLoaded, { timeout: 60_000 });
  const loadedText = (await status.textContent()) ?? '';
  releaseDemo();
  // The demo's change has ended (it says so once it settled), so nothing of it can replace the user's capture.
  await expect(page.getByTestId('load-superseded')).toHaveText(`Stopped opening demo-capture.jsonl: you opened ${USER_FILE} after it.`);
  await expect(status).toHaveText(loadedText);
  await expect(page.getByRole('progressbar')).toHaveCount(0);
});

test('a file opened while the demo is loading in the worker cancels the demo', async ({ page }) => {
  await page.goto('./');
  const status = page.getByTestId('load-status');
  // The demo's bytes are in the data worker (its progress bar shows): open the user's file now.
  await expect(page.getByRole('progressbar', { name: 'Loading demo-capture.jsonl' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Open capture').setInputFiles(fixture(USER_FILE));
  await expect(status).toHaveText(userLoaded, { timeout: 60_000 });
  const loadedText = (await status.textContent()) ?? '';
  // The worker answered the demo's load (cancelled) before it started the user's: it is over.
  await expect(page.getByTestId('load-superseded')).toHaveText(`Stopped opening demo-capture.jsonl: you opened ${USER_FILE} after it.`);
  await expect(status).toHaveText(loadedText);
});

test('a notebook file opened while a capture loads wins: the load stops and the notebook’s capture stays', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await openEmptyNotebook(page);
  // A notebook file with a capture in it, made by this app.
  expect(await openCapture(page, small)).toMatch(/^Loaded 2,000 events from small\.jsonl/);
  const smallLoaded = (await page.getByTestId('load-status').textContent()) ?? '';
  await page.getByLabel('with the labelled capture').check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export notebook' }).click();
  const notebookPath = testInfo.outputPath('race.etwlab.json');
  await (await download).saveAs(notebookPath);
  // A fresh notebook, then the large file and the notebook file.
  await page.goto('./?demo=0&fresh=1');
  await expect(page.getByTestId('load-status')).toHaveText('No capture loaded yet.');

  await page.getByLabel('Open capture').setInputFiles(large);
  await expect(page.getByRole('progressbar', { name: 'Loading large.jsonl' })).toBeVisible();
  await page.getByLabel('Import notebook').setInputFiles(notebookPath);
  await expect(page.getByTestId('notebook-status')).toHaveText(/^Opened race\.etwlab\.json: settings and 0 runs with the capture \(2000 events\)/);
  await expect(page.getByTestId('load-status')).toHaveText(smallLoaded);
  // The large file's load has ended: it can no longer replace the notebook's capture.
  await expect(page.getByTestId('load-superseded')).toHaveText('Stopped opening large.jsonl: you opened the capture in race.etwlab.json after it.');
  await expect(page.getByTestId('load-status')).toHaveText(smallLoaded);
  await expect(page.getByTestId('explore-status')).toHaveText(/^Showing [\d,]+ of 2,000 events\.$/);
});
