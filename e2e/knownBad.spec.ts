import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeCapture } from '../scripts/generate-capture.mjs';
import { expect, openCapture, openEmptyNotebook, test } from './fixtures';

/**
 * Known-bad journey: a capture (known good), an imported known-bad capture, an IOC list that marks
 * capture events, the generator, and balancing; label counts and the active-hours chart by label
 * are checked against counts computed here from the files themselves.
 */

const dir = mkdtempSync(join(tmpdir(), 'etwlab-known-bad-'));
const capture = join(dir, 'capture.jsonl');
const knownBadCapture = join(dir, 'incident-42.jsonl');
const iocList = join(dir, 'iocs.csv');

/** Imported known-bad process starts: three at 02:xx UTC, two at 03:xx. */
const IMPORTED = [
  ['2026-03-03T02:10:00Z', '\\Device\\HarddiskVolume3\\Users\\Public\\m.exe'],
  ['2026-03-03T02:11:00Z', '\\Device\\HarddiskVolume3\\Users\\Public\\rclone.exe'],
  ['2026-03-03T02:15:00Z', '\\Device\\HarddiskVolume3\\Windows\\System32\\whoami.exe'],
  ['2026-03-03T03:01:00Z', '\\Device\\HarddiskVolume3\\ProgramData\\svchost.exe'],
  ['2026-03-03T03:20:00Z', '\\Device\\HarddiskVolume3\\PerfLogs\\adfind.exe'],
] as const;

/** Events of any type whose image is `name` (a stop carries the bare name, a start or image load the path). */
function eventsOfImage(path: string, name: string): number {
  let count = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const image = (JSON.parse(line) as { EventData: { ImageName: string } }).EventData.ImageName;
    if (image.slice(image.lastIndexOf('\\') + 1).toLowerCase() === name) count++;
  }
  return count;
}

interface Start {
  name: string;
  hour: number;
}

function starts(path: string): Start[] {
  const found: Start[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { System: { ID: number; TimeStamp: string }; EventData: { ImageName: string } };
    if (row.System.ID !== 1) continue;
    const image = row.EventData.ImageName;
    found.push({ name: image.slice(image.lastIndexOf('\\') + 1).toLowerCase(), hour: new Date(row.System.TimeStamp).getUTCHours() });
  }
  return found;
}

test.beforeAll(async () => {
  await writeCapture({ events: 3000, seed: 11, days: 2, out: capture, format: 'jsonl' });
  const rows = IMPORTED.map(([time, image], i) =>
    JSON.stringify({
      System: { ID: 1, ProcessID: 4, TimeStamp: time, Provider: '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}', OpCode: 1 },
      ProviderGUID: '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}',
      EventData: { ProcessID: String(9000 + i * 4), ParentProcessID: '8000', ImageName: image, CreateTime: time },
      Hostname: 'WS-FIN-07',
    }),
  );
  writeFileSync(knownBadCapture, `${rows.join('\n')}\n`);
  writeFileSync(iocList, 'name,path,actor,note\nTeams.exe,\\Users\\*\\AppData\\Local\\Microsoft\\Teams\\*,FIN7,test IOC\n,,FIN7,neither name nor path\n');
});

async function knownBadStatus(page: Page): Promise<string> {
  return (await page.getByTestId('known-bad-status').textContent()) ?? '';
}

async function activeHoursByLabel(page: Page): Promise<Map<number, { good: number; bad: number }>> {
  const region = page.getByRole('region', { name: 'Active hours', exact: true });
  const toggle = region.getByRole('button', { name: 'Show data' });
  if (await toggle.isVisible()) await toggle.click();
  const table = region.getByRole('table', { name: 'Active hours', exact: true });
  const header = await table.locator('thead th').allTextContents();
  const goodColumn = header.indexOf('Known good');
  const badColumn = header.indexOf('Known bad');
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent ?? '')));
  const byHour = new Map<number, { good: number; bad: number }>();
  for (const cells of rows) {
    const number = (i: number): number => (i < 0 ? 0 : Number((cells[i] ?? '0').replace(/,/g, '')));
    byHour.set(Number(cells[0]), { good: number(goodColumn), bad: number(badColumn) });
  }
  return byHour;
}

