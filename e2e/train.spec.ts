import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Train journey on the bundled demo capture: generate known bad, train a short run and read the
 * loss table behind "Show data"; stop a long run; and train twice with the same seed to get the
 * same losses. TRAIN_SCREENSHOTS=dir saves pictures of the Features and Train cells.
 */

const SCREENSHOTS = process.env.TRAIN_SCREENSHOTS;

async function openDemoWithKnownBad(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByTestId('load-status')).toHaveText(/^Loaded/, { timeout: 90_000 });
  await page.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toHaveText(/, [1-9][\d,]* known bad/, { timeout: 60_000 });
}

function trainCell(page: Page): Locator {
  return page.locator('#train');
}

async function setNumber(page: Page, label: string, value: number): Promise<void> {
  const input = trainCell(page).getByLabel(label, { exact: true });
  await input.fill(String(value));
  await expect(input).toHaveValue(String(value));
}

/** Opens "Show data" of the Training loss chart and returns its table. */
async function lossTable(page: Page): Promise<Locator> {
  const chart = page.getByRole('region', { name: 'Training loss', exact: true });
  const button = chart.getByRole('button', { name: 'Show data' });
  if (await button.isVisible()) await button.click();
  return page.getByRole('table', { name: 'Training loss', exact: true });
}

async function cellsOf(table: Locator): Promise<{ header: string[]; rows: string[][] }> {
  const header = await table.locator('thead th').allTextContents();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td, th'), (cell) => cell.textContent ?? '')));
  return { header, rows };
}

function runRows(page: Page): Locator {
  return page.getByRole('table', { name: 'Run history', exact: true }).locator('tbody tr');
}

