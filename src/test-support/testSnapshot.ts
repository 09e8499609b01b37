import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CaptureSnapshot } from '../formats/captureSnapshot';
import { DataSession } from '../worker/dataSession';

/** A real capture snapshot, as a notebook file carries one: a session that loaded e2e/fixtures/explore-capture.jsonl. */
export async function testCaptureSnapshot(): Promise<CaptureSnapshot> {
  const text = readFileSync(resolve(process.cwd(), 'e2e/fixtures/explore-capture.jsonl'), 'utf8');
  const session = new DataSession(() => undefined);
  await session.load(1, { files: [new File([text], 'explore-capture.jsonl')], mode: 'replace', label: 'known-good' }, new AbortController().signal);
  const snapshot = session.snapshot();
  if (!snapshot) throw new Error('the session holds no capture after loading explore-capture.jsonl');
  return snapshot;
}
