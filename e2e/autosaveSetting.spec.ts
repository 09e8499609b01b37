import { expect, openEmptyNotebook, test } from './fixtures';

/** The autosave size is one labelled control: its label, field and unit never split across lines. */
test('the autosave size reads as one control at any toolbar width', async ({ page }) => {
  await openEmptyNotebook(page);
  const group = page.getByRole('group', { name: 'Autosave size' });
  const field = page.getByLabel('Autosave captures up to');
  await expect(field).toBeVisible();
  await expect(group).toContainText('events');
  await expect(field).toHaveAccessibleDescription(/a larger capture keeps only its summary/);
  for (let width = 700; width <= 1400; width += 50) {
    await page.setViewportSize({ width, height: 900 });
    const [label, input, unit] = await Promise.all([
      group.locator('label').boundingBox(),
      field.boundingBox(),
      group.getByText('events', { exact: true }).boundingBox(),
    ]);
    const middles = [label, input, unit].map((box) => (box === null ? Number.NaN : box.y + box.height / 2));
    const spread = Math.max(...middles) - Math.min(...middles);
    expect(spread, `label, field and unit on one line at ${width} px`).toBeLessThan(6);
  }
});

/** The toolbar's other labelled choices wrap as a whole too: a label never ends a line with its select on the next. */
test('"Run to export" and "Parquet of" stay beside their selects at any toolbar width', async ({ page }) => {
  await openEmptyNotebook(page);
  const toolbar = page.getByRole('region', { name: 'Notebook tools' });
  for (let width = 700; width <= 1400; width += 50) {
    await page.setViewportSize({ width, height: 900 });
    for (const name of ['Run to export', 'Parquet of']) {
      const [label, select] = await Promise.all([toolbar.locator('label', { hasText: name }).boundingBox(), toolbar.getByLabel(name).boundingBox()]);
      const gap = label === null || select === null ? Number.NaN : Math.abs(label.y + label.height / 2 - (select.y + select.height / 2));
      expect(gap, `"${name}" on the line of its select at ${width} px`).toBeLessThan(6);
    }
  }
});
