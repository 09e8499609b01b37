import { writeFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { expect, openCapture, openEmptyNotebook, sharedData, test } from './fixtures';

/**
 * Capture completeness in the Load cell (issue 17): a Kernel-Process capture with starts dropped
 * at a known rate in known hours says so in its verdict; a clean one says none are missing; a
 * Sysmon capture says the estimate is not available; excluding the damaged hours marks Train
 * stale and the next run trains on fewer examples.
 */

/** Tuesday 24 November 2026, 00:00 UTC. */
const START_MS = Date.UTC(2026, 10, 24);
const STARTS_PER_HOUR = 120;
const HOURS = 12;
const KERNEL_PROCESS = '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}';

interface Drop {
  host: string;
  fromHour: number;
  toHour: number;
  /** Every `every`-th process of those hours is lost (start, stop and all): a share of 1/every. */
  every: number;
}

function row(host: string, id: 1 | 2, timeMs: number, pid: number, sequence: number, image: string): string {
  const eventData: Record<string, string> = { ProcessID: String(pid), ProcessSequenceNumber: String(sequence), ImageName: image };
  if (id === 1) Object.assign(eventData, { ParentProcessID: '4000', ParentProcessSequenceNumber: '900', SessionID: '1' });
  return JSON.stringify({
    System: { ID: id, ProcessID: 4, TimeStamp: new Date(timeMs).toISOString(), Provider: KERNEL_PROCESS, OpCode: id },
    EventData: eventData,
    Hostname: host,
  });
}

/**
 * A capture of two hosts, one start every 30 s per host numbered by a ProcessSequenceNumber that
 * grows by one per process; each process stops 10 s later; `drops` lose whole processes.
 * Answers the JSONL text and the true share lost per drop.
 */
function kernelCapture(drops: readonly Drop[], known?: { host: string; hour: number; count: number }): { text: string; lostShare: number[] } {
  const lines: { timeMs: number; line: string }[] = [];
  const created = drops.map(() => 0);
  const lost = drops.map(() => 0);
  const images = [
    '\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe',
    '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
    '\\Device\\HarddiskVolume3\\Program Files\\App\\app.exe',
  ];
  for (const [hostIndex, host] of ['WS-FIN-07', 'WS-HR-02'].entries()) {
    let sequence = 1000;
    for (let i = 0; i < HOURS * STARTS_PER_HOUR; i++) {
      const timeMs = START_MS + i * (3_600_000 / STARTS_PER_HOUR) + hostIndex * 1000;
      const hour = Math.floor(i / STARTS_PER_HOUR);
      sequence++;
      const pid = 8 + 4 * (i % 5000);
      let isLost = false;
      drops.forEach((drop, index) => {
        if (drop.host !== host || hour < drop.fromHour || hour >= drop.toHour) return;
        created[index] = (created[index] ?? 0) + 1;
        if (sequence % drop.every === 0) {
          isLost = true;
          lost[index] = (lost[index] ?? 0) + 1;
        }
      });
      if (isLost) continue;
      const image = images[i % images.length] ?? '';
      lines.push({ timeMs, line: row(host, 1, timeMs, pid, sequence, image) });
      lines.push({ timeMs: timeMs + 10_000, line: row(host, 2, timeMs + 10_000, pid, sequence, image) });
    }
  }
  if (known) {
    for (let i = 0; i < known.count; i++) lines.push({ timeMs: START_MS + known.hour * 3_600_000 + i * 1000, line: '' });
  }
  lines.sort((a, b) => a.timeMs - b.timeMs);
  return {
    text: `${lines
      .map((l) => l.line)
      .filter((l) => l !== '')
      .join('\n')}\n`,
    lostShare: created.map((count, index) => (lost[index] ?? 0) / Math.max(1, count)),
  };
}

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
});

test('a clean capture reports no damaged hours', async ({ page }, testInfo) => {
  const path = testInfo.outputPath('clean.jsonl');
  writeFileSync(path, kernelCapture([]).text);
  await openEmptyNotebook(page);
  await openCapture(page, path);
  await expect(verdicts(page)).toHaveText('No damaged hours: no process starts missing overall on 2 hosts with sequence numbers.', { timeout: 30_000 });
  await expect(page.getByText('Exclude damaged hours from training')).toHaveCount(0);
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
  await expect(train.getByText(/Stale/).first()).toBeVisible();
  await expect(page.locator('#train')).toContainText('damaged hours were excluded since run 1');

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
