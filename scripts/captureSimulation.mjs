// @ts-check
/**
 * The simulation of the capture model: power schedules per host, an activity rhythm in each
 * host's local time, a process table with pid reuse and per-host sequence numbers, and a
 * time-ordered row queue that yields Velociraptor `watch_etw` rows in the 0.74+ shape.
 * What runs where comes from scripts/captureCatalog.mjs.
 */
import { CATALOG, COMMON_DLLS, WOW64_DLLS, NATIVE_DLLS, BACKGROUND_TASK_PACKAGES, BOOT_SCRIPT, LOGON_SCRIPT, OPEN_BEFORE_CAPTURE } from './captureCatalog.mjs';
import { mulberry32, fnv1a, hex } from './captureRandom.mjs';
import { hostProfiles } from './captureHosts.mjs';

/** @typedef {import('./captureCatalog.mjs').CatalogEntry} CatalogEntry */
/** @typedef {import('./captureCatalog.mjs').ScriptStep} ScriptStep */
/** @typedef {import('./captureRandom.mjs').Random} Random */
/** @typedef {import('./captureHosts.mjs').HostProfile} HostProfile */
/** @typedef {import('./captureModel.mjs').ResolvedOptions} ResolvedOptions */

/** Microsoft-Windows-Kernel-Process. */
export const PROVIDER_GUID = '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}';

// Time inside the model is an integer count of 100 ns ticks since the capture start (FILETIME
// resolution); epoch nanoseconds would not fit in a double.
const TICKS_PER_MS = 10_000;
const TICKS_PER_SECOND = 10_000_000;
const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;
const MINUTES_PER_DAY = 1440;
const LRM = '\u200e';

// ── Small structures ────────────────────────────────────────────────────────────────────────

/** @param {{t: number, n: number}} a @param {{t: number, n: number}} b */
function earlier(a, b) {
  return a.t < b.t || (a.t === b.t && a.n < b.n);
}

/**
 * Binary min-heap ordered by `t`, then by insertion number `n` (so equal times keep order).
 * @template {{t: number, n: number}} T
 */
