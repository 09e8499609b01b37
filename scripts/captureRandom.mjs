// @ts-check
/**
 * Seeded randomness and stable hashing for the capture model: the same seed gives the same
 * capture on every platform.
 */

/**
 * @typedef {object} Random
 * @property {() => number} next uniform in [0, 1)
 * @property {(n: number) => number} int uniform integer in [0, n)
 * @property {(lo: number, hi: number) => number} range uniform in [lo, hi)
 * @property {(p: number) => boolean} chance
 * @property {() => number} exp exponential with mean 1
 * @property {(lo: number, hi: number) => number} logUniform
 */

/**
 * mulberry32: small, fast, good enough for synthetic data, and identical on every platform.
 * @param {number} seed
 * @returns {Random}
 */
export function mulberry32(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    exp: () => -Math.log(1 - next()),
    logUniform: (lo, hi) => lo * Math.pow(hi / lo, next()),
  };
}

/** FNV-1a over UTF-16 code units: stable per-image constants (checksums, bases). @param {string} text */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** @param {number} value */
export const hex = (value) => `0x${value.toString(16).toUpperCase()}`;
