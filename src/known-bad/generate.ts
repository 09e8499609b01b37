/**
 * Seeded synthetic known-bad process starts, shaped on the user's capture (its hosts, volumes,
 * folders and most frequent names) so that a model has to learn more than "unusual".
 * Two families, after the seed post: actor tooling mixed with the ordinary programs actors also
 * run, and impersonation of legitimate processes (wrong folder, near-miss name, wrong parent).
 */
import { seededRandom } from '../lib/random';
import { KnownBadMaker } from './eventMaker';
import type { CaptureProfile } from './profile';
import { loadSeedTable, type SeedTable } from './seedTable';
import { buildSessions, type ActorSession } from './sessions';
import type { KnownBadSettings } from './settings';
import type { KnownBadEvent, KnownBadKind } from './types';

// The settings live in ./settings; callers that generate also import them from here.
export { DEFAULT_KNOWN_BAD_SETTINGS, type KnownBadMix, type KnownBadSettings } from './settings';

/** A generated set: the events, the actor sessions they fall in, and how many of each kind. */
export interface KnownBadRun {
  events: KnownBadEvent[];
  sessions: ActorSession[];
  /** Events per kind. */
  counts: Record<Exclude<KnownBadKind, 'imported'>, number>;
}

/** Splits a total into whole counts proportional to the weights (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + Math.max(0, w), 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, c) => a + c, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

const KINDS = ['actor-tool', 'masquerade-folder', 'near-miss-name', 'wrong-parent'] as const;

/**
 * Generates known-bad process starts for a capture. The same profile, settings and examples
 * give the same events; `seedExamples` (imported real known-bad) add their names, folders and
 * sessions. `table` defaults to the built-in LOLBAS/Sigma seed table.
 */
export function generateKnownBad(
  profile: CaptureProfile,
  settings: KnownBadSettings,
  seedExamples: readonly KnownBadEvent[] = [],
  table: SeedTable = loadSeedTable(),
): KnownBadRun {
  const random = seededRandom(settings.seed);
  const sessions = buildSessions(profile, {
    count: settings.sessions,
    pattern: settings.sessionPattern,
    iocs: settings.iocs,
    examples: seedExamples,
    random,
  });
  const generator = new KnownBadMaker(profile, settings, table, seedExamples, random);
  const shells = sessions.map(() => generator.shell());
  const total = sessions.length * Math.max(0, Math.floor(settings.eventsPerSession));
  const { actorTools, masqueradeFolder, nearMissName, wrongParent } = settings.mix;
  const perKind = apportion(total, [actorTools, masqueradeFolder, nearMissName, wrongParent]);
  const kinds: (typeof KINDS)[number][] = [];
  KINDS.forEach((kind, i) => {
    for (let n = 0; n < (perKind[i] ?? 0); n++) kinds.push(kind);
  });

  const counts = { 'actor-tool': 0, 'masquerade-folder': 0, 'near-miss-name': 0, 'wrong-parent': 0 };
  const events: KnownBadEvent[] = [];
  if (sessions.length === 0) return { events, sessions, counts };
  for (const kind of kinds) {
    const sessionIndex = random.int(sessions.length);
    const session = sessions[sessionIndex];
    const shell = shells[sessionIndex];
    if (session === undefined || shell === undefined) continue;
    const event = generator.event(kind, session, shell);
    if (event === null) continue;
    counts[kind]++;
    events.push(event);
  }
  events.sort((a, b) => a.timeMs - b.timeMs || a.sessionId - b.sessionId);
  return { events, sessions, counts };
}
