import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The CSP is sent as a header by the dev and preview servers and repeated as a meta tag in
// index.html, so a static host without header control still gets it.
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * The dev server's hot reload needs an inline script and a websocket that the policy forbids, so
 * `npm run dev` drops the meta tag; `npm start` and every test serve the built app with it.
 */
const withoutCspInDev: Plugin = {
  name: 'etwlab-dev-without-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

export default defineConfig({
  base: './',
  plugins: [react(), withoutCspInDev],
  worker: { format: 'es' },
  server: { headers: { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' } },
  preview: { headers: securityHeaders },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'eslint/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
