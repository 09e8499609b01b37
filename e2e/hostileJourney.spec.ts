import { expect, fixture, openCapture, openEmptyNotebook, test } from './fixtures';

/**
 * The whole journey — load, explore, known bad, train, evaluate — on a capture whose file names
 * and folders carry markup and script. Under the automatic guard (no foreign requests, no console
 * errors) nothing may run, and the strings must show as literal text wherever they appear.
 */
const IMG = '<img src=x onerror=window.__pwned=1>';

test('a hostile capture goes through every section as text and runs nothing', async ({ page }) => {
  test.setTimeout(240_000);
  await openEmptyNotebook(page);
  await openCapture(page, fixture('explore-hostile.jsonl'));

  // Explore: the hostile name is a top file name, shown literally in the data table.
  const names = page.getByRole('region', { name: 'Top 10 file names', exact: true });
  await names.getByRole('button', { name: 'Show data' }).click();
  await expect(names.getByRole('table', { name: 'Top 10 file names', exact: true })).toContainText(IMG);

  // Known bad: the generator imitates capture names, hostile ones included.
  await page.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toContainText('generated');
  await page.getByRole('button', { name: 'Balance', exact: true }).click();
  await expect(page.getByTestId('known-bad-status')).toContainText('Balanced:');

  // Train with every default (a tiny balanced set: 54 examples) and score the capture.
  const train = page.locator('#train');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toContainText('Training finished', { timeout: 180_000 });
  const evaluate = page.locator('#evaluate');
  await evaluate.getByRole('button', { name: 'Score the capture' }).click();
  const ranked = evaluate.getByRole('table', { name: 'Most suspicious events' });
  await expect(ranked).toBeVisible({ timeout: 60_000 });
  await expect(ranked).toContainText('<script>window.__pwned=1<');
  // Generated near-miss names in the capture's javascript: folder rank first with the defaults
  // (seeded, the same under Node's cpu backend). The &lt;b&gt;entity.exe rows rank from about 140th:
  // their name and folder are unseen in known good, so their inputs differ from the actor tools'
  // only by hour and weekday, and asking for them in the top 50 would ask for chance again.
  // (e2e/explore.spec.ts shows every hostile name and folder literally.)
  await expect(ranked).toContainText('\\javascript:alert(1)');
  expect(await ranked.locator('script, img, a').count()).toBe(0);

  // Nothing ran, and no element was made from the strings.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('script:not([src])').count()).toBe(0);
});
