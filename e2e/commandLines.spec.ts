import type { Page } from '@playwright/test';
import { expect, fixture, openCapture, openEmptyNotebook, test } from './fixtures';

/**
 * Command lines (Sysmon event 1 and Security 4688 carry them; ETW does not) stay with the
 * capture: after a reload that restores the autosaved notebook, and through a notebook file
 * exported with the capture and opened in a fresh notebook.
 */

const CAPTURE = fixture('command-lines.jsonl');

/** Image name shown in the events table → the command line its hover text adds, as in the fixture. */
const COMMAND_LINES: readonly [string, string][] = [
  ['cmd.exe', 'cmd.exe /c "C:\\Users\\analyst\\Desktop\\setup.bat" --quiet'],
  ['whoami.exe', 'whoami /all'],
  ['powershell.exe', 'powershell.exe -NoProfile -EncodedCommand SQBFAFgA'],
  ['net.exe', 'net.exe user analyst /domain'],
  ['schtasks.exe', 'schtasks.exe /create /tn Updater /tr C:\\ProgramData\\upd.exe /sc hourly'],
  ['reg.exe', 'reg.exe query HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run'],
];

/** Every start of the fixture shows its command line when hovered in the events table. */
async function expectCommandLines(page: Page): Promise<void> {
  const table = page.getByRole('table', { name: 'Events', exact: true });
  for (const [name, commandLine] of COMMAND_LINES) {
    await expect(table.getByTitle(`${name}\n${commandLine}`, { exact: true })).toHaveText(name);
  }
}

test('command lines survive a reload and a notebook file exported with the capture', async ({ page }, testInfo) => {
  await openEmptyNotebook(page);
  const loaded = await openCapture(page, CAPTURE);
  expect(loaded).toMatch(/^Loaded 6 events /);
  await expectCommandLines(page);

  await page.getByLabel('with the labelled capture').check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export notebook' }).click();
  const notebookPath = testInfo.outputPath((await download).suggestedFilename());
  await (await download).saveAs(notebookPath);

  await expect(page.getByTestId('autosave-status')).toHaveText(/^Saved in this browser at /, { timeout: 30_000 });
  await page.reload();
  await expect(page.getByTestId('restore-status')).toHaveText(/^Restored from .+\.$/);
  await expect(page.getByTestId('load-status')).toHaveText(loaded);
  await expectCommandLines(page);

  // A fresh notebook, then the file: the capture comes back from the file alone.
  await page.getByRole('button', { name: 'Start fresh' }).click();
  await expect(page.getByTestId('load-status')).toHaveText('No capture loaded yet.');
  await page.getByLabel('Import notebook').setInputFiles(notebookPath);
  await expect(page.getByTestId('notebook-status')).toContainText('Opened ');
  await expect(page.getByTestId('load-status')).toHaveText(loaded);
  await expectCommandLines(page);
});
