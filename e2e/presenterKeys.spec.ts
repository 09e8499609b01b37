import { expect, fixture, openCapture, openEmptyNotebook, test } from './fixtures';

/** Presenter mode with a chart open: an arrow key moves the chart overlay only, Esc closes only the overlay. */
test('one key press makes one move when a chart is presented inside presenter mode', async ({ page }) => {
  await openEmptyNotebook(page);
  await openCapture(page, fixture('explore-capture.jsonl'));
  await page.getByRole('region', { name: 'Notebook tools' }).getByRole('button', { name: 'Present', exact: true }).click();
  const bar = page.getByRole('status', { name: 'Presenter mode' });
  await page.keyboard.press('ArrowRight');
  await expect(bar).toContainText('Section 2 of 6');

  const present = page.getByRole('region', { name: 'Active hours', exact: true }).getByRole('button', { name: 'Present' });
  await present.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText('Active hours');
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('heading')).toHaveText('Weekdays');
  await expect(bar).toContainText('Section 2 of 6');
  await page.keyboard.press('ArrowLeft');
  await expect(dialog.getByRole('heading')).toHaveText('Active hours');
  await expect(bar).toContainText('Section 2 of 6');

  // Esc closes the chart; presenter mode stays, on the same section, and the next arrow moves it.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(bar).toContainText('Section 2 of 6');
  await page.keyboard.press('ArrowRight');
  await expect(bar).toContainText('Section 3 of 6');
});
