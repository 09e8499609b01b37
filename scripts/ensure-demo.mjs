#!/usr/bin/env node
// @ts-check
/**
 * Makes sure the demo capture the app opens with exists and is current: regenerates
 * `public/samples/demo-capture.jsonl` (seed 42, default settings, Hostname on each row so that
 * several hosts share one file) and its manifest `demo-capture.json` when either is missing or
 * older than the generator. Deterministic, so regenerating an unchanged generator gives the
 * same bytes.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeCapture, describeResult, resolveOptions, hostProfiles, clientIdOf } from './generate-capture.mjs';

const scriptsDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(scriptsDir);

/** Seed of the demo capture. */
export const DEMO_SEED = 42;

/**
 * @typedef {object} DemoPaths
 * @property {string} capture
 * @property {string} manifest
 * @property {string[]} sources files whose change makes the demo stale
 */

/** @param {string} [samplesDir] @returns {DemoPaths} */
export function demoPaths(samplesDir = join(root, 'public', 'samples')) {
  return {
    capture: join(samplesDir, 'demo-capture.jsonl'),
    manifest: join(samplesDir, 'demo-capture.json'),
    sources: ['generate-capture.mjs', 'captureModel.mjs', 'captureCatalog.mjs', 'captureHosts.mjs', 'captureSimulation.mjs', 'captureRandom.mjs'].map((file) =>
      join(scriptsDir, file),
    ),
  };
}

/** @param {DemoPaths} paths */
export function isDemoStale(paths) {
  if (!existsSync(paths.capture) || !existsSync(paths.manifest)) return true;
  const newestSource = Math.max(...paths.sources.map((file) => statSync(file).mtimeMs));
  return Math.min(statSync(paths.capture).mtimeMs, statSync(paths.manifest).mtimeMs) < newestSource;
}

/**
 * Regenerates the demo capture and manifest when stale.
 * @param {DemoPaths} [paths]
 * @returns {Promise<{regenerated: boolean, message: string}>}
 */
export async function ensureDemo(paths = demoPaths()) {
  if (!isDemoStale(paths)) return { regenerated: false, message: `demo capture is up to date: ${relative(root, paths.capture)}` };
  await mkdir(dirname(paths.capture), { recursive: true });
  const options = resolveOptions({ seed: DEMO_SEED });
  const result = await writeCapture({ ...options, out: paths.capture, format: 'jsonl' });
  const manifest = {
    file: 'demo-capture.jsonl',
    rows: result.rows,
    counts: result.byEventId,
    rowsPerHost: result.byHost,
    hosts: hostProfiles(options.hosts).map((h) => ({ name: h.name, clientId: clientIdOf(h.name), tzHours: h.tzHours })),
    seed: options.seed,
    days: options.days,
    start: options.start,
    bytes: result.fileBytes,
    generatedBy: 'scripts/generate-capture.mjs',
  };
  await writeFile(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return { regenerated: true, message: describeResult({ ...result, out: relative(root, result.out) }) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { message } = await ensureDemo();
  console.log(message);
}
