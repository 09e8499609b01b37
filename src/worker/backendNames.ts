/** The tfjs backends EtwLab measures, fastest-first as usually ranked (no tfjs import here: the UI reads this). */
export type BackendName = 'webgl' | 'wasm' | 'cpu';

export const BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];
