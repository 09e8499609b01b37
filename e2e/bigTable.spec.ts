import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, openEmptyNotebook, test } from './fixtures';

/**
 * The events table of a multi-million-row capture: a browser caps an element at ~33.5 M px, so
 * a spacer of rows × 30 px cannot reach past ~1.1 M rows. The table scales its scrollbar; End,
 * the wheel and Home must still reach the last and the first event. The capture (2.5 M process
 * starts, ~1.9 GB) is generated once into the temp folder and reused; it is never in git.
 */

const EVENTS = 2_500_000;
const CAPTURE = join(tmpdir(), 'etwlab-e2e', `big-${EVENTS}-starts-seed5.jsonl`);

interface Start {
  time: string;
  name: string;
}

/** The last `count` process starts of the file, read from its tail (the file is too big to read whole). */
function lastStarts(path: string, count: number): Start[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, count * 1200 + 4096);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    // The first line of the tail may be cut.
    return lines.slice(-count).map(startOf);
  } finally {
    closeSync(fd);
  }
}

/** The first process start of the file. */
function firstStart(path: string): Start {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    readSync(fd, buffer, 0, buffer.length, 0);
    return startOf(buffer.toString('utf8').split('\n')[0] ?? '');
  } finally {
    closeSync(fd);
  }
}

function startOf(line: string): Start {
  const time = /"TimeStamp":"([^"]+)"/.exec(line)?.[1];
  const image = /"ImageName":"([^"]+)"/.exec(line)?.[1];
  if (time === undefined || image === undefined) throw new Error(`${CAPTURE}: a line without TimeStamp or ImageName: ${line.slice(0, 200)}`);
  const name = image.replace(/\\\\/g, '\\').split('\\').at(-1) ?? image;
  // The table shows UTC as "2026-03-06 23:59:59.775Z".
  const shown = new Date(Date.parse(time)).toISOString().replace('.000Z', 'Z').replace('T', ' ');
  return { time: shown, name };
}

function ensureCapture(): void {
  if (existsSync(CAPTURE)) return;
  mkdirSync(join(tmpdir(), 'etwlab-e2e'), { recursive: true });
  const partial = `${CAPTURE}.part`;
  execFileSync(
    'node',
    [resolve(import.meta.dirname, '..', 'scripts', 'generate-capture.mjs'), '--out', partial, '--events', String(EVENTS), '--starts-only', '--seed', '5'],
    {
      stdio: 'inherit',
    },
  );
  renameSync(partial, CAPTURE);
}

async function expectRow(rows: Locator, rowIndex: number, start: Start): Promise<void> {
  const row = rows.locator(`[aria-rowindex="${rowIndex}"]`);
  await expect(row).toContainText(start.time);
  await expect(row.getByRole('cell').nth(3)).toHaveText(start.name);
}

test.describe('events table of a multi-million-row capture', () => {
  test.setTimeout(900_000);

  test('End, the wheel and Home reach the last and the first of 2.5 million events', async ({ page }) => {
    ensureCapture();
    const tail = lastStarts(CAPTURE, 200);
    const first = firstStart(CAPTURE);
    await openEmptyNotebook(page);
    await page.getByLabel('Open capture').setInputFiles(CAPTURE);
    await expect(page.getByTestId('load-status')).toHaveText(/^Loaded/, { timeout: 600_000 });

    const events = page.getByRole('table', { name: 'Events', exact: true });
    await expect(events).toHaveAttribute('aria-rowcount', String(EVENTS + 1), { timeout: 120_000 });
    const rows = events.getByLabel('Event rows, scrollable');
    // The spacer stays far below the browser's height cap.
    expect(await rows.evaluate((element) => element.scrollHeight)).toBeLessThan(33_554_428 / 4);
    await expectRow(rows, 2, first);

    // End on the focused table: the last event, numbered as the file's last line.
    await rows.focus();
    await page.keyboard.press('End');
    await expectRow(rows, EVENTS + 1, tail.at(-1) ?? first);
    await expectRow(rows, EVENTS, tail.at(-2) ?? first);

    // The wheel near the end moves by its pixels, not by thousands of rows: 3,000 px up is 100 rows.
    const box = await rows.boundingBox();
    if (!box) throw new Error('no table viewport');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -3000);
    // The viewport's top row was index EVENTS − 14 (420 px = 14 rows); now it is 100 rows earlier.
    const topIndex = EVENTS - 14 - 100;
    await expectRow(rows, topIndex + 2, tail.at(topIndex - EVENTS) ?? first);
    await expect(rows.locator(`[aria-rowindex="${EVENTS + 1}"]`)).toHaveCount(0);
    await page.mouse.wheel(0, 3000);
    await expectRow(rows, EVENTS + 1, tail.at(-1) ?? first);

    // PageUp moves one viewport less a row (13 rows); ArrowDown one row.
    await rows.focus();
    await page.keyboard.press('PageUp');
    await expectRow(rows, EVENTS - 14 - 13 + 2, tail.at(-14 - 13) ?? first);
    await expect(rows.locator(`[aria-rowindex="${EVENTS + 1}"]`)).toHaveCount(0);
    await page.keyboard.press('PageDown');
    await expectRow(rows, EVENTS + 1, tail.at(-1) ?? first);

    // Dragging the scrollbar to the middle lands in the middle of the rows.
    await rows.evaluate((element) => {
      element.scrollTop = (element.scrollHeight - element.clientHeight) / 2;
    });
    const middle = Math.floor((EVENTS - 14) / 2);
    await expect(rows.locator(`[aria-rowindex="${middle + 2}"]`)).toContainText('2026-');

    // Home: back to row 1.
    await rows.focus();
    await page.keyboard.press('Home');
    await expectRow(rows, 2, first);
    await expect(rows.locator(`[aria-rowindex="${middle + 2}"]`)).toHaveCount(0);
  });
});
