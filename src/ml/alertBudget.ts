/**
 * Alert budget: a score is only useful at a threshold the team can afford. The user states K
 * alerts per host per day; the threshold is chosen on the validation split so that budget holds,
 * and the test split says what that buys (share of known-bad events and sessions flagged), beside
 * the rarity and single-feature baselines scored the same way. Pure, plain-data results.
 */
import { UTC_ZONE, zoneClock } from '../lib/timeZone';
import { rarityScores, valueRateScores } from './baselines';
import { presentColumns, type ExampleTable, type FeatureColumnId, type RowSplit } from './types';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** The budget rules in words, for the control that picks one. */
export const BUDGET_RULE_TEXT: Record<BudgetRule, string> = {
  mean: 'on average over host-days',
  'every-host-day': 'on every host-day',
};

/**
 * How the budget is read:
 * - `mean`: alerts over all host-days that have events, divided by those host-days, at most K
 *   (the team's capacity across the fleet);
 * - `every-host-day`: no single host-day above K (stricter: the noisiest host-day decides).
 */
export const budgetRules = ['mean', 'every-host-day'] as const;
export type BudgetRule = (typeof budgetRules)[number];

/** Rows with a score, a host (any integer code) and a time. A row is flagged when its score ≥ the threshold. */
export interface ScoredRows {
  readonly scores: ArrayLike<number>;
  readonly host: ArrayLike<number>;
  /** Epoch ms UTC; rows without a finite time make one "unknown day" per host. */
  readonly timeMs: ArrayLike<number>;
}

/** Scored rows with labels (1 = known bad) and, when the generator knows them, session ids. */
export interface LabelledRows extends ScoredRows {
  readonly labels: ArrayLike<number>;
  /** Session id per row (≥ 0), -1 for none; when absent, sessions are cut by host and time gap. */
  readonly sessions?: ArrayLike<number>;
}

export interface BudgetOptions {
  /** K: alerts per host per day the team can afford. */
  readonly alertsPerHostDay: number;
  /** Default 'mean'. */
  readonly rule?: BudgetRule;
  /**
   * Days start at local midnight in this zone (`UTC`, `UTC±hh:mm` or an IANA name), read per event
   * so a day that holds a daylight-saving change still ends at local midnight; default UTC.
   */
  readonly timeZone?: string;
  /** Known-bad events of one host more than this apart start a new session; default 30 minutes. */
  readonly sessionGapMs?: number;
}

/** Alerts a threshold raises on some rows, per host-day. */
export interface AlertLoad {
  readonly alerts: number;
  /** Host-days with at least one event. */
  readonly hostDays: number;
  readonly meanPerHostDay: number;
  readonly maxPerHostDay: number;
}

/** The threshold chosen on validation, and the alerts it raises there. */
export interface BudgetThreshold {
  readonly budget: number;
  readonly rule: BudgetRule;
  /** Flag rows scoring at or above it; above the top score when no row fits the budget. */
  readonly threshold: number;
  readonly validation: AlertLoad;
}

/** What a threshold catches on labelled rows. */
export interface DetectionAtBudget {
  readonly badEvents: number;
  readonly flaggedBadEvents: number;
  /** flaggedBadEvents / badEvents; NaN without known-bad events. */
  readonly eventRate: number;
  readonly badSessions: number;
  /** Sessions with at least one flagged event. */
  readonly flaggedBadSessions: number;
  readonly sessionRate: number;
  readonly load: AlertLoad;
}

/** The local day number (days since 1970-01-01 on the zone's wall clock) of an instant; NaN for an unknown time. */
function localDay(timeMs: number, timeZone: string): number {
  return Math.floor((timeMs + zoneClock(timeZone).offsetMs(timeMs)) / MS_PER_DAY);
}

