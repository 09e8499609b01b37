#!/usr/bin/env node
// @ts-check
/**
 * `npm run etl -- --out DIR [--known-bad FILE]... [--iocs FILE.csv] INPUT...`
 *
 * Node 20 cannot run TypeScript, and the pipeline must be the app's own src/ code, not a copy:
 * so this bundles scripts/etlCli.ts (and the src/ it imports) with the installed Vite into
 * node_modules/.cache/etwlab-etl/etl.mjs, again whenever a source file is newer than the bundle,
 * then runs it. Dependencies (hyparquet, papaparse) stay imports from node_modules.
 */
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = join(root, 'node_modules', '.cache', 'etwlab-etl');
const bundle = join(outDir, 'etl.mjs');

/** Newest modification time of the TypeScript the CLI is built from. */
function newestSource() {
  let newest = statSync(join(root, 'scripts', 'etlCli.ts')).mtimeMs;
  newest = Math.max(newest, statSync(join(root, 'package.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  const walk = (/** @type {string} */ folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  return newest;
}

function bundleTime() {
  try {
    return statSync(bundle).mtimeMs;
  } catch {
    return -Infinity;
  }
}

/** Builds the CLI bundle when missing or older than its sources. */
export async function ensureEtlBundle() {
  if (bundleTime() >= newestSource()) return bundle;
  const { build } = await import('vite');
  // Built aside and renamed into place, so a run starting meanwhile never imports half a file.
  const buildDir = join(outDir, `build-${process.pid}`);
  await build({
    configFile: false,
    root,
    logLevel: 'error',
    build: {
      ssr: join(root, 'scripts', 'etlCli.ts'),
      outDir: buildDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'etl.mjs' } },
    },
  });
  renameSync(join(buildDir, 'etl.mjs'), bundle);
  rmSync(buildDir, { recursive: true, force: true });
  return bundle;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let code = 1;
  try {
    const built = await ensureEtlBundle();
    const cli = await import(pathToFileURL(built).href);
    code = await cli.main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`etl: could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  }
  process.exitCode = code;
}
