import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Training on both kinds of host. The suite serves the app twice (playwright.config.ts): cross-origin
 * isolated (COOP + COEP, so SharedArrayBuffer and tfjs-wasm's threaded build) and not isolated.
 * On either, "Measure now" and "Train" work, the wasm row says how many threads it used, and the
 * page shows no worker error. Seconds per run are printed for the isolated-vs-not comparison.
 */

async function openDemoWithKnownBad(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('load-status')).toHaveText(/^Loaded/, { timeout: 90_000 });
  await page.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toHaveText(/, [1-9][\d,]* known bad/, { timeout: 60_000 });
}

test('measures the backends and trains, with wasm threads where the host is cross-origin isolated', async ({ page }) => {
  await openDemoWithKnownBad(page);
  const isIsolated = await page.evaluate(() => crossOriginIsolated);
  expect(isIsolated, 'the project serves the app isolated or not, as its metadata says').toBe(test.info().project.metadata['isolated'] === true);

  const train = page.locator('#train');
  await train.getByRole('button', { name: 'Measure now' }).click();
  const speeds = page.getByRole('table', { name: 'Backend speeds' });
  await expect(speeds).toContainText('(chosen)', { timeout: 90_000 });
  await expect(page.getByText('The training worker stopped')).toHaveCount(0);
  const wasmRow = speeds.locator('tbody tr', { hasText: 'wasm' });
  await expect(wasmRow.locator('td').first()).toHaveText(/^[\d,]+$/);
  if (isIsolated) {
    // The threaded build started (tfjs-wasm says how many threads its pool uses), or the note says why it did not.
    await expect(wasmRow.locator('td').nth(1)).toHaveText(/^(one thread|\d+ threads)$|threaded wasm did not start/);
  } else {
    await expect(wasmRow).toContainText('one thread — the page is not cross-origin isolated');
  }
  const chosen = (await page.getByTestId('train-backend').textContent()) ?? '';
  if (chosen === 'wasm') await expect(page.getByTestId('train-backend-threads')).toHaveText(/^(one thread|\d+ threads)$/);
  console.log(`${test.info().project.name}: backend speeds ${(await speeds.locator('tbody tr').allInnerTexts()).join(' | ')}`);

  const status = page.getByTestId('train-status');
  for (const [batch, runs] of [
    [256, 1],
    [1024, 2],
  ] as const) {
    const size = train.getByLabel('Batch size', { exact: true });
    await size.fill(String(batch));
    await train.getByLabel('Epochs', { exact: true }).fill('2');
    await train.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Run history', exact: true }).locator('tbody tr')).toHaveCount(runs, { timeout: 30_000 });
    await expect(status).toHaveText(/^Training finished/, { timeout: 120_000 });
    console.log(`${test.info().project.name}: batch ${batch}: ${await status.textContent()}`);
  }
});
