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
 * The two headers that make a page cross-origin isolated (SharedArrayBuffer, so tfjs-wasm runs its
 * threaded build). Every resource the app loads is its own, so `require-corp` blocks nothing.
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Preview serves isolated with ETWLAB_ISOLATED=1 (`npm run start:isolated`; the e2e suite serves both
 * ways). Not by default, because it measured slower: tfjs-wasm's threaded build now runs 2 threads on
 * this 2-core machine (src/worker/backend.ts lifts its half-the-cores cap) and its 512² matMul is
 * faster (26 vs 16 GFLOP/s), but training the seed model is not — `node bench/run.mjs --only train
 * --isolated`, same page and run: 2 threads at ×0.44–0.49 of one thread at batch 256 and 1024 (load
 * average 11 from other work; the pool's threads spin-wait for a core another process holds).
 */
const isIsolated = process.env.ETWLAB_ISOLATED === '1';

/**
 * tfjs-backend-wasm starts its threaded build's pthread workers with a script it makes from
 * `wasmFactoryThreadedSimd.toString()`. Once bundled and minified that function names variables of
 * the enclosing bundle ("e is not defined"), so every pthread worker dies and training stops with
 * "Uncaught [object ErrorEvent]". The fix: ship Emscripten's own self-contained glue file as an
 * asset and hand the pthread workers its absolute URL (a same-origin script, allowed by
 * `script-src 'self'`; the blob the library made would also need `script-src blob:`).
 */
export const tfjsWasmPthreadScript: Plugin = {
  name: 'etwlab-tfjs-wasm-pthread-script',
  enforce: 'pre',
  transform(code, id) {
    if (!/@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/.test(id)) return null;
    const blob = /new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\], \{ type: 'text\/javascript' \}\)/;
    if (!blob.test(code)) this.error('tfjs-backend-wasm changed: the pthread script patch no longer applies (see vite.config.ts)');
    return {
      code:
        `import etwlabPthreadMainUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';\n` +
        code.replace(blob, 'new URL(etwlabPthreadMainUrl, self.location.href).href'),
      map: null,
    };
  },
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
  plugins: [react(), withoutCspInDev, tfjsWasmPthreadScript],
  worker: { format: 'es', plugins: () => [tfjsWasmPthreadScript] },
  server: { headers: { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' } },
  preview: { headers: isIsolated ? { ...securityHeaders, ...isolationHeaders } : securityHeaders },
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'eslint/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