class MinHeap {
  constructor() {
    /** @type {T[]} */
    this.items = [];
  }
  get size() {
    return this.items.length;
  }
  /** @returns {T | undefined} */
  peek() {
    return this.items[0];
  }
  /** @param {T} item */
  push(item) {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = /** @type {T} */ (items[parent]);
      if (!earlier(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }
  /** @returns {T | undefined} */
  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    const n = items.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && earlier(/** @type {T} */ (items[right]), /** @type {T} */ (items[left]))) child = right;
      const c = /** @type {T} */ (items[child]);
      if (!earlier(c, last)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

/** Formats ticks since the capture start as the two time shapes a capture carries. */
class TimeFormat {
  /** @param {number} baseMs */
  constructor(baseMs) {
    this.baseMs = baseMs;
    this.second = Number.NaN;
    this.prefix = '';
  }
  /** @param {number} second */
  isoSecond(second) {
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(this.baseMs + second * 1000).toISOString().slice(0, 19);
    }
    return this.prefix;
  }
  /** System.TimeStamp: RFC 3339 UTC with up to 7 fraction digits, trailing zeros dropped (Go's RFC3339Nano). @param {number} tick */
  timeStamp(tick) {
    const second = Math.floor(tick / TICKS_PER_SECOND);
    const fraction = tick - second * TICKS_PER_SECOND;
    const prefix = this.isoSecond(second);
    if (fraction === 0) return `${prefix}Z`;
    return `${prefix}.${String(fraction).padStart(7, '0').replace(/0+$/, '')}Z`;
  }
  /** CreateTime/ExitTime as TdhFormatProperty renders a FILETIME: 9 digits and U+200E marks. @param {number} tick */
  fileTime(tick) {
    const second = Math.floor(tick / TICKS_PER_SECOND);
    const fraction = tick - second * TICKS_PER_SECOND;
    const p = this.isoSecond(second);
    return `${LRM}${p.slice(0, 4)}${LRM}-${LRM}${p.slice(5, 7)}${LRM}-${LRM}${p.slice(8)}.${String(fraction).padStart(7, '0')}00Z`;
  }
}

// ── Catalog lookups ─────────────────────────────────────────────────────────────────────────

/** @type {Map<string, CatalogEntry>} */
const ENTRY_BY_ID = new Map(CATALOG.map((e) => [e.id, e]));

/** @param {string} id @returns {CatalogEntry} */
function entryById(id) {
  const found = ENTRY_BY_ID.get(id);
  if (!found) throw new Error(`unknown catalog entry ${id}`);
  return found;
}

for (const e of CATALOG) for (const [kid] of e.kids) entryById(kid);
for (const [, id] of [...BOOT_SCRIPT, ...LOGON_SCRIPT]) entryById(id);

/** Roles some entry or script step names as a parent: only these are tracked. */
const PARENT_ROLES = new Set([
  'system',
  'svchost',
  'svchost:dcom',
  'svchost:netsvcs',
  'svchost:schedule',
  'services',
  'explorer',
  ...CATALOG.flatMap((e) => e.parents.map(([role]) => role)),
  ...[...BOOT_SCRIPT, ...LOGON_SCRIPT].map((step) => step[2]),
]);

/** @type {[string, number][]} */
const FALLBACK_BG = [
  ['svchost:dcom', 4],
  ['svchost', 1],
  ['services', 1],
  ['system', 0.01],
];
/** @type {[string, number][]} */
const FALLBACK_UI = [
  ['explorer', 4],
  ['svchost:dcom', 1],
  ['services', 0.5],
  ['system', 0.01],
];

/** Pseudo-entry for the System process (pid 4): a parent, never a ProcessStart. */
const SYSTEM_ENTRY = /** @type {CatalogEntry} */ ({ ...entryById('smss'), id: 'system', name: 'System', dir: '', role: 'system', life: 'core', kids: [] });

/** Expected number of attached children (recursively) of one start of `e`. @param {CatalogEntry} e @returns {number} */
function expectedKids(e) {
  let total = e.console ? 0.8 : 0;
  for (const [id, min, max] of e.kids) total += ((min + max) / 2) * (1 + expectedKids(entryById(id)));
  return total;
}

/** Mean lifetimes in seconds (log-uniform bounds). */
const LIFETIME_SECONDS = /** @type {const} */ ({
  blip: [0.02, 3],
  brief: [2, 15],
  short: [1, 150],
  med: [30, 2400],
  long: [600, 4 * 3600],
  day: [2 * 3600, 10 * 3600],
});

/** Token fields [ProcessTokenElevationType, ProcessTokenIsElevated, MandatoryLabel]. */
const SYSTEM_TOKEN = /** @type {const} */ (['1', '1', 'S-1-16-16384']);
const ELEVATED_TOKEN = /** @type {const} */ (['2', '1', 'S-1-16-12288']);

// ── Simulation state ────────────────────────────────────────────────────────────────────────

/**
 * @typedef {object} Interval one power-on period of a host
 * @property {number} boot tick the machine booted (negative: before the capture)
 * @property {number | null} logon tick the user logged on, null when nobody did
 * @property {number} shutdown tick it went down (Infinity: after the capture)
 * @property {number} index boot number on the host, changes ASLR bases
 */

/**
 * @typedef {object} Proc
 * @property {HostState} host
 * @property {CatalogEntry} entry
 * @property {number} pid
 * @property {number} seq
 * @property {number} createTick
 * @property {number} stopTick Infinity when it outlives the capture
 * @property {Proc | null} parent
 * @property {number} session
 * @property {readonly [string, string, string]} token
 * @property {string} imagePath
 * @property {string} createTime formatted CreateTime
 * @property {string} pkg
 * @property {string} appId
 * @property {Dll[]} loaded images with an ImageLoad row (unloaded at exit)
 * @property {number} bootIndex
 */

/**
 * @typedef {object} Dll
 * @property {string} path device path
 * @property {string} base @property {string} size @property {string} checksum
 * @property {string} timeDateStamp @property {string} defaultBase
 */

/**
 * @typedef {object} RowRecord a row waiting in time order
 * @property {number} t tick of System.TimeStamp
 * @property {number} n insertion number
 * @property {1 | 2 | 5 | 6} id
 * @property {Proc} proc
 * @property {Dll | null} dll
 */

/**
 * @typedef {object} BootStep
 * @property {number} t @property {number} n
 * @property {HostState} host @property {Interval} interval
 * @property {CatalogEntry} entry @property {string} parentRole @property {string} extraRole
 * @property {boolean} isSystem
 */

/**
 * @typedef {object} Pool weighted choice of catalog entries
 * @property {CatalogEntry[]} entries
 * @property {Float64Array} cumulative
 */

class HostState {
  /** @param {HostProfile} profile @param {number} index */
  constructor(profile, index) {
    this.profile = profile;
    this.index = index;
    /** @type {Interval[]} */
    this.intervals = [];
    /** @type {Map<string, Proc[]>} */
    this.roles = new Map();
    /** @type {Set<number>} */
    this.alive = new Set([4]);
    /** @type {MinHeap<{t: number, n: number, pid: number}>} */
    this.exits = new MinHeap();
    /** @type {number[]} */
    this.recentlyFreed = [];
    this.seq = 0;
    this.lastTick = -Infinity;
    /** @type {Map<string, Dll>} */
    this.dllCache = new Map();
    /** @type {Map<string, string>} */
    this.dirCache = new Map();
    /** @type {Proc | null} */
    this.system = null;
    const userToken =
      profile.kind === 's'
        ? /** @type {const} */ (['1', '1', 'S-1-16-12288'])
        : profile.userIsAdmin
          ? /** @type {const} */ (['3', '0', 'S-1-16-8192'])
          : /** @type {const} */ (['1', '0', 'S-1-16-8192']);
    /** @type {readonly [string, string, string]} */
    this.userToken = userToken;
    /** @type {readonly [string, string, string]} */
    this.adminToken = profile.kind === 's' ? userToken : ELEVATED_TOKEN;
    this.bgPool = makePool(profile.kind, 'bg');
    this.uiPool = makePool(profile.kind, 'ui');
  }
  /** @param {number} t @returns {Interval | null} */
  intervalAt(t) {
    for (const interval of this.intervals) if (interval.boot <= t && t < interval.shutdown) return interval;
    return null;
  }
  /** @param {string} dir */
  resolveDir(dir) {
    let resolved = this.dirCache.get(dir);
    if (resolved === undefined) {
      resolved = `\\Device\\HarddiskVolume${this.profile.volume}\\${dir.replace('{user}', this.profile.user)}`;
      this.dirCache.set(dir, resolved);
    }
    return resolved;
  }
}

/** @param {string} kind @param {'bg' | 'ui'} cat @returns {Pool} */
function makePool(kind, cat) {
  const entries = CATALOG.filter((e) => e.cat === cat && e.weight > 0 && e.kinds.includes(kind));
  const cumulative = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach((e, i) => {
    sum += e.weight * (e.kindWeight[kind] ?? 1);
    cumulative[i] = sum;
  });
  return { entries, cumulative };
}

/** @param {Pool} pool @param {Random} rng @returns {CatalogEntry} */
function pickFromPool(pool, rng) {
  const total = pool.cumulative[pool.cumulative.length - 1] ?? 0;
  const target = rng.next() * total;
  let lo = 0;
  let hi = pool.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((pool.cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return /** @type {CatalogEntry} */ (pool.entries[lo]);
}

/** Per-image constants that do not depend on the host (same binary everywhere). */
const imageConstants = new Map();
/** @param {string} dir @param {string} name @returns {{checksum: string, timeDateStamp: string, size: string}} */
function constantsOf(dir, name) {
  const key = `${dir}\\${name}`.toLowerCase();
  let constants = imageConstants.get(key);
  if (!constants) {
    const h = fnv1a(key);
    constants = {
      checksum: hex(0x8000 + (fnv1a(`${key}#checksum`) % 0x3f0000)),
      timeDateStamp: hex((fnv1a(`${key}#tds`) | 0x10000000) >>> 0),
      size: hex((0x10 + (h % 0x600)) * 0x1000),
    };
    imageConstants.set(key, constants);
  }
  return constants;
}

// ── The simulation ──────────────────────────────────────────────────────────────────────────

export class Simulation {
  /** @param {ResolvedOptions} options */
  constructor(options) {
    this.o = options;
    this.rng = mulberry32(options.seed);
    // Values drawn while rows are written use their own stream so that writing does not shift the process model.
    this.rowRng = mulberry32(options.seed ^ 0x5bd1e995);
    this.baseMs = Date.parse(`${options.start}T00:00:00Z`);
    this.baseMinute = this.baseMs / 60_000;
    this.windowEnd = Math.round(options.days * TICKS_PER_DAY);
    this.minutes = Math.ceil(options.days * MINUTES_PER_DAY);
    /** @type {MinHeap<RowRecord>} */
    this.rows = new MinHeap();
    this.pushed = 0;
    this.serial = 0;
    this.rowTime = new TimeFormat(this.baseMs);
    this.createTimeFormat = new TimeFormat(this.baseMs);
    this.hosts = hostProfiles(options.hosts, options.hostOverrides).map((p, i) => new HostState(p, i));
    /** @type {BootStep[]} */
    this.bootSteps = [];
    this.reserve = 0;
    this.lastTick = 0;
    /** @type {HostState | null} */
    this.lastHost = null;
    const m = options.imageLoadsPerStart;
    this.meanFollowUps = options.startsOnly ? 0 : m + 0.85 * (1 + m * options.unloadFraction);
  }

  // ── Power schedule and activity weights ──

  planIntervals() {
    for (const host of this.hosts) {
      const p = host.profile;
      const rng = mulberry32(this.o.seed * 31 + fnv1a(p.name));
      const logonDelay = () => Math.round(rng.range(45, 150) * TICKS_PER_SECOND);
      if (p.power === 'always') {
        /** @type {number[]} */
        const reboots = p.reboots
          .map((r) => Math.round((r.day * 24 + r.hour - p.tzHours) * TICKS_PER_HOUR))
          .filter((t) => t > 0 && t < this.windowEnd)
          .sort((a, b) => a - b);
        let boot = -Math.round(rng.range(1.5, 6) * TICKS_PER_DAY);
        for (const shutdown of [...reboots, Infinity]) {
          const logon = p.kind === 's' ? (boot < 0 ? boot + 2 * TICKS_PER_HOUR : null) : boot + logonDelay();
          host.intervals.push({ boot, logon, shutdown, index: host.intervals.length });
          boot = shutdown + Math.round(rng.range(45, 120) * TICKS_PER_SECOND);
        }
      } else {
        const firstDay = Math.floor(this.baseMinute / MINUTES_PER_DAY) - 1;
        const lastDay = firstDay + Math.ceil(this.o.days) + 2;
        for (let day = firstDay; day <= lastDay; day++) {
          const weekday = (day + 4) % 7;
          const bootHour = p.office[0] + rng.range(-0.05, 0.6);
          const shutdownHour = p.office[1] + rng.range(-0.3, 1.3);
          if (weekday === 0 || weekday === 6) continue;
          const toTick = (/** @type {number} */ hour) => Math.round((day * MINUTES_PER_DAY + (hour - p.tzHours) * 60 - this.baseMinute) * TICKS_PER_MINUTE);
          const boot = toTick(bootHour);
          const shutdown = toTick(shutdownHour);
          if (shutdown <= 0 || boot >= this.windowEnd) continue;
          host.intervals.push({ boot, logon: boot + logonDelay(), shutdown: shutdown > this.windowEnd ? Infinity : shutdown, index: host.intervals.length });
        }
      }
    }
  }

  /** Office-hours rhythm in a host's local time. @param {HostProfile} p @param {number} hour @param {number} weekday */
  static officeFactor(p, hour, weekday) {
    if (weekday === 0 || weekday === 6) return 0.05;
    const [start, end] = p.office;
    if (hour >= start && hour < end) {
      if (hour >= 12 && hour < 13) return 0.55;
      if (hour < start + 1) return 0.75;
      return 1;
    }
    if ((hour >= start - 1 && hour < start) || (hour >= end && hour < end + 1)) return 0.3;
    if (hour >= end + 1 && hour < end + 3) return 0.1;
    return 0.03;
  }

  planWeights() {
    const minutes = this.minutes;
    /** @type {{bg: Float64Array, ui: Float64Array}[]} */
    this.weights = this.hosts.map(() => ({ bg: new Float64Array(minutes), ui: new Float64Array(minutes) }));
    this.cumulative = new Float64Array(minutes + 1);
    const quietAfterBoot = 60 * TICKS_PER_SECOND;
    const quietAfterLogon = 25 * TICKS_PER_SECOND;
    const quietBeforeShutdown = 20 * TICKS_PER_SECOND;
    this.hosts.forEach((host, h) => {
      const p = host.profile;
      const w = /** @type {{bg: Float64Array, ui: Float64Array}} */ (this.weights?.[h]);
      for (let m = 0; m < minutes; m++) {
        const from = m * TICKS_PER_MINUTE;
        const to = Math.min(from + TICKS_PER_MINUTE, this.windowEnd);
        const interval = host.intervalAt(from);
        if (!interval || to > interval.shutdown - quietBeforeShutdown || from < interval.boot + quietAfterBoot) continue;
        if (interval.logon !== null && from >= interval.logon - quietAfterBoot && from < interval.logon + quietAfterLogon) continue;
        const localMinute = this.baseMinute + m + p.tzHours * 60;
        const localDay = Math.floor(localMinute / MINUTES_PER_DAY);
        const hour = (localMinute - localDay * MINUTES_PER_DAY) / 60;
        const weekday = (localDay + 4) % 7;
        const minuteOfHour = Math.floor(localMinute) % 60;
        // Scheduled tasks cluster at the top of the hour and in the 03:00 maintenance window.
        const bg = p.bgRate * (minuteOfHour < 3 ? 2.5 : 1) * (hour >= 3 && hour < 4 ? 1.8 : 1);
        const loggedOn = p.kind === 's' || (interval.logon !== null && from >= interval.logon);
        const ui = loggedOn ? p.uiRate * Simulation.officeFactor(p, hour, weekday) : 0;
        const share = (to - from) / TICKS_PER_MINUTE;
        w.bg[m] = bg * share;
        w.ui[m] = ui * share;
      }
    });
    for (let m = 0; m < minutes; m++) {
      let total = 0;
      for (const w of this.weights) total += (w.bg[m] ?? 0) + (w.ui[m] ?? 0);
      this.cumulative[m + 1] = (this.cumulative[m] ?? 0) + total;
    }
  }

  planBoots() {
    let n = 0;
    for (const host of this.hosts) {
      for (const interval of host.intervals) {
        if (interval.boot < 0 || interval.boot >= this.windowEnd) continue;
        this.bootSteps.push(this.systemStep(host, interval, interval.boot, n++));
        for (const step of this.stepsFor(host, interval)) {
          const bootStep = { ...step, n: n++ };
          if (bootStep.t >= this.windowEnd) continue;
          this.bootSteps.push(bootStep);
          const expectedStops = interval.shutdown <= this.windowEnd ? 1 : 0.05;
          const perStart = this.o.startsOnly ? 1 : 1 + this.o.imageLoadsPerStart + expectedStops * (1 + this.o.imageLoadsPerStart * this.o.unloadFraction);
          this.reserve += perStart * (1 + expectedKids(step.entry));
        }
      }
    }
    this.bootSteps.sort((a, b) => a.t - b.t || a.n - b.n);
  }

  /** @param {HostState} host @param {Interval} interval @param {number} t @param {number} n @returns {BootStep} */
  systemStep(host, interval, t, n) {
    return { t, n, host, interval, entry: SYSTEM_ENTRY, parentRole: '', extraRole: '', isSystem: true };
  }

  /** Boot (and logon) steps of one power-on period, in time order. @param {HostState} host @param {Interval} interval */
  stepsFor(host, interval) {
    const kind = host.profile.kind;
    /** @type {BootStep[]} */
    const steps = [];
    /** @param {readonly ScriptStep[]} script @param {number} origin */
    const add = (script, origin) => {
      for (const [seconds, id, parentRole, extraRole, kinds] of script) {
        if (kinds && !kinds.includes(kind)) continue;
        const entryForStep = entryById(id);
        if (!entryForStep.kinds.includes(kind)) continue;
        steps.push({
          t: origin + Math.round(seconds * TICKS_PER_SECOND),
          n: 0,
          host,
          interval,
          entry: entryForStep,
          parentRole,
          extraRole: extraRole ?? '',
          isSystem: false,
        });
      }
    };
    add(BOOT_SCRIPT, interval.boot);
    if (interval.logon !== null) add(LOGON_SCRIPT, interval.logon);
    return steps.sort((a, b) => a.t - b.t);
  }

  // ── Processes ──

  /** Frees the pids of processes that exited by `t`. @param {HostState} host @param {number} t */
  releasePids(host, t) {
    for (let next = host.exits.peek(); next && next.t <= t; next = host.exits.peek()) {
      host.exits.pop();
      host.alive.delete(next.pid);
      host.recentlyFreed.push(next.pid);
    }
    if (host.recentlyFreed.length > 96) host.recentlyFreed.splice(0, 48);
  }

  /** Windows hands out multiples of 4 and soon reuses freed ones. @param {HostState} host @param {boolean} early */
  allocatePid(host, early) {
    const rng = this.rng;
    if (!early && host.recentlyFreed.length > 0 && rng.chance(0.3)) {
      while (host.recentlyFreed.length > 0) {
        const pid = /** @type {number} */ (host.recentlyFreed.pop());
        if (!host.alive.has(pid)) return pid;
      }
    }
    const [low, high] = early ? [80, 1500] : [80, 22000];
    for (let tries = 0; tries < 256; tries++) {
      const pid = low + 4 * rng.int((high - low) / 4);
      if (!host.alive.has(pid)) return pid;
    }
    // A busy host (multi-million-event captures) can fill the usual range, and drawing from a full
    // range never ends; Windows then hands out larger pids. Only reached after 256 misses, so the
    // captures that never fill the range (the demo) come out byte for byte as before.
    for (let widened = high * 4; ; widened *= 2) {
      for (let tries = 0; tries < 256; tries++) {
        const pid = low + 4 * rng.int((widened - low) / 4);
        if (!host.alive.has(pid)) return pid;
      }
    }
  }

  /** @param {HostState} host @param {string} role @param {number} t @returns {Proc | null} */
  aliveInRole(host, role, t) {
    const procs = host.roles.get(role);
    if (!procs) return null;
    let write = 0;
    let eligible = 0;
    for (let read = 0; read < procs.length; read++) {
      const proc = /** @type {Proc} */ (procs[read]);
      if (proc.stopTick <= t) continue;
      procs[write++] = proc;
      if (proc.createTick < t) eligible++;
    }
    procs.length = write;
    if (eligible === 0) return null;
    let pick = this.rng.int(eligible);
    for (const proc of procs) {
      if (proc.createTick >= t) continue;
      if (pick-- === 0) return proc;
    }
    return null;
  }

  /** A running process in one of `roles`, chosen by weight. @param {HostState} host @param {readonly [string, number][]} roles @param {number} t */
  findParent(host, roles, t) {
    /** @type {Proc[]} */
    const found = [];
    /** @type {number[]} */
    const weights = [];
    let total = 0;
    for (const [role, weight] of roles) {
      const proc = this.aliveInRole(host, role, t);
      if (proc) {
        found.push(proc);
        weights.push(weight);
        total += weight;
      }
    }
    if (found.length === 0) return null;
    let target = this.rng.next() * total;
    for (let i = 0; i < found.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return /** @type {Proc} */ (found[i]);
    }
    return /** @type {Proc} */ (found[found.length - 1]);
  }

  /** @param {readonly [string, number][]} cases @param {string} fallback */
  pickCase(cases, fallback) {
    for (const [variant, p] of cases) if (this.rng.chance(p)) return variant;
    return fallback;
  }

  /** @param {CatalogEntry} entry @param {HostState} host @param {Proc | null} parent @returns {readonly [string, string, string]} */
  tokenFor(entry, host, parent) {
    switch (entry.token) {
      case 'sys':
      case 'svc':
        return SYSTEM_TOKEN;
      case 'user':
        return host.userToken;
      case 'admin':
        return host.adminToken;
      case 'mixed':
        return this.rng.chance(0.12) ? host.adminToken : host.userToken;
      case 'low':
      case 'appc':
        return [host.userToken[0], '0', 'S-1-16-4096'];
      case 'untrusted':
        return [host.userToken[0], '0', 'S-1-16-0'];
      case 'inherit':
        return parent ? parent.token : host.userToken;
      default:
        throw new Error(`unknown token level ${String(entry.token)}`);
    }
  }

  /** When a process started at `t` exits. @param {CatalogEntry} entry @param {Interval} interval @param {number} t @param {Proc | null} attachedTo */
  stopTickFor(entry, interval, t, attachedTo) {
    const rng = this.rng;
    const bounds = entry.life in LIFETIME_SECONDS ? LIFETIME_SECONDS[/** @type {keyof typeof LIFETIME_SECONDS} */ (entry.life)] : null;
    let stop = bounds ? t + Math.round(rng.logUniform(bounds[0], bounds[1]) * TICKS_PER_SECOND) : Infinity;
    if (attachedTo && attachedTo.stopTick < stop) stop = attachedTo.stopTick + Math.round(rng.range(0.001, 0.3) * TICKS_PER_SECOND);
    if (Number.isFinite(interval.shutdown)) {
      // Shutdown closes user programs first, then services, then the core of the session manager.
      const beforeShutdown = entry.life === 'core' ? rng.range(0.05, 0.8) : entry.life === 'service' ? rng.range(1, 6) : rng.range(6, 14);
      stop = Math.min(stop, interval.shutdown - Math.round(beforeShutdown * TICKS_PER_SECOND));
    }
    stop = Math.max(stop, t + 5 * TICKS_PER_MS);
    return stop > this.windowEnd ? Infinity : stop;
  }

  /** @param {HostState} host @param {Proc} proc */
  register(host, proc, extraRole = '') {
    for (const role of [proc.entry.role, extraRole]) {
      if (!role || !PARENT_ROLES.has(role)) continue;
      let procs = host.roles.get(role);
      if (!procs) host.roles.set(role, (procs = []));
      procs.push(proc);
    }
  }

  /** @param {RowRecord['id']} id @param {number} t @param {Proc} proc @param {Dll | null} dll */
  pushRow(id, t, proc, dll) {
    this.rows.push({ t, n: this.serial++, id, proc, dll });
    this.pushed++;
  }

  /** @param {HostState} host @param {string} path @param {number} bootIndex @param {boolean} isImage @param {boolean} x86 @returns {Dll} */
  dllFor(host, path, bootIndex, isImage, x86) {
    const key = `${bootIndex}|${path}`;
    let dll = host.dllCache.get(key);
    if (!dll) {
      const slash = path.lastIndexOf('\\');
      const constants = constantsOf(path.slice(0, slash), path.slice(slash + 1));
      const h = fnv1a(`${host.profile.name}|${bootIndex}|${path.toLowerCase()}`);
      const base = x86
        ? isImage
          ? 0x400000 + (h % 0x400) * 0x10000
          : 0x60000000 + (h % 0x1f00) * 0x10000
        : (isImage ? 0x7ff600000000 : 0x7ff800000000) + (h % 0xfff0) * 0x10000;
      dll = {
        path: host.resolveDir(path.slice(0, slash)) + path.slice(slash),
        base: hex(base),
        size: constants.size,
        checksum: constants.checksum,
        timeDateStamp: constants.timeDateStamp,
        defaultBase: x86 ? (isImage ? '0x400000' : '0x10000000') : isImage ? '0x140000000' : '0x180000000',
      };
      if (host.dllCache.size > 20_000) host.dllCache.clear();
      host.dllCache.set(key, dll);
    }
    return dll;
  }

  /** How many images a new process loads (mean `imageLoadsPerStart`). */
  loadCount() {
    const mean = this.o.imageLoadsPerStart;
    if (mean <= 0) return 0;
    if (mean < 1) return this.rng.chance(mean) ? 1 : 0;
    // 1 + Poisson(mean - 1): the image itself always loads first.
    const limit = Math.exp(-(mean - 1));
    let k = 0;
    for (let p = this.rng.next(); p > limit; p *= this.rng.next()) k++;
    return 1 + k;
  }

  /**
   * Starts one process (and its attached children) and queues its rows.
   * @param {HostState} host
   * @param {CatalogEntry} entry
   * @param {number} t CreateTime tick
   * @param {Proc | null} parent
   * @param {{emit: boolean, extraRole?: string, early?: boolean, attached?: boolean, stopAt?: number, loads?: number, depth?: number}} how
   * @returns {Proc | null} null when the host is off at `t`
   */
  start(host, entry, t, parent, how) {
    const rng = this.rng;
    // A gap wider than the CreateTime-to-TimeStamp delay keeps a host's rows in sequence order.
    t = Math.max(t, host.lastTick + 500 + rng.int(400));
    const interval = host.intervalAt(t);
    if (!interval || t >= this.windowEnd) return null;
    host.lastTick = t;
    const pid = this.allocatePid(host, how.early ?? false);
    host.seq += rng.chance(0.04) ? 2 : 1;
    const name = this.pickCase(entry.nameCases, entry.name);
    const dir = this.pickCase(entry.dirCases, entry.dir);
    const token = this.tokenFor(entry, host, parent);
    const inheritsSession = entry.token === 'inherit' || how.extraRole === 'smss-s1' || (how.early === true && (parent?.session ?? 0) > 0);
    const session = entry.userSession || how.extraRole === 'smss-s1' ? host.profile.userSession : inheritsSession && parent ? parent.session : 0;
    let stopTick = how.stopAt ?? this.stopTickFor(entry, interval, t, how.attached ? parent : null);
    if (stopTick <= t) stopTick = t + 5 * TICKS_PER_MS;
    const pkg = entry.id === 'bgtaskhost' ? /** @type {string} */ (BACKGROUND_TASK_PACKAGES[rng.int(BACKGROUND_TASK_PACKAGES.length)]) : entry.pkg;
    /** @type {Proc} */
    const proc = {
      host,
      entry,
      pid,
      seq: host.seq,
      createTick: t,
      stopTick,
      parent,
      session,
      token,
      imagePath: `${host.resolveDir(dir)}\\${name}`,
      createTime: this.createTimeFormat.fileTime(t),
      pkg,
      appId: entry.id === 'bgtaskhost' ? '' : entry.appId,
      loaded: [],
      bootIndex: interval.index,
    };
    host.alive.add(pid);
    if (Number.isFinite(stopTick)) host.exits.push({ t: stopTick, n: this.serial++, pid });
    this.register(host, proc, how.extraRole);

    const startRowTick = t + 100 + rng.int(300);
    const stopsInCapture = Number.isFinite(stopTick) && stopTick > 0;
    if (how.emit) {
      this.pushRow(1, startRowTick, proc, null);
      if (!this.o.startsOnly) this.queueImageLoads(proc, startRowTick, how.loads ?? this.loadCount());
    }
    if (stopsInCapture && !this.o.startsOnly) {
      const unloads = proc.loaded.filter(() => rng.chance(this.o.unloadFraction)).reverse();
      const lastLoad = proc.loaded.length > 0 ? startRowTick + 1 : t;
      const spread = Math.max(1, Math.min(500 * TICKS_PER_MS, Math.floor((stopTick - lastLoad) / 2)));
      unloads.forEach((dll, i) => this.pushRow(6, stopTick - spread + Math.floor((spread * i) / (unloads.length + 1)), proc, dll));
      this.pushRow(2, stopTick, proc, null);
    }

    const depth = how.depth ?? 0;
    if (depth < 4) {
      const kidLimit = Math.min(stopTick, interval.shutdown - TICKS_PER_SECOND, this.windowEnd - TICKS_PER_MS);
      let kidTick = t;
      const consoleless = parent === null || !parent.entry.console;
      if (entry.console && consoleless && rng.chance(0.9)) {
        kidTick += Math.round(rng.range(0.3, 6) * TICKS_PER_MS);
        if (kidTick < kidLimit) this.start(host, entryById('conhost'), kidTick, proc, { emit: how.emit, attached: true, depth: depth + 1 });
      }
      for (const [kidId, min, max] of entry.kids) {
        const count = min + rng.int(max - min + 1);
        for (let i = 0; i < count; i++) {
          kidTick += Math.round(rng.logUniform(2, 900) * TICKS_PER_MS);
          if (kidTick >= kidLimit) break;
          this.start(host, entryById(kidId), kidTick, proc, { emit: how.emit, attached: true, depth: depth + 1 });
        }
      }
    }
    return proc;
  }

  /** @param {Proc} proc @param {number} after @param {number} count */
  queueImageLoads(proc, after, count) {
    if (count <= 0) return;
    const { entry, host } = proc;
    const rng = this.rng;
    const x86 = entry.x86;
    const exe = { ...this.dllFor(host, `${entry.dir}\\${entry.name}`, proc.bootIndex, true, x86), path: proc.imagePath };
    /** @type {string[]} */
    const paths = [...(x86 ? WOW64_DLLS : NATIVE_DLLS), ...entry.dlls.map((d) => d.replace('{dir}', entry.dir))];
    const end = Math.min(proc.stopTick, this.windowEnd) - 1;
    let t = after + 200 + rng.int(3000);
    /** @type {Dll[]} */
    const chosen = [exe];
    let common = rng.int(3);
    while (chosen.length < count) {
      const path = paths.length > 0 ? paths.shift() : COMMON_DLLS[common];
      if (path === undefined) break;
      if (paths.length === 0) common += 1 + rng.int(3);
      chosen.push(this.dllFor(host, path, proc.bootIndex, false, x86));
    }
    for (const dll of chosen) {
      if (t >= end) break;
      this.pushRow(5, t, proc, dll);
      proc.loaded.push(dll);
      t += Math.max(1, Math.min(Math.round(rng.logUniform(0.03, 4) * TICKS_PER_MS), Math.floor((end - t) / 4)));
    }
  }

  // ── Sources of process starts ──

  /** Before the capture: run the boot and logon of hosts already up, without rows. */
  runBeforeCapture() {
    for (const host of this.hosts) {
      const interval = host.intervals.find((i) => i.boot < 0 && i.shutdown > 0);
      if (!interval) {
        host.seq = 8 + this.rng.int(40);
        continue;
      }
      host.seq = 8 + this.rng.int(40);
      this.runSystemStep(this.systemStep(host, interval, interval.boot, 0));
      for (const step of this.stepsFor(host, interval)) this.runBootStep(step, false);
      if (interval.logon !== null && interval.logon < 0) {
        for (const id of OPEN_BEFORE_CAPTURE) {
          const app = entryById(id);
          if (!app.kinds.includes(host.profile.kind)) continue;
          const t = Math.min(interval.logon + Math.round(this.rng.range(0.1, 20) * TICKS_PER_HOUR), -Math.round(this.rng.range(0.2, 2) * TICKS_PER_HOUR));
          const parent = this.findParent(host, app.parents, t) ?? this.findParent(host, FALLBACK_UI, t);
          this.start(host, app, Math.max(t, host.lastTick + 1), parent, { emit: false });
        }
      }
      // Processes that came and went between that boot and the capture used sequence numbers too.
      host.seq += Math.round((-interval.boot / TICKS_PER_DAY) * this.rng.range(2000, 4000));
      host.lastTick = Math.max(host.lastTick, 0);
    }
  }

  /** @param {BootStep} step */
  runSystemStep(step) {
    const { host, interval } = step;
    host.seq += 1;
    /** @type {Proc} */
    const system = {
      host,
      entry: SYSTEM_ENTRY,
      pid: 4,
      seq: host.seq,
      createTick: step.t,
      stopTick: Number.isFinite(interval.shutdown) ? interval.shutdown - 1 : Infinity,
      parent: null,
      session: 0,
      token: SYSTEM_TOKEN,
      imagePath: 'System',
      createTime: '',
      pkg: '',
      appId: '',
      loaded: [],
      bootIndex: interval.index,
    };
    host.system = system;
    host.lastTick = Math.max(host.lastTick, step.t);
    this.register(host, system);
  }

  /** @param {BootStep} step @param {boolean} emit */
  runBootStep(step, emit) {
    if (step.isSystem) return this.runSystemStep(step);
    const { host, entry } = step;
    this.releasePids(host, step.t);
    const parent = this.findParent(host, [[step.parentRole, 1]], step.t) ?? this.findParent(host, FALLBACK_BG, step.t);
    const stopAt =
      entry.id === 'logonui' && step.interval.logon !== null ? step.interval.logon + Math.round(this.rng.range(2, 5) * TICKS_PER_SECOND) : undefined;
    this.start(host, entry, step.t, parent, { emit, extraRole: step.extraRole, early: true, ...(stopAt === undefined ? {} : { stopAt }) });
    this.lastHost = host;
  }

  /** One background or interactive start in minute `m` at tick `t`. @param {number} m @param {number} t */
  runDynamic(m, t) {
    const rng = this.rng;
    const weights = /** @type {{bg: Float64Array, ui: Float64Array}[]} */ (this.weights);
    let total = 0;
    for (const w of weights) total += (w.bg[m] ?? 0) + (w.ui[m] ?? 0);
    let target = rng.next() * total;
    let h = 0;
    for (; h < weights.length - 1; h++) {
      const w = /** @type {{bg: Float64Array, ui: Float64Array}} */ (weights[h]);
      target -= (w.bg[m] ?? 0) + (w.ui[m] ?? 0);
      if (target < 0) break;
    }
    const host = /** @type {HostState} */ (this.hosts[h]);
    const w = /** @type {{bg: Float64Array, ui: Float64Array}} */ (weights[h]);
    const bg = w.bg[m] ?? 0;
    const isUi = rng.next() * (bg + (w.ui[m] ?? 0)) >= bg;
    const pool = isUi ? host.uiPool : host.bgPool;
    this.releasePids(host, t);
    let entry = pickFromPool(pool, rng);
    let parent = this.findParent(host, entry.parents, t);
    for (let tries = 0; !parent && tries < 3; tries++) {
      entry = pickFromPool(pool, rng);
      parent = this.findParent(host, entry.parents, t);
    }
    parent ??= this.findParent(host, isUi ? FALLBACK_UI : FALLBACK_BG, t);
    this.start(host, entry, t, parent, { emit: true });
    this.lastHost = host;
  }

  /** Starts that spend rows still missing at the end (the row count is exact). @param {number} missing */
  runFillers(missing) {
    const host = this.lastHost ?? /** @type {HostState} */ (this.hosts[0]);
    const interval = host.intervalAt(this.lastTick);
    const end = Math.min(interval ? interval.shutdown - 20 * TICKS_PER_SECOND : this.windowEnd, this.windowEnd - TICKS_PER_MS);
    const spacing = Math.max(1, Math.floor((end - this.lastTick) / 128));
    const filler = entryById('bgtaskhost');
    for (let i = 1; missing > 0 && i < 100_000; i++) {
      const t = Math.min(this.lastTick + spacing * i, this.windowEnd - 1000);
      this.releasePids(host, t);
      const parent = this.findParent(host, FALLBACK_BG, t) ?? host.system;
      const before = this.pushed;
      const loads = this.o.startsOnly ? 0 : Math.max(0, Math.min(60, missing - 2));
      if (!this.start(host, filler, t, parent, { emit: true, loads })) break;
      missing -= this.pushed - before;
    }
  }

  // ── Rows ──

  /** @param {RowRecord} record */
  buildRow(record) {
    const { proc } = record;
    const { host } = proc;
    /** @type {Record<string, string>} */
    let eventData;
    let emitter = proc.pid;
    switch (record.id) {
      case 1: {
        const parent = proc.parent;
        const constants = constantsOf(proc.entry.dir, proc.entry.name);
        emitter = parent ? parent.pid : 4;
        eventData = {
          ProcessID: String(proc.pid),
          ProcessSequenceNumber: String(proc.seq),
          CreateTime: proc.createTime,
          ParentProcessID: String(parent ? parent.pid : 4),
          ParentProcessSequenceNumber: String(parent ? parent.seq : 1),
          SessionID: String(proc.session),
          Flags: '0',
          ProcessTokenElevationType: proc.token[0],
          ProcessTokenIsElevated: proc.token[1],
          MandatoryLabel: proc.token[2],
          ImageName: proc.imagePath,
          ImageChecksum: constants.checksum,
          TimeDateStamp: constants.timeDateStamp,
          PackageFullName: proc.pkg,
          PackageRelativeAppId: proc.appId,
        };
        break;
      }
      case 2:
        eventData = this.stopData(proc);
        break;
      case 5:
      case 6: {
        const dll = /** @type {Dll} */ (record.dll);
        eventData = {
          ImageBase: dll.base,
          ImageSize: dll.size,
          ProcessID: String(proc.pid),
          ImageCheckSum: dll.checksum,
          TimeDateStamp: dll.timeDateStamp,
          DefaultBase: dll.defaultBase,
          ImageName: dll.path,
        };
        break;
      }
    }
    /** @type {Record<string, unknown>} */
    const row = {
      System: {
        ID: record.id,
        ProcessID: emitter,
        TimeStamp: this.rowTime.timeStamp(record.t),
        Provider: PROVIDER_GUID,
        OpCode: record.id === 1 ? 1 : record.id === 2 ? 2 : 0,
      },
      ProviderGUID: PROVIDER_GUID,
      EventData: eventData,
      Backtrace: [],
    };
    if (this.o.withHostname) row.Hostname = host.profile.name;
    // Stored rows carry the second the server wrote them: a moment after the event.
    if (this.o.withTs) row._ts = this.baseMs / 1000 + Math.floor(record.t / TICKS_PER_SECOND) + 2;
    return row;
  }

  /** ProcessStop fields; counters grow with lifetime. @param {Proc} proc */
  stopData(proc) {
    const rng = this.rowRng;
    const seconds = Math.max(0.001, (proc.stopTick - proc.createTick) / TICKS_PER_SECOND);
    const scale = Math.log10(1 + seconds);
    const heavy = proc.entry.dlls.length > 0 ? 4 : 1;
    const commit = Math.round(((1 + scale * heavy * rng.range(1, 12)) * 1024 * 1024) / 4096) * 4096;
    const roll = rng.next();
    const exitCode = roll < 0.9 ? '0' : roll < 0.96 ? '1' : roll < 0.98 ? (proc.entry.console ? '3221225786' : '2') : roll < 0.995 ? '259' : '3221225477';
    // ProcessStop reports EPROCESS.ImageFileName: 14 characters at most.
    const fileName = proc.imagePath.slice(proc.imagePath.lastIndexOf('\\') + 1).slice(0, 14);
    return {
      ProcessID: String(proc.pid),
      ProcessSequenceNumber: String(proc.seq),
      CreateTime: proc.createTime,
      ExitTime: this.rowTime.fileTime(proc.stopTick - 50 - rng.int(1500)),
      ExitCode: exitCode,
      TokenElevationType: proc.token[0],
      HandleCount: String(Math.round(20 + scale * heavy * rng.range(20, 160))),
      CommitCharge: String(commit),
      CommitPeak: String(commit + Math.round((rng.range(0, 0.4) * commit) / 4096) * 4096),
      CPUCycleCount: String(Math.round(rng.range(2e6, 4e7) * Math.min(seconds, 36000) * heavy * rng.range(0.01, 1))),
      ReadOperationCount: String(Math.round(scale * heavy * rng.range(2, 400))),
      WriteOperationCount: String(Math.round(scale * heavy * rng.range(0, 120))),
      ReadTransferKiloBytes: String(Math.round(scale * heavy * rng.range(8, 4000))),
      WriteTransferKiloBytes: String(Math.round(scale * heavy * rng.range(0, 900))),
      HardFaultCount: String(Math.round(scale * heavy * rng.range(0, 60))),
      ImageName: fileName,
    };
  }

  // ── Driver ──

  /** @returns {Generator<Record<string, unknown>, void, void>} */
  *run() {
    this.planIntervals();
    this.planWeights();
    this.runBeforeCapture();
    this.planBoots();
    const limit = this.o.events;
    const cumulative = /** @type {Float64Array} */ (this.cumulative);
    const totalWeight = cumulative[this.minutes] ?? 0;
    let emitted = 0;
    let minute = 0;
    const budget = () => limit - this.pushed - this.reserve;
    const groupGuess = 1.3 * (1 + this.meanFollowUps);
    let x = totalWeight > 0 && budget() > 0 ? ((groupGuess * totalWeight) / budget()) * this.rng.exp() : totalWeight;
    let b = 0;
    for (;;) {
      while (minute < this.minutes && (cumulative[minute + 1] ?? 0) <= x) minute++;
      const dynamicTick =
        x < totalWeight && minute < this.minutes
          ? Math.min(
              this.windowEnd - TICKS_PER_MS,
              Math.floor((minute + (x - (cumulative[minute] ?? 0)) / ((cumulative[minute + 1] ?? 0) - (cumulative[minute] ?? 0))) * TICKS_PER_MINUTE),
            )
          : Infinity;
      const step = this.bootSteps[b];
      const bootTick = step ? step.t : Infinity;
      if (dynamicTick === Infinity && bootTick === Infinity) break;
      let now;
      if (step && bootTick <= dynamicTick) {
        now = bootTick;
        this.runBootStep(step, true);
        if (!step.isSystem) {
          const expectedStops = step.interval.shutdown <= this.windowEnd ? 1 : 0.05;
          const perStart = this.o.startsOnly ? 1 : 1 + this.o.imageLoadsPerStart + expectedStops * (1 + this.o.imageLoadsPerStart * this.o.unloadFraction);
          this.reserve = Math.max(0, this.reserve - perStart * (1 + expectedKids(step.entry)));
        }
        b++;
      } else {
        now = dynamicTick;
        const before = this.pushed;
        this.runDynamic(minute, dynamicTick);
        const cost = Math.max(1, this.pushed - before);
        const remaining = budget();
        // Spread the rows still to write evenly over the activity still to come.
        x = remaining <= 0 ? totalWeight : x + cost * ((totalWeight - x) / remaining) * this.rng.exp();
      }
      this.lastTick = Math.max(this.lastTick, now);
      for (let next = this.rows.peek(); next && next.t <= now; next = this.rows.peek()) {
        if (emitted >= limit) return;
        yield this.buildRow(/** @type {RowRecord} */ (this.rows.pop()));
        emitted++;
      }
    }
    if (this.pushed < limit) this.runFillers(limit - this.pushed);
    while (this.rows.size > 0 && emitted < limit) {
      yield this.buildRow(/** @type {RowRecord} */ (this.rows.pop()));
      emitted++;
    }
  }
}