test('trains two epochs and shows the loss per epoch', async ({ page }) => {
  await openDemoWithKnownBad(page);
  await setNumber(page, 'Epochs', 2);
  await setNumber(page, 'Batch size', 256);
  await trainCell(page).getByRole('button', { name: 'Train', exact: true }).click();
  const status = page.getByTestId('train-status');
  await expect(status).toHaveText(/^Training finished/, { timeout: 90_000 });

  const { header, rows } = await cellsOf(await lossTable(page));
  expect(header).toEqual(['Epoch', 'Loss', 'Validation loss']);
  expect(rows.map((row) => row[0])).toEqual(['1', '2']);
  for (const row of rows) {
    for (const cell of row.slice(1)) {
      expect(cell).toMatch(/^\d+\.\d{4}$/);
      expect(Number(cell)).toBeGreaterThan(0);
    }
  }

  // The model summary and the run history describe the run.
  await expect(page.getByRole('table', { name: 'Model summary' })).toContainText('hidden_1');
  await expect(runRows(page)).toHaveCount(1);
  await expect(runRows(page).first()).toContainText('finished');
  // The backend chosen for the run and every backend's speed.
  const speeds = page.getByRole('table', { name: 'Backend speeds' });
  await expect(speeds).toContainText('(chosen)');
  console.log(`backend speeds: ${(await speeds.locator('tbody tr').allInnerTexts()).join(' | ')}`);
  // The encoded preview and the exact input width of the run.
  await expect(page.getByRole('table', { name: 'Encoded preview' })).toBeVisible();
  // The settings are in the address.
  await expect(page).toHaveURL(/#config=[A-Za-z0-9_-]+$/);

  if (SCREENSHOTS) {
    await page.locator('#features').screenshot({ path: `${SCREENSHOTS}/features.png` });
    await trainCell(page).screenshot({ path: `${SCREENSHOTS}/train.png` });
  }
});

test('Stop ends a long run and keeps the epochs so far', async ({ page }) => {
  test.setTimeout(240_000);
  await openDemoWithKnownBad(page);
  await setNumber(page, 'Epochs', 50);
  await trainCell(page).getByRole('button', { name: 'Train', exact: true }).click();
  const table = await lossTable(page);
  await expect(table.locator('tbody tr').first()).toBeVisible({ timeout: 90_000 });
  if (SCREENSHOTS) await trainCell(page).screenshot({ path: `${SCREENSHOTS}/train-running.png` });
  await trainCell(page).getByRole('button', { name: 'Stop', exact: true }).click();
  const status = page.getByTestId('train-status');
  await expect(status).toHaveText(/^Training stopped after epoch \d+/);
  const stoppedAfter = Number(/after epoch (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
  const { rows } = await cellsOf(table);
  expect(rows.length).toBe(stoppedAfter);
  expect(rows.length).toBeGreaterThanOrEqual(1);
  expect(rows.length).toBeLessThan(50);
  await expect(runRows(page).first()).toContainText('stopped');
});

test('the same seed and settings give the same losses', async ({ page }) => {
  await openDemoWithKnownBad(page);
  await setNumber(page, 'Epochs', 2);
  await setNumber(page, 'Batch size', 256);
  const train = trainCell(page).getByRole('button', { name: 'Train', exact: true });
  const tables: string[][][] = [];
  for (const runs of [1, 2]) {
    await train.click();
    await expect(runRows(page)).toHaveCount(runs);
    await expect(runRows(page).first()).toContainText('finished', { timeout: 90_000 });
    const { rows } = await cellsOf(await lossTable(page));
    expect(rows).toHaveLength(2);
    tables.push(rows);
  }
  expect(tables[1]).toEqual(tables[0]);
  console.log(`same-seed runs on ${await runRows(page).first().locator('td').nth(4).textContent()}: ${JSON.stringify(tables[0])}`);
});

test('a settings link fills the form, edits update it, a broken one is ignored', async ({ page, context }) => {
  const wire = {
    v: 1,
    f: [['hour', 'o', 8]],
    mv: 700,
    ev: [1],
    ub: 0,
    m: { h: [[16, 'relu']], l2: 0, d: 0, o: 'adam', lr: 0.01, e: 7, bs: 64, vs: 0.1, ts: 0.3, s: 5, p: 2 },
    sp: 'time',
  };
  await page.goto(`./?demo=0#config=${Buffer.from(JSON.stringify(wire)).toString('base64url')}`);
  const cell = trainCell(page);
  await expect(cell.getByLabel('Epochs', { exact: true })).toHaveValue('7');
  await expect(cell.getByLabel('Batch size', { exact: true })).toHaveValue('64');
  await expect(cell.getByLabel('Learning rate', { exact: true })).toHaveValue('0.01');
  await expect(cell.getByLabel('Units of layer 1')).toHaveValue('16');
  await expect(cell.getByLabel('Activation of layer 1')).toHaveValue('relu');
  await expect(cell.getByLabel('Units of layer 2')).toHaveCount(0);
  await expect(cell.getByLabel('Split')).toHaveValue('time');
  await expect(page.getByLabel('Treatment of hour')).toHaveValue('off');
  await expect(page.getByLabel('Max vocabulary')).toHaveValue('700');
  await expect(page.getByLabel('Use the balanced selection')).not.toBeChecked();

  await setNumber(page, 'Epochs', 9);
  await cell.getByRole('button', { name: 'Add layer' }).click();
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^#config=/);
  await expect
    .poll(() => {
      const text = new URL(page.url()).hash.slice('#config='.length);
      const read: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      return read;
    })
    .toMatchObject({
      m: {
        e: 9,
        h: [
          [16, 'relu'],
          [8, 'relu'],
        ],
      },
      sp: 'time',
    });

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await cell.getByRole('button', { name: 'Copy link to these settings' }).click();
  await expect(cell.getByText('Link copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());

  await page.goto('./?demo=0#config=bm9wZQ');
  await page.reload();
  await expect(cell.getByRole('alert')).toHaveText('The settings in this link were ignored: the text is not JSON.');
  await expect(cell.getByLabel('Epochs', { exact: true })).toHaveValue('10');
});
