// @ts-check
/** The benchmark captures: generated once with the repo's seeded generator, then reused. */
import { existsSync, statSync, writeFileSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { writeCapture } from '../scripts/generate-capture.mjs';

export const CAPTURE_EVENTS = 1_000_000;
const CAPTURE_SEED = 42;

/**
 * Path of the `events`-event capture (process starts only, seed 42) in `outDir` as JSON Lines
 * (default), GUI CSV or gzip JSON Lines, generating it when missing or when the recorded
 * generation parameters differ. Every variant holds the same rows, so the JSON Lines file is the
 * CSV's parsed text and the gzip file's decompressed text.
 * @param {string} outDir
 * @param {{events?: number, format?: 'jsonl' | 'csv', gzip?: boolean}} [variant]
 * @returns {Promise<{path: string, bytes: number, generatedSeconds: number | null}>}
 */
export async function ensureCapture(outDir, variant = {}) {
  const { events = CAPTURE_EVENTS, format = 'jsonl', gzip = false } = variant;
  const path = join(outDir, `capture-${events}-starts-seed${CAPTURE_SEED}.${format}${gzip ? '.gz' : ''}`);
  const stampPath = `${path}.done.json`;
  const params = JSON.stringify({ events, startsOnly: true, seed: CAPTURE_SEED, ...(format === 'jsonl' ? {} : { format }), ...(gzip ? { gzip } : {}) });
  // The stamp is written after a complete write, so an interrupted run never leaves a short file in use.
  if (existsSync(path) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === params) {
    return { path, bytes: statSync(path).size, generatedSeconds: null };
  }
  const partial = `${path}.partial`;
  const result = await writeCapture({ out: partial, events, startsOnly: true, seed: CAPTURE_SEED, format, gzip });
  renameSync(partial, path);
  writeFileSync(stampPath, params);
  return { path, bytes: statSync(path).size, generatedSeconds: result.seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await ensureCapture(new URL('./out', import.meta.url).pathname);
  console.log(result);
}
