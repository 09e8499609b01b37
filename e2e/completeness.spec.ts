import { writeFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, openCapture, openEmptyNotebook, sharedData, test } from './fixtures';
import { kernelProcessJsonl as kernelCapture } from '../src/test-support/kernelProcessJsonl';

/**
 * Capture completeness in the Load cell (issue 17): a Kernel-Process capture with starts dropped
 * at a known rate in known hours says so in its verdict; a clean one says none are missing; a
 * Sysmon capture says the estimate is not available; excluding the damaged hours marks Train
 * stale and the next run trains on fewer examples.
 */

function verdicts(page: import('@playwright/test').Page): Locator {
  return page.getByTestId('completeness-verdicts');
}

test('starts dropped at a known rate in known hours are reported with that rate and those hours', async ({ page }, testInfo) => {
  // Every 10th process lost on WS-FIN-07 from 09:00 to 11:00 UTC on Tuesday: 10%.
  const capture = kernelCapture([{ host: 'WS-FIN-07', fromHour: 9, toHour: 11, every: 10 }]);
  expect(capture.lostShare[0]).toBeCloseTo(0.1, 2);
  const path = testInfo.outputPath('damaged.jsonl');
  writeFileSync(path, capture.text);
  await openEmptyNotebook(page);
  await openCapture(page, path);
  const shown = verdicts(page);
  await expect(shown).toBeVisible({ timeout: 30_000 });
  // One damaged span, on the host and in the hours the starts were dropped, at the rate dropped (±1 point).
  await expect(shown.getByRole('listitem')).toHaveCount(1);
  await expect(shown).toHaveText(/^WS-FIN-07: ~(9|10|11)% of process starts missing between 09:00 and 11:00 on Tuesday/);
  // The per-host table: the other host lost nothing, this one lost 24 of 2,880 processes.
  const hosts = page.getByTestId('completeness-hosts');
  await expect(hosts.getByRole('row', { name: /WS-HR-02/ })).toContainText('~0 of 1,440 (0.0%)');
  await expect(hosts.getByRole('row', { name: /WS-FIN-07/ })).toContainText('~24 of 1,440 (1.7%)');
  // The heatmap is a chart region with its numbers behind "Show data".
  const heatmap = page.getByRole('region', { name: 'Events per host and hour' });
  await expect(heatmap).toBeVisible();
  await heatmap.getByRole('button', { name: 'Show data' }).click();
  const table = heatmap.getByRole('table', { name: 'Events per host and hour' });
  // 09:00 on WS-FIN-07 kept 108 of 120 processes: 216 events (start and stop), 12 missing.
  await expect(table.getByRole('row', { name: /WS-FIN-07 2026-11-24 09:00/ })).toContainText('216');
  await expect(table.getByRole('row', { name: /WS-FIN-07 2026-11-24 09:00/ })).toContainText('12.0');
  // Explore repeats the verdict where the charts are, and links to the full table in Load.
  const exploreVerdict = page.getByTestId('explore-completeness');
  await expect(exploreVerdict).toContainText('Damaged hours: 1 span on 1 host');
  await expect(exploreVerdict.getByRole('listitem')).toHaveText([/^WS-FIN-07: ~(9|10|11)% of process starts missing between 09:00 and 11:00 on Tuesday/]);
  await exploreVerdict.getByRole('link', { name: 'Completeness per host in Load' }).click();
  await expect(page.getByTestId('completeness')).toBeFocused();
});

test('a clean capture reports no damaged hours', async ({ page }, testInfo) => {
  const path = testInfo.outputPath('clean.jsonl');
  writeFileSync(path, kernelCapture([]).text);
  await openEmptyNotebook(page);
  await openCapture(page, path);
  await expect(verdicts(page)).toHaveText('No damaged hours: no process starts missing overall on 2 hosts with sequence numbers.', { timeout: 30_000 });
  await expect(page.getByText('Exclude damaged hours from training')).toHaveCount(0);
  await expect(page.getByTestId('explore-completeness')).toHaveText(/^No damaged hours: .* Completeness per host in Load$/);
});

test('a Sysmon capture says the lost-starts estimate is not available, not zero', async ({ page }) => {
  const path = sharedData('otrf/cmd_mshta_vbscript_execute_psh_2020-10-2202580804.json');
  test.skip(path === null, '../shared/data/otrf is absent');
  await openEmptyNotebook(page);
  await openCapture(page, path ?? '');
  await expect(verdicts(page)).toHaveText('Lost process starts: not available: Sysmon and Security 4688 events carry no ProcessSequenceNumber.', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('capture-lost-starts')).toHaveText(/^not available/);
  await expect(page.getByTestId('capture-lost-starts')).not.toHaveText(/\b0\b/);
});

test('excluding damaged hours marks Train stale and the next run trains on fewer examples', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  // Two damaged spans on WS-FIN-07, so excluded rows are many: 20% lost 02:00–06:00 and 09:00–11:00.
  const capture = kernelCapture([
    { host: 'WS-FIN-07', fromHour: 2, toHour: 6, every: 5 },
    { host: 'WS-FIN-07', fromHour: 9, toHour: 11, every: 5 },
  ]);
  const path = testInfo.outputPath('damaged-train.jsonl');
  writeFileSync(path, capture.text);
  await openEmptyNotebook(page);
  await openCapture(page, path);
  await expect(verdicts(page).getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });

  // Known bad from the generator (spread over the capture), then a short run on every labelled start.
  const knownBad = page.locator('#known-bad');
  await knownBad.getByLabel('Session times').selectOption({ value: 'inside-capture' });
  await knownBad.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toContainText(/[1-9][\d,]* known bad/, { timeout: 60_000 });
  const features = page.locator('#features');
  const useBalance = features.getByLabel(/Use the balanced/);
  if (await useBalance.isChecked()) await useBalance.uncheck();
  const train = page.locator('#train');
  await train.getByLabel('Epochs').fill('1');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toContainText('Training finished', { timeout: 180_000 });
  const firstExamples = await trainedExamples(page);

  await page.getByLabel(/Exclude damaged hours from training/).check();
  await expect(page.getByTestId('train-state')).toHaveText('stale');
  await expect(train).toContainText('the damaged hours were excluded since run 1');

  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toContainText('Training finished', { timeout: 180_000 });
  const secondExamples = await trainedExamples(page);
  expect(secondExamples).toBeLessThan(firstExamples);
  expect(secondExamples).toBeGreaterThan(0);
});

/** Examples of the latest run: its train, validation and test rows as the Evaluate split line shows them. */
async function trainedExamples(page: import('@playwright/test').Page): Promise<number> {
  const text = (await page.locator('#evaluate .split-line').textContent()) ?? '';
  const match = /([\d,]+) train, ([\d,]+) validation, ([\d,]+) test rows/.exec(text);
  if (!match) throw new Error(`no split counts in "${text}"`);
  return [match[1], match[2], match[3]].reduce((sum, part) => sum + Number((part ?? '').replaceAll(',', '')), 0);
}
