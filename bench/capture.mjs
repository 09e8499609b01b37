// @ts-check
/** The benchmark capture: generated once with the repo's seeded generator, then reused. */
import { existsSync, statSync, writeFileSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { writeCapture } from '../scripts/generate-capture.mjs';

export const CAPTURE_EVENTS = 1_000_000;
const CAPTURE_SEED = 42;

/**
 * Path of the 1,000,000-event JSON Lines capture (process starts only, seed 42) in `outDir`,
 * generating it when missing or when the recorded generation parameters differ.
 * @param {string} outDir
 * @returns {Promise<{path: string, bytes: number, generatedSeconds: number | null}>}
 */
export async function ensureCapture(outDir) {
  const path = join(outDir, `capture-${CAPTURE_EVENTS}-starts-seed${CAPTURE_SEED}.jsonl`);
  const stampPath = `${path}.done.json`;
  const params = JSON.stringify({ events: CAPTURE_EVENTS, startsOnly: true, seed: CAPTURE_SEED });
  // The stamp is written after a complete write, so an interrupted run never leaves a short file in use.
  if (existsSync(path) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === params) {
    return { path, bytes: statSync(path).size, generatedSeconds: null };
  }
  const partial = `${path}.partial`;
  const result = await writeCapture({ out: partial, events: CAPTURE_EVENTS, startsOnly: true, seed: CAPTURE_SEED });
  renameSync(partial, path);
  writeFileSync(stampPath, params);
  return { path, bytes: result.fileBytes, generatedSeconds: result.seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await ensureCapture(new URL('./out', import.meta.url).pathname);
  console.log(result);
}
