import { defineConfig } from '@playwright/test';

/** Debian's Chromium (apt-get install chromium); Playwright's own browser download is not reachable here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

// E2E_PORT lets several checkouts run their browser tests side by side without reusing each other's server.
const PORT = Number(process.env.E2E_PORT ?? 4317);
// The second server, for the training journey on the other kind of host (see `projects`).
const OTHER_PORT = Number(process.env.E2E_OTHER_PORT ?? PORT + 1000);

/**
 * `npm start` serves the app without COEP (single-threaded wasm; ETWLAB_ISOLATED=1 makes Vite's
 * preview cross-origin isolated, see vite.config.ts). The suite runs everything like npm start, and
 * the training journeys again on an isolated server (COOP + COEP: threaded wasm), so both hosts stay working.
 */
const servers = [
  { port: PORT, isolated: false },
  { port: OTHER_PORT, isolated: true },
] as const;

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1400, height: 1000 },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium' }, metadata: { isolated: servers[0].isolated } },
    {
      name: 'chromium-isolated',
      testMatch: /(train|anomaly|isolation)\.spec\.ts$/,
      use: { browserName: 'chromium', baseURL: `http://127.0.0.1:${OTHER_PORT}/` },
      metadata: { isolated: servers[1].isolated },
    },
  ],
  // The production build (built once), served by Vite's preview server with the same headers as npm start.
  webServer: [
    {
      command: `node scripts/ensure-demo.mjs && npx vite build --logLevel warn && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
      env: { ETWLAB_ISOLATED: servers[0].isolated ? '1' : '0' },
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
    {
      // Started after the first is up (Playwright starts them in order), so it serves the same dist/, with COEP.
      command: `npx vite preview --host 127.0.0.1 --port ${OTHER_PORT} --strictPort`,
      env: { ETWLAB_ISOLATED: servers[1].isolated ? '1' : '0' },
      url: `http://127.0.0.1:${OTHER_PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 240_000,
    },
  ],
});
