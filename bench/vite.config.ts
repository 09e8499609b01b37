import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { contentSecurityPolicy, isolationHeaders, tfjsWasmPthreadScript } from '../vite.config.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// The same CSP as the app, so backends load under the same rules (wasm from our own origin).
const headers = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // `node bench/run.mjs --isolated` serves cross-origin isolated (SharedArrayBuffer: threaded wasm).
  ...(process.env.BENCH_ISOLATED === '1' ? isolationHeaders : {}),
};

/** Bench-only build: bench/train.html and its worker, importing the app's src/ modules. */
export default defineConfig({
  root: repoRoot,
  base: './',
  publicDir: false,
  // The app's patch that lets the threaded wasm build start its pthread workers once bundled.
  plugins: [tfjsWasmPthreadScript],
  worker: { format: 'es', plugins: () => [tfjsWasmPthreadScript] },
  preview: { headers },
  build: {
    target: 'es2022',
    outDir: 'bench/out/train-dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    rollupOptions: { input: fileURLToPath(new URL('./train.html', import.meta.url)) },
  },
});
