import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, fixture, openCapture, openEmptyNotebook, test } from './fixtures';

/**
 * Explore journey: open a capture, read every chart's numbers behind "Show data" and compare
 * them with counts this test makes itself from the fixture file; filter by clicking; page
 * through the events table; present; and show hostile names as text, never as markup.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const SCREENSHOTS = process.env.EXPLORE_SCREENSHOTS;

interface Start {
  timeMs: number;
  name: string;
  folder: string;
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry: unknown = Object.entries(value).find(([name]) => name === key)?.[1];
  return entry;
}

/** Process starts of a 0.74 JSONL fixture, with name and folder split the simple way. */
function processStarts(file: string): Start[] {
  const starts: Start[] = [];
  for (const line of readFileSync(fixture(file), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row: unknown = JSON.parse(line);
    if (field(field(row, 'System'), 'ID') !== 1) continue;
    const time = field(field(row, 'System'), 'TimeStamp');
    const image = field(field(row, 'EventData'), 'ImageName');
    if (typeof time !== 'string' || typeof image !== 'string') throw new Error(`fixture row without time or image: ${line}`);
    const path = image.replace(/\//g, '\\').replace(/^\\Device\\[^\\]+/i, '');
    const cut = path.lastIndexOf('\\');
    starts.push({ timeMs: Date.parse(time), name: path.slice(cut + 1), folder: path.slice(0, cut) || '\\' });
  }
  return starts;
}

function hourOf(start: Start, offsetMinutes = 0): number {
  return new Date(start.timeMs + offsetMinutes * 60_000).getUTCHours();
}

function weekdayOf(start: Start): number {
  return new Date(start.timeMs).getUTCDay();
}

/** [value, count] sorted by count, then value, as the charts rank them. */
function ranked(values: string[], n: number): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}

function chart(page: Page, title: string): Locator {
  return page.getByRole('region', { name: title, exact: true });
}

/** Opens a chart's "Show data" table and returns its header and body cells as text. */
async function readChartTable(page: Page, title: string): Promise<string[][]> {
  const region = chart(page, title);
  const toggle = region.getByRole('button', { name: 'Show data' });
  if (await toggle.isVisible()) await toggle.click();
  const table = region.getByRole('table', { name: title, exact: true });
  await expect(table).toBeVisible();
  const header = await table.locator('thead th').allTextContents();
  const body = await table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => cell.textContent ?? '')));
  return [header, ...body];
}

async function waitForCharts(page: Page, matched: number, total: number): Promise<void> {
  await expect(page.getByTestId('explore-status')).toHaveText(`Showing ${matched} of ${total} events.`);
  await expect(chart(page, 'Active hours').locator('.barlayer .point').first()).toBeVisible();
}

