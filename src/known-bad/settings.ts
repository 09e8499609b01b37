/** The settings of a known-bad run and their defaults: what the notebook saves and the URL carries. */
import type { IocEntry } from './iocCsv';
import type { SessionPattern } from './sessions';

/** Shares of the generated events by family; they need not sum to 1 (they are normalised). */
export interface KnownBadMix {
  actorTools: number;
  masqueradeFolder: number;
  nearMissName: number;
  wrongParent: number;
}

/** Everything that decides a generated set: the same settings give the same events. */
export interface KnownBadSettings {
  seed: number;
  /** Sessions drawn from the pattern when IOC and imported sessions are fewer. */
  sessions: number;
  eventsPerSession: number;
  mix: KnownBadMix;
  sessionPattern: SessionPattern;
  /** Let actors run LOLBAS binaries from their documented folders. */
  includeLolbas: boolean;
  /** Use Sigma's wrong-parent rule for wrong parents (else a built-in list of expected parents). */
  includeSigma: boolean;
  /** Imported IOC list: its names and folders join the actor tools, its first/last seen times become sessions. */
  iocs: readonly IocEntry[];
}

/** The settings a new notebook starts with. */
export const DEFAULT_KNOWN_BAD_SETTINGS: KnownBadSettings = {
  seed: 1,
  sessions: 6,
  eventsPerSession: 40,
  mix: { actorTools: 0.5, masqueradeFolder: 1 / 6, nearMissName: 1 / 6, wrongParent: 1 / 6 },
  sessionPattern: { kind: 'night' },
  includeLolbas: true,
  includeSigma: true,
  iocs: [],
};