/** The instant (epoch ms UTC) of local midnight starting local day `day`, near an instant `nearMs` of that day. */
function localMidnight(day: number, nearMs: number, timeZone: string): number {
  const clock = zoneClock(timeZone);
  const wallMs = day * MS_PER_DAY;
  // The offset at midnight may differ from the one at nearMs (a change later that day): ask again at the first guess.
  return wallMs - clock.offsetMs(wallMs - clock.offsetMs(nearMs));
}

/** Host-day of every row: index into the distinct host-days, in order of first appearance. */
function hostDays(rows: ScoredRows, timeZone: string): { index: Uint32Array; count: number } {
  const n = rows.scores.length;
  const index = new Uint32Array(n);
  const seen = new Map<number, number>();
  for (let row = 0; row < n; row++) {
    const day = localDay(rows.timeMs[row] ?? Number.NaN, timeZone);
    // Host codes stay below 2^16 in frames; the multiplier keeps any 32-bit code apart from the day.
    const key = Number.isFinite(day) ? day * 4_294_967_296 + (rows.host[row] ?? 0) : -1 - (rows.host[row] ?? 0);
    let found = seen.get(key);
    if (found === undefined) {
      found = seen.size;
      seen.set(key, found);
    }
    index[row] = found;
  }
  return { index, count: seen.size };
}

function alertLoad(rows: ScoredRows, threshold: number, timeZone: string): AlertLoad {
  const days = hostDays(rows, timeZone);
  const perDay = new Uint32Array(days.count);
  let alerts = 0;
  for (let row = 0; row < rows.scores.length; row++) {
    if (!((rows.scores[row] ?? Number.NaN) >= threshold)) continue;
    alerts++;
    const day = days.index[row] ?? 0;
    perDay[day] = (perDay[day] ?? 0) + 1;
  }
  let max = 0;
  for (const count of perDay) if (count > max) max = count;
  return { alerts, hostDays: days.count, meanPerHostDay: days.count > 0 ? alerts / days.count : 0, maxPerHostDay: max };
}

