/**
 * Real known-bad samples shipped with the app (public/samples/known-bad/), for "Import known-bad"
 * to offer by name beside file upload. Each is a capture file the ordinary readers accept.
 */

/** One shipped sample: what the offer says and where the file is served. */
export interface RealKnownBadSample {
  readonly id: string;
  /** Button or menu text. */
  readonly name: string;
  /** One sentence on what it is and where it comes from. */
  readonly description: string;
  /** Path under the app's base URL (Vite serves public/ at the root). */
  readonly path: string;
  /** File name to give the fetched File, so readers detect the layout as for an upload. */
  readonly fileName: string;
  readonly licence: string;
}

/** Every shipped real known-bad sample. */
export const realKnownBadSamples: readonly RealKnownBadSample[] = [
  {
    id: 'otrf-atomic',
    name: 'Real attacks: OTRF atomic (98 process starts)',
    description:
      'Sysmon process starts of the attacker only, from 49 OTRF Security-Datasets attack simulations (Empire, Covenant, Atomic Red Team), background activity removed using each dataset’s record of the commands run.',
    path: 'samples/known-bad/otrf-atomic.jsonl',
    fileName: 'otrf-atomic.jsonl',
    licence: 'BSD 3-Clause, © 2018 Roberto Rodriguez (OTRF Security-Datasets)',
  },
];

/** The sample with this id, or undefined. */
export function realKnownBadSample(id: string): RealKnownBadSample | undefined {
  return realKnownBadSamples.find((sample) => sample.id === id);
}