function eventCount(file: string): number {
  return readFileSync(fixture(file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '').length;
}

test.describe('Explore', () => {
  test('every chart table matches counts computed from the capture', async ({ page }) => {
    const starts = processStarts('explore-capture.jsonl');
    await openEmptyNotebook(page);
    await openCapture(page, fixture('explore-capture.jsonl'));
    await waitForCharts(page, starts.length, eventCount('explore-capture.jsonl'));

    const byHour = (offset = 0) => Array.from({ length: 24 }, (_, hour) => starts.filter((s) => hourOf(s, offset) === hour).length);
    expect(await readChartTable(page, 'Active hours')).toEqual([
      ['Hour', 'Known good', 'Total'],
      ...byHour().map((count, hour) => [String(hour), String(count), String(count)]),
    ]);

    const byWeekday = WEEKDAYS.map((_, day) => starts.filter((s) => weekdayOf(s) === day).length);
    expect(await readChartTable(page, 'Weekdays')).toEqual([
      ['Weekday', 'Known good', 'Total'],
      ...WEEKDAYS.map((day, i) => [day, String(byWeekday[i]), String(byWeekday[i])]),
    ]);

    const heat = await readChartTable(page, 'Hour × weekday');
    expect(heat[0]).toEqual(['Hour', ...WEEKDAYS, 'Total']);
    for (let hour = 0; hour < 24; hour++) {
      const cells = WEEKDAYS.map((_, day) => starts.filter((s) => hourOf(s) === hour && weekdayOf(s) === day).length);
      expect(heat[hour + 1]).toEqual([String(hour), ...cells.map(String), String(cells.reduce((a, b) => a + b, 0))]);
    }

    const topNames = ranked(
      starts.map((s) => s.name),
      10,
    );
    expect(topNames).toHaveLength(10);
    expect(await readChartTable(page, 'Top 10 file names')).toEqual([
      ['File name', 'Known good', 'Total'],
      ...topNames.map(([name, count]) => [name, String(count), String(count)]),
    ]);
    const topPaths = ranked(
      starts.map((s) => s.folder),
      10,
    );
    expect(await readChartTable(page, 'Top 10 file paths')).toEqual([
      ['File path', 'Known good', 'Total'],
      ...topPaths.map(([folder, count]) => [folder, String(count), String(count)]),
    ]);

    const summary = page.getByLabel('Explore summary');
    await expect(summary.getByRole('definition').nth(1)).toHaveText(String(new Set(starts.map((s) => s.name.toLowerCase())).size));
    await expect(summary.getByRole('definition').nth(2)).toHaveText(String(new Set(starts.map((s) => s.folder.toLowerCase())).size));

    if (SCREENSHOTS)
      await page
        .getByRole('region', { name: /Explore/ })
        .first()
        .screenshot({ path: `${SCREENSHOTS}/explore-section.png` });

    // N is adjustable and the title follows it.
    await page.locator('#explore').getByLabel('Bars in top charts', { exact: true }).selectOption('5');
    expect(await readChartTable(page, 'Top 5 file names')).toEqual([
      ['File name', 'Known good', 'Total'],
      ...ranked(
        starts.map((s) => s.name),
        5,
      ).map(([name, count]) => [name, String(count), String(count)]),
    ]);

    // Another time zone (South Africa keeps UTC+2 all year) moves every event two hours later.
    await page.locator('#explore').getByLabel('Time zone', { exact: true }).selectOption('Africa/Johannesburg');
    await expect(chart(page, 'Active hours').getByText('Hour of day (Africa/Johannesburg)')).toBeVisible();
    expect(await readChartTable(page, 'Active hours')).toEqual([
      ['Hour', 'Known good', 'Total'],
      ...byHour(120).map((count, hour) => [String(hour), String(count), String(count)]),
    ]);
  });

  test('clicking a bar filters every chart, chips clear it, and the table pages through the rows', async ({ page }) => {
    const starts = processStarts('explore-capture.jsonl');
    const total = eventCount('explore-capture.jsonl');
    await openEmptyNotebook(page);
    await openCapture(page, fixture('explore-capture.jsonl'));
    await waitForCharts(page, starts.length, total);
    await expect(page.getByText('Event: process start', { exact: true })).toBeVisible();

    // The events table holds only the rows in view, and fetches later pages on scroll.
    const events = page.getByRole('table', { name: 'Events', exact: true });
    await expect(events).toHaveAttribute('aria-rowcount', String(starts.length + 1));
    const drawn = await events.getByRole('row').count();
    expect(drawn).toBeLessThan(60);
    await events.getByLabel('Event rows, scrollable').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    const lastRow = events.locator(`[aria-rowindex="${starts.length + 1}"]`);
    await expect(lastRow).toContainText('process start');
    const last = [...starts].sort((a, b) => a.timeMs - b.timeMs).at(-1);
    await expect(lastRow).toContainText(last?.name ?? '?');

    // Click the longest bar of the top names.
    const [topName, topCount] = ranked(
      starts.map((s) => s.name),
      1,
    )[0] ?? ['', 0];
    const bar = chart(page, 'Top 10 file names').locator('.barlayer .point').first();
    await bar.scrollIntoViewIfNeeded();
    const box = await bar.boundingBox();
    if (!box) throw new Error('no bar');
    // Plotly clicks the point under its hover, so hover first, as a user's mouse does.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.locator('.hoverlayer').getByText(`File name: ${topName}`).first()).toBeVisible();
    await page.mouse.down();
    await page.mouse.up();
    // The chip (Plotly's hover label may still show the same words while the charts redraw).
    const chips = page.getByRole('group', { name: 'Active filters' });
    await expect(chips.getByText(`File name: ${topName}`, { exact: true })).toBeVisible();
    await expect(page.getByTestId('explore-status')).toHaveText(`Showing ${topCount} of ${total} events.`);
    expect((await readChartTable(page, 'Active hours')).slice(1).reduce((sum, row) => sum + Number(row.at(-1)), 0)).toBe(topCount);
    await expect(events).toHaveAttribute('aria-rowcount', String(topCount + 1));

    // A table row filters too: the hour with most of this name's starts.
    const hours = starts.filter((s) => s.name === topName).map((s) => hourOf(s));
    const [busiest, busiestCount] = ranked(hours.map(String), 1)[0] ?? ['0', 0];
    await chart(page, 'Active hours').getByRole('table').getByRole('button', { name: busiest, exact: true }).click();
    await expect(page.getByText(new RegExp(`^Hour: ${busiest}:00`))).toBeVisible();
    await expect(page.getByTestId('explore-status')).toHaveText(`Showing ${busiestCount} of ${total} events.`);

    await page.getByRole('button', { name: `Clear filter File name: ${topName}` }).click();
    await expect(chips.getByText(`File name: ${topName}`, { exact: true })).toHaveCount(0);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await expect(page.getByTestId('explore-status')).toHaveText(`Showing ${total} of ${total} events.`);
    await expect(page.getByText('No filters: every event is shown.')).toBeVisible();
  });

  test('presenter mode shows one chart full screen, moves with arrows and leaves with Escape', async ({ page }) => {
    const starts = processStarts('explore-capture.jsonl');
    await openEmptyNotebook(page);
    await openCapture(page, fixture('explore-capture.jsonl'));
    await waitForCharts(page, starts.length, eventCount('explore-capture.jsonl'));

    const present = chart(page, 'Active hours').getByRole('button', { name: 'Present' });
    await present.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toHaveText('Active hours');
    await expect(dialog.locator('.barlayer .point').first()).toBeVisible();
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/explore-presenter.png` });
    await page.keyboard.press('ArrowRight');
    await expect(dialog.getByRole('heading')).toHaveText('Weekdays');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(dialog.getByRole('heading')).toHaveText('Top 10 file paths');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/explore-presenter-paths.png` });
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(present).toBeFocused();
  });

  test('names and folders with markup show as literal text and never run', async ({ page }) => {
    const starts = processStarts('explore-hostile.jsonl');
    await openEmptyNotebook(page);
    await openCapture(page, fixture('explore-hostile.jsonl'));
    await waitForCharts(page, starts.length, eventCount('explore-hostile.jsonl'));

    const names = await readChartTable(page, 'Top 10 file names');
    expect(names.slice(1).map((row) => row[0])).toEqual(
      ranked(
        starts.map((s) => s.name),
        10,
      ).map(([name]) => name),
    );
    const paths = await readChartTable(page, 'Top 10 file paths');
    expect(paths.slice(1).map((row) => row[0])).toEqual(
      ranked(
        starts.map((s) => s.folder),
        10,
      ).map(([folder]) => folder),
    );

    const literalNames = ['<img src=x onerror=window.__pwned=1>', 'javascript:alert(1)', '&lt;b&gt;entity.exe', 'script>.exe'];
    const nameChart = chart(page, 'Top 10 file names');
    for (const name of literalNames) {
      await expect(nameChart.getByRole('table').getByText(name, { exact: true })).toBeVisible();
      await expect(nameChart.locator('svg .ytick text').getByText(name, { exact: true })).toHaveCount(1);
    }
    const literalFolders = ['\\Users\\<script>window.__pwned=1<', '\\javascript:alert(1)'];
    const pathChart = chart(page, 'Top 10 file paths');
    for (const folder of literalFolders) {
      await expect(pathChart.getByRole('table').getByText(folder, { exact: true })).toBeVisible();
      await expect(pathChart.locator('svg .ytick text').getByText(folder, { exact: true })).toHaveCount(1);
    }

    // Hover a hostile bar (hover text is HTML to Plotly), filter to it (chip), present it.
    // Bars follow the ranking: cmd.exe (7), then the <img> name (6).
    await nameChart.locator('.barlayer .point').nth(1).scrollIntoViewIfNeeded();
    const hostileBar = await nameChart.locator('.barlayer .point').nth(1).boundingBox();
    if (!hostileBar) throw new Error('no bar');
    await page.mouse.move(hostileBar.x + hostileBar.width / 2, hostileBar.y + hostileBar.height / 2);
    await expect(page.locator('.hoverlayer').getByText('File name: <img src=x onerror=window.__pwned=1>').first()).toBeVisible();
    await nameChart.getByRole('table').getByRole('button', { name: '<img src=x onerror=window.__pwned=1>', exact: true }).click();
    await expect(page.getByText('File name: <img src=x onerror=window.__pwned=1>', { exact: true })).toBeVisible();
    await expect(
      page.getByRole('table', { name: 'Events', exact: true }).getByText('<img src=x onerror=window.__pwned=1>', { exact: true }).first(),
    ).toBeVisible();

    // The SVG export keeps the text literal (escaped in the file).
    await page.getByRole('button', { name: 'Clear all' }).click();
    await expect(page.getByTestId('explore-status')).toHaveText(`Showing ${starts.length} of ${starts.length} events.`);
    const download = page.waitForEvent('download');
    await nameChart.getByRole('button', { name: 'Save Top 10 file names as SVG' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('etwlab-top-names.svg');
    const path = await file.path();
    const svg = readFileSync(path, 'utf8');
    const svgTexts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) =>
      (match[1] ?? '')
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
        .replace(/&(lt|gt|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', amp: '&' })[name] ?? ''),
    );
    for (const name of literalNames) expect(svgTexts).toContain(name);
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    if (SCREENSHOTS) await nameChart.screenshot({ path: `${SCREENSHOTS}/explore-hostile.png` });

    expect(await page.evaluate(() => typeof Reflect.get(window, '__pwned'))).toBe('undefined');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
  });
});
