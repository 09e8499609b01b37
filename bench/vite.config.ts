import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { contentSecurityPolicy } from '../vite.config.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// The same CSP as the app, so backends load under the same rules (wasm from our own origin).
const headers = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Bench-only build: bench/train.html and its worker, importing the app's src/ modules. */
export default defineConfig({
  root: repoRoot,
  base: './',
  publicDir: false,
  worker: { format: 'es' },
  preview: { headers },
  build: {
    target: 'es2022',
    outDir: 'bench/out/train-dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    rollupOptions: { input: fileURLToPath(new URL('./train.html', import.meta.url)) },
  },
});
