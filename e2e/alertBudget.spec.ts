import { expect, test } from './fixtures';

/**
 * The alert budget in Evaluate (issue 17): the hunter states K alerts per host per day; each
 * scorer's threshold keeps its validation alerts within K, and the detection rate printed for the
 * test split is the count of flagged known-bad events over the known-bad events the split holds.
 */

const K = 3;

function count(text: string): number {
  return Number(text.replaceAll(',', ''));
}

test('a budget of K alerts per host per day keeps validation within K and prints a detection rate that adds up', async ({ page }) => {
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

  await evaluate.getByLabel('Alert budget: alerts per host per day (K)').fill(String(K));
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
  await expect(chart.getByRole('table', { name: 'Alerts per host per day' }).locator('tbody tr').first()).toBeVisible();
});
