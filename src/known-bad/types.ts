/** Known-bad events: imported real ones and synthetic ones made to resemble the capture. */

/** Why an event is known bad. */
export const KNOWN_BAD_KINDS = ['actor-tool', 'masquerade-folder', 'near-miss-name', 'wrong-parent', 'imported'] as const;
export type KnownBadKind = (typeof KNOWN_BAD_KINDS)[number];

export function isKnownBadKind(value: unknown): value is KnownBadKind {
  return KNOWN_BAD_KINDS.some((kind) => kind === value);
}

/** One process start (event 1) labelled known bad. */
export interface KnownBadEvent {
  eventId: 1;
  /** Epoch ms UTC. */
  timeMs: number;
  host: string;
  /** Full path in the capture's style: `C:\Users\Public\svchost.exe` or `\Device\HarddiskVolume3\…`. */
  imageName: string;
  parentImage: string | null;
  processId: number;
  parentProcessId: number;
  kind: KnownBadKind;
  /** The actor session the event was drawn from (not the Windows logon session). */
  sessionId: number;
  /** Why it is bad, for people: "svchost.exe in \Users\Public instead of \Windows\System32". */
  note: string;
}
