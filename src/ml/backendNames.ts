/** The tfjs backends EtwLab measures, fastest-first as usually ranked (no tfjs import here: the UI reads this). */
export type BackendName = 'webgl' | 'wasm' | 'cpu';

export const BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/** One backend's measurement. */
export interface BackendTrial {
  backend: BackendName;
  /** Examples per second of a short training burst; null when it could not start. */
  examplesPerSecond: number | null;
  /** Why it could not start, or a caveat (software WebGL). */
  note: string | null;
  /** Threads it computes on (wasm: more than one when the page is cross-origin isolated). */
  threads?: number;
}

export interface BackendChoice {
  chosen: BackendName;
  trials: BackendTrial[];
  /** The WebGL renderer, to tell a real GPU from SwiftShader. */
  renderer: string | null;
}