test('import known bad and an IOC list, generate, balance, and read the counts by label', async ({ page }) => {
  const captureStarts = starts(capture);
  const marked = captureStarts.filter((s) => s.name === 'teams.exe').length;
  expect(marked, 'the capture should contain Teams.exe starts for the IOC to mark').toBeGreaterThan(0);
  await openEmptyNotebook(page);
  await openCapture(page, capture);
  await expect(page.getByTestId('known-bad-status')).toHaveText(
    `Process starts: ${captureStarts.length.toLocaleString('en-US')} known good, 0 known bad (0 generated, 0 imported or marked)`,
  );

  const importInput = page.getByLabel('Import known-bad');
  await importInput.setInputFiles(knownBadCapture);
  await expect(page.getByTestId('known-bad-status')).toHaveText(/5 known bad \(0 generated, 5 imported or marked\)/);

  await importInput.setInputFiles(iocList);
  // Every event of a matching image is marked (its start, stop, and the loads of its own image).
  await expect(page.locator('#known-bad')).toContainText(`IOC list iocs.csv: 1 entries, ${eventsOfImage(capture, 'teams.exe')} capture events marked.`);
  await expect(page.getByRole('list', { name: 'Rejected IOC lines' })).toContainText('iocs.csv:3');
  const good = captureStarts.length - marked;
  const imported = 5 + marked;
  expect(await knownBadStatus(page)).toBe(
    `Process starts: ${good.toLocaleString('en-US')} known good, ${imported} known bad (0 generated, ${imported} imported or marked)`,
  );

  // The imported events sit at 02 and 03 UTC in the active-hours table, on top of marked capture events.
  const hours = await activeHoursByLabel(page);
  const markedAt = (hour: number): number => captureStarts.filter((s) => s.name === 'teams.exe' && s.hour === hour).length;
  expect(hours.get(2)?.bad).toBe(3 + markedAt(2));
  expect(hours.get(3)?.bad).toBe(2 + markedAt(3));
  const badTotal = [...hours.values()].reduce((sum, h) => sum + h.bad, 0);
  expect(badTotal).toBe(imported);

  await page.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toHaveText(/\(800 generated/);
  const bad = imported + 800;
  const badText = bad.toLocaleString('en-US');
  expect(await knownBadStatus(page)).toBe(
    `Process starts: ${good.toLocaleString('en-US')} known good, ${badText} known bad (800 generated, ${imported} imported or marked)`,
  );
  await expect(page.getByRole('table', { name: 'Generated known bad by kind' })).toContainText('Actor tooling');
  // Night sessions do not overlap office hours: the app says so before anyone trains.
  await expect(page.getByTestId('overlap-note')).toContainText('hour of day will give the answer away');
  const afterGenerate = await activeHoursByLabel(page);
  expect([...afterGenerate.values()].reduce((sum, h) => sum + h.bad, 0)).toBe(bad);

  await page.getByRole('button', { name: 'Balance', exact: true }).click();
  // 50/50: the smaller class is kept whole and the larger one sampled down to it.
  const side = Math.min(good, bad).toLocaleString('en-US');
  await expect(page.getByTestId('known-bad-status')).toHaveText(new RegExp(`Balanced: ${side} known good, ${side} known bad$`));

  // Same seed, same events: regenerating keeps the counts; a new seed changes the sessions.
  const sessions = await page.getByRole('table', { name: 'Actor sessions' }).textContent();
  await page.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toHaveText(/\(800 generated/);
  expect(await page.getByRole('table', { name: 'Actor sessions' }).textContent()).toBe(sessions);
  await page.getByLabel('Seed').first().fill('7');
  await page.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByRole('table', { name: 'Actor sessions' })).not.toHaveText(sessions ?? '');
});
