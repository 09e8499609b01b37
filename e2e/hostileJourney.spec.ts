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
  // Which hostile rows reach the top 50 is the tiny model's call, not the renderer's: trained on 54
  // examples, most generated rows share pooled name and folder ids and tie (the listed ones all
  // scored 0.777 when the seeded dropout stream changed, and the javascript: folder's near-misses
  // fell below them); ties list rarer names and folders first (ml/rankEvents.ts). So the test asks
  // for the <script> folder, which the generator copies into many known-bad rows, and that no listed
  // cell became markup or a link. (e2e/explore.spec.ts shows every hostile name and folder, the
  // javascript: one included, literally.)
  expect(await ranked.locator('script, img, a').count()).toBe(0);

  // Nothing ran, and no element was made from the strings.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('script:not([src])').count()).toBe(0);
});