/** The smallest double above `value`, so that `score >= nextUp(top)` flags nothing. */
function nextUp(value: number): number {
  if (!Number.isFinite(value)) return Number.POSITIVE_INFINITY;
  if (value === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  view.setBigInt64(0, view.getBigInt64(0) + (value > 0 ? 1n : -1n));
  return view.getFloat64(0);
}

/**
 * The lowest threshold whose alerts on `validation` stay within the budget: rows are taken from
 * the highest score down, a whole group of equal scores at a time (a threshold cannot split a
 * tie), until the next group would break the budget.
 */
export function chooseBudgetThreshold(validation: ScoredRows, options: BudgetOptions): BudgetThreshold {
  const budget = options.alertsPerHostDay;
  if (!(budget >= 0)) throw new Error(`Alert budget ${budget} must be a number ≥ 0 alerts per host per day.`);
  const rule = options.rule ?? 'mean';
  const timeZone = options.timeZone ?? UTC_ZONE;
  const days = hostDays(validation, timeZone);
  const scored: number[] = [];
  for (let row = 0; row < validation.scores.length; row++) if (!Number.isNaN(validation.scores[row] ?? Number.NaN)) scored.push(row);
  const score = (row: number): number => validation.scores[row] ?? Number.NaN;
  const order = Uint32Array.from(scored).sort((a, b) => score(b) - score(a));
  const allowedTotal = Math.floor(budget * days.count + 1e-9);
  const perDay = new Uint32Array(days.count);
  let threshold = order.length > 0 ? nextUp(score(order[0] ?? 0)) : Number.POSITIVE_INFINITY;
  let taken = 0;
  while (taken < order.length) {
    const groupScore = score(order[taken] ?? 0);
    let end = taken;
    while (end < order.length && score(order[end] ?? 0) === groupScore) end++;
    let fits = rule === 'mean' ? end <= allowedTotal : true;
    if (rule === 'every-host-day') {
      for (let i = taken; i < end; i++) {
        const day = days.index[order[i] ?? 0] ?? 0;
        perDay[day] = (perDay[day] ?? 0) + 1;
        if ((perDay[day] ?? 0) > budget) fits = false;
      }
    }
    if (!fits) break;
    threshold = groupScore;
    taken = end;
  }
  return { budget, rule, threshold, validation: alertLoad(validation, threshold, timeZone) };
}

/**
 * Session of every known-bad row (-1 for others): the given session ids when present, else runs
 * of one host's known-bad events with no gap longer than `gapMs`.
 */
export function knownBadSessions(rows: LabelledRows, gapMs = 30 * MS_PER_MINUTE): { session: Int32Array; count: number } {
  const n = rows.labels.length;
  const session = new Int32Array(n).fill(-1);
  const given = rows.sessions;
  if (given !== undefined) {
    const ids = new Map<number, number>();
    for (let row = 0; row < n; row++) {
      const id = given[row] ?? -1;
      if (rows.labels[row] !== 1 || id < 0) continue;
      let index = ids.get(id);
      if (index === undefined) {
        index = ids.size;
        ids.set(id, index);
      }
      session[row] = index;
    }
    // Known-bad rows without an id are sessions of their own.
    let count = ids.size;
    for (let row = 0; row < n; row++) if (rows.labels[row] === 1 && session[row] === -1) session[row] = count++;
    return { session, count };
  }
  const bad: number[] = [];
  for (let row = 0; row < n; row++) if (rows.labels[row] === 1) bad.push(row);
  const time = (row: number): number => rows.timeMs[row] ?? Number.NaN;
  bad.sort((a, b) => (rows.host[a] ?? 0) - (rows.host[b] ?? 0) || time(a) - time(b) || a - b);
  let count = 0;
  let previous = -1;
  for (const row of bad) {
    const isSameSession = previous >= 0 && rows.host[previous] === rows.host[row] && time(row) - time(previous) <= gapMs;
    if (!isSameSession) count++;
    session[row] = count - 1;
    previous = row;
  }
  return { session, count };
}

/** What `threshold` flags among the known-bad events and sessions of `rows`, and the alerts it raises. */
export function detectionAtThreshold(rows: LabelledRows, threshold: number, options: Pick<BudgetOptions, 'timeZone' | 'sessionGapMs'> = {}): DetectionAtBudget {
  const { session, count: badSessions } = knownBadSessions(rows, options.sessionGapMs);
  const isSessionFlagged = new Uint8Array(badSessions);
  let badEvents = 0;
  let flaggedBadEvents = 0;
  for (let row = 0; row < rows.labels.length; row++) {
    if (rows.labels[row] !== 1) continue;
    badEvents++;
    if (!((rows.scores[row] ?? Number.NaN) >= threshold)) continue;
    flaggedBadEvents++;
    isSessionFlagged[session[row] ?? 0] = 1;
  }
  const flaggedBadSessions = isSessionFlagged.reduce((sum, flag) => sum + flag, 0);
  return {
    badEvents,
    flaggedBadEvents,
    eventRate: badEvents > 0 ? flaggedBadEvents / badEvents : Number.NaN,
    badSessions,
    flaggedBadSessions,
    sessionRate: badSessions > 0 ? flaggedBadSessions / badSessions : Number.NaN,
    load: alertLoad(rows, threshold, options.timeZone ?? UTC_ZONE),
  };
}

/** Alerts of one host on one day. */
export interface HostDayAlerts {
  readonly host: string;
  /** Local midnight of the day, epoch ms UTC; NaN for rows without a time. */
  readonly dayStartMs: number;
  readonly alerts: number;
  readonly events: number;
}

/**
 * Alerts per host per day when a scored capture is flagged at `threshold`, for the Evaluate
 * chart: one entry per host-day with events, by host then day. `hostNames[code]` names a host
 * code (else "#code").
 */
export function alertsPerHostDay(rows: ScoredRows, threshold: number, hostNames: readonly string[] = [], timeZone: string = UTC_ZONE): HostDayAlerts[] {
  const days = hostDays(rows, timeZone);
  const cells: { host: number; dayStartMs: number; alerts: number; events: number }[] = [];
  for (let row = 0; row < rows.scores.length; row++) {
    const index = days.index[row] ?? 0;
    let cell = cells[index];
    if (cell === undefined) {
      const timeMs = rows.timeMs[row] ?? Number.NaN;
      cell = { host: rows.host[row] ?? 0, dayStartMs: localMidnight(localDay(timeMs, timeZone), timeMs, timeZone), alerts: 0, events: 0 };
      cells[index] = cell;
    }
    cell.events++;
    if ((rows.scores[row] ?? Number.NaN) >= threshold) cell.alerts++;
  }
  return cells
    .sort((a, b) => a.host - b.host || a.dayStartMs - b.dayStartMs)
    .map((cell) => ({ host: hostNames[cell.host] ?? `#${cell.host}`, dayStartMs: cell.dayStartMs, alerts: cell.alerts, events: cell.events }));
}

/** One scorer at the budget: threshold and load on validation, detection on test. */
export interface BudgetEntry {
  readonly name: string;
  readonly kind: 'model' | 'rarity' | 'single-feature';
  readonly feature?: FeatureColumnId;
  readonly chosen: BudgetThreshold;
  readonly test: DetectionAtBudget;
}

/** Model scores on the validation and test rows of a split (in the split's row order). */
export interface SplitScores {
  readonly validation: ArrayLike<number>;
  readonly test: ArrayLike<number>;
}

function splitRows(table: ExampleTable, rows: Uint32Array, scores: ArrayLike<number>, sessions: ArrayLike<number> | undefined): LabelledRows {
  const labelled = {
    scores,
    host: Int32Array.from(rows, (row) => table.groupHost[row] ?? -1),
    timeMs: Float64Array.from(rows, (row) => table.timeMs[row] ?? Number.NaN),
    labels: Uint8Array.from(rows, (row) => table.label[row] ?? 0),
  };
  return sessions === undefined ? labelled : { ...labelled, sessions: Int32Array.from(rows, (row) => sessions[row] ?? -1) };
}

/**
 * The model and every baseline at the same budget: each picks its own threshold on validation
 * and is judged on test. Baselines are fitted on the training rows as in evaluateBaselines (the
 * rarity of name and folder, one smoothed bad-rate per feature column); the majority baseline is
 * left out (a constant score flags all or nothing). `sessions[row]` (table rows) gives the
 * generator's session ids when known.
 */
export function compareAtBudget(table: ExampleTable, split: RowSplit, model: SplitScores, options: BudgetOptions, sessions?: ArrayLike<number>): BudgetEntry[] {
  const entry = (name: string, kind: BudgetEntry['kind'], scores: SplitScores, feature?: FeatureColumnId): BudgetEntry => {
    const chosen = chooseBudgetThreshold(splitRows(table, split.validation, scores.validation, sessions), options);
    const test = detectionAtThreshold(splitRows(table, split.test, scores.test, sessions), chosen.threshold, options);
    return feature === undefined ? { name, kind, chosen, test } : { name, kind, feature, chosen, test };
  };
  const entries = [entry('Model', 'model', model)];
  if (table.columns.name !== undefined || table.columns.folder !== undefined) {
    const rarity = { validation: rarityScores(table, split.train, split.validation), test: rarityScores(table, split.train, split.test) };
    entries.push(entry('Rarity of name and folder', 'rarity', rarity));
  }
  for (const column of presentColumns(table)) {
    const coded = table.columns[column];
    if (coded === undefined) continue;
    const isBad = (row: number): boolean => table.label[row] === 1;
    const scores = {
      validation: valueRateScores(coded.codes, split.train, isBad, split.validation),
      test: valueRateScores(coded.codes, split.train, isBad, split.test),
    };
    entries.push(entry(`${column} alone`, 'single-feature', scores, column));
  }
  return entries;
}
