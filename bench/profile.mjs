// @ts-check
/** Reads a DevTools CPU profile (Profiler.stop) as a short self-time ranking. */

/**
 * @typedef {object} ProfileNode
 * @property {number} id
 * @property {{functionName: string, url: string, lineNumber: number, columnNumber: number}} callFrame
 * @property {number[]} [children]
 */

/**
 * @typedef {object} CpuProfile
 * @property {ProfileNode[]} nodes
 * @property {number} startTime
 * @property {number} endTime
 * @property {number[]} [samples]
 * @property {number[]} [timeDeltas]
 */

/**
 * @typedef {object} SelfTime
 * @property {string} function name, file and line
 * @property {number} ms
 * @property {number} share of the busy (non-idle) time
 */

/**
 * `name file:line` of every node, the key functions are grouped by.
 * @param {CpuProfile} profile
 */
function nodeKeys(profile) {
  /** @type {Map<number, string>} */
  const keyOf = new Map();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    const file = frame.url ? frame.url.slice(frame.url.lastIndexOf('/') + 1) : '';
    keyOf.set(node.id, file ? `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}` : frame.functionName);
  }
  return keyOf;
}

/**
 * Total (inclusive) time per function: time with the function anywhere on the stack, counted
 * once per sample even when it recurses. Shares are of the busy time.
 * @param {CpuProfile} profile
 * @param {number} limit
 * @returns {SelfTime[]}
 */
export function topTotalTime(profile, limit) {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const keyOf = nodeKeys(profile);
  /** @type {Map<number, number>} */
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  /** @type {Map<string, number>} */
  const microseconds = new Map();
  let busy = 0;
  for (let i = 0; i < samples.length; i++) {
    const spent = deltas[i + 1] ?? 0;
    const leaf = samples[i] ?? -1;
    if (keyOf.get(leaf) === '(idle)') continue;
    busy += spent;
    /** @type {Set<string>} */
    const seen = new Set();
    for (let id = /** @type {number | undefined} */ (leaf); id !== undefined; id = parentOf.get(id)) {
      const key = keyOf.get(id) ?? '(unknown)';
      if (key === '(root)' || seen.has(key)) continue;
      seen.add(key);
      microseconds.set(key, (microseconds.get(key) ?? 0) + spent);
    }
  }
  return [...microseconds]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([fn, spent]) => ({ function: fn, ms: spent / 1000, share: busy > 0 ? spent / busy : 0 }));
}

/**
 * Self time per function, busiest first. A sample's time is the gap to the next sample, so each
 * interval is charged to the function that was on top of the stack when it began.
 * @param {CpuProfile} profile
 * @param {number} limit
 * @returns {{busyMs: number, idleMs: number, top: SelfTime[], total: SelfTime[]}}
 */
export function topSelfTime(profile, limit) {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const keyOf = nodeKeys(profile);
  /** @type {Map<string, number>} */
  const microseconds = new Map();
  for (let i = 0; i < samples.length; i++) {
    const key = keyOf.get(samples[i] ?? -1) ?? '(unknown)';
    const spent = deltas[i + 1] ?? 0;
    microseconds.set(key, (microseconds.get(key) ?? 0) + spent);
  }
  const idleMs = (microseconds.get('(idle)') ?? 0) / 1000;
  microseconds.delete('(idle)');
  let busyMicroseconds = 0;
  for (const spent of microseconds.values()) busyMicroseconds += spent;
  const top = [...microseconds]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([fn, spent]) => ({ function: fn, ms: spent / 1000, share: busyMicroseconds > 0 ? spent / busyMicroseconds : 0 }));
  return { busyMs: busyMicroseconds / 1000, idleMs, top, total: topTotalTime(profile, limit) };
}
