// @ts-check
/** Node side of the training benchmark: opens bench/train.html in Chromium and reads its result. */

/**
 * @param {{browser: import('@playwright/test').Browser, origin: string, rows: number, capSeconds: number, backends: string[], batchSizes: number[], maxThreads?: number, log: (line: string) => void}} options
 * @returns {Promise<import('./trainBenchProtocol').TrainBenchResult>}
 */
export async function runTrainBenchmarkPage({ browser, origin, rows, capSeconds, backends, batchSizes, maxThreads = 8, log }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('[train-bench] ')) log(`  ${text.slice('[train-bench] '.length)}`);
      else if (message.type() === 'error') log(`  console error: ${text}`);
    });
    page.on('pageerror', (error) => log(`  page error: ${error.message}`));
    const query = new URLSearchParams({
      rows: String(rows),
      cap: String(capSeconds),
      backends: backends.join(','),
      batches: batchSizes.join(','),
      threads: String(maxThreads),
    });
    await page.goto(`${origin}/bench/train.html?${query}`);
    const status = page.getByTestId('bench-status');
    await status.filter({ hasText: /^(Done|Failed)$/ }).waitFor({ timeout: 900_000 });
    const text = (await page.getByTestId('bench-result').textContent()) ?? '';
    if ((await status.textContent()) !== 'Done') throw new Error(`training benchmark failed in the page: ${text}`);
    return JSON.parse(text);
  } finally {
    await context.close();
  }
}
