/**
 * Capture completeness: is the capture whole enough to learn from? ETW sessions drop events
 * under load and say nothing, so a model would learn the collection's gaps. Kernel-Process
 * numbers every process a host creates within a boot (ProcessSequenceNumber, +1 per process),
 * so the sequence numbers a capture holds tell how many process starts it lost, and when.
 *
 * Everything here is pure and works over the columnar frame in a few passes over typed arrays;
 * the result is plain data small enough to post from the data worker to the page.
 */
import { MISSING, type EventFrame } from '../frame/frame';
import { KeyTable } from '../lib/keyTable';
import { zoneClock } from '../lib/timeZone';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** Settings of the completeness report; every field has a default. */
export interface CompletenessOptions {
  /** A host is silent when no event comes for longer than this while it reported before and after; default 30 minutes. */
  readonly silentGapMs?: number;
  /** A host-hour is damaged when at least this share of its expected starts is missing; default 0.03. */
  readonly damagedShare?: number;
  /** A host-hour is judged only when it expects at least this many starts (fewer say little); default 20. */
  readonly minExpectedStarts?: number;
  /**
   * A start whose sequence is lower than the run's highest start sequence by more than this
   * begins a new run (a reboot); smaller fall-backs are events logged slightly out of order,
   * unless the host was silent for longer than `silentGapMs` just before. Default 256.
   */
  readonly rebootFallBack?: number;
  /** At most this many heatmap columns; longer captures get cells of several hours. Default 744 (31 days). */
  readonly maxCells?: number;
  /** At most this many silent stretches listed per host (all are counted); default 20. */
  readonly maxListedStretches?: number;
}

/** The lost-starts estimate of a host or the capture: a figure, or why there is none. */
export type LostStarts =
  | {
      readonly kind: 'estimated';
      /** Distinct sequence numbers seen inside the runs' ranges (starts, stops, image loads). */
      readonly seen: number;
      /** Processes the host created in those ranges: the sequence numbers from each run's first start to its highest. */
      readonly expected: number;
      /** expected − seen: starts the capture missed. */
      readonly missing: number;
      /** missing / expected (0 when nothing is expected). */
      readonly missingShare: number;
      /** Boots seen: 1 + the times the sequence fell back. */
      readonly runs: number;
    }
  | { readonly kind: 'not-available'; readonly reason: string };

/** No event from a host between two of its events. */
export interface SilentStretch {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Start and end of a host's damaged hours (a host name rather than a code, so it survives a reload). */
export interface HourRange {
  readonly host: string;
  /** Start of the first damaged cell, epoch ms UTC. */
  readonly fromMs: number;
  /** End (excluded) of the last damaged cell, epoch ms UTC. */
  readonly toMs: number;
}

/** Consecutive damaged cells of one host, with what they miss. */
export interface DamagedSpan extends HourRange {
  readonly missing: number;
  readonly expected: number;
  readonly missingShare: number;
  /** E.g. "WS-FIN-07: ~8% of process starts missing between 09:00 and 11:00 on Tuesday". */
  readonly verdict: string;
}

/** Process lifetimes as the capture shows them. */
export interface Lifetimes {
  readonly starts: number;
  readonly stops: number;
  /** Stops whose start is not in the capture (matched by sequence number, else by PID). */
  readonly stopsWithoutStart: number;
  /** Starts that never stop in the capture. */
  readonly startsWithoutStop: number;
  /** Starts whose PID an earlier start on the same host already had. */
  readonly pidReuse: number;
  /** Starts naming a parent PID whose parent image is still unknown (after resolveParents). */
  readonly parentsUnresolved: number;
}

/** Completeness of one host. */
export interface HostCompleteness {
  readonly host: string;
  readonly events: number;
  /** NaN when the host has no timed event. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly lostStarts: LostStarts;
  readonly silentStretchCount: number;
  readonly silentMs: number;
  /** The longest stretches, longest first, at most `maxListedStretches`. */
  readonly silentStretches: readonly SilentStretch[];
  readonly lifetimes: Lifetimes;
  readonly damaged: readonly DamagedSpan[];
}

/**
 * Host × time cells, row-major (`host * cells + cell`). Cell `c` covers
 * [startMs + c·cellMs, startMs + (c+1)·cellMs); cells start on local hours of the frame's offset.
 */
export interface HourGrid {
  readonly startMs: number;
  readonly cellMs: number;
  readonly cells: number;
  /** Host names in row order (the same order as `hosts` of the report). */
  readonly hosts: readonly string[];
  readonly events: Uint32Array;
  /** Distinct sequence numbers first seen in the cell (within the runs' ranges). */
  readonly seenStarts: Uint32Array;
  /** Starts estimated missing, spread over the cells between the sequence numbers around each gap. */
  readonly missingStarts: Float32Array;
}

/** Share of a grid cell's expected starts that are missing; NaN where nothing is expected (or no estimate). */
export function cellMissingShare(grid: HourGrid, hostRow: number, cell: number): number {
  const index = hostRow * grid.cells + cell;
  const missing = grid.missingStarts[index] ?? 0;
  const expected = missing + (grid.seenStarts[index] ?? 0);
  return expected > 0 ? missing / expected : Number.NaN;
}

/** The whole report: per host, for the capture, a heatmap and the sentences to show. */
export interface CompletenessReport {
  /** Captured rows looked at (generated known-bad rows are left out). */
  readonly events: number;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly hosts: readonly HostCompleteness[];
  readonly lostStarts: LostStarts;
  readonly lifetimes: Lifetimes;
  readonly grid: HourGrid;
  readonly damaged: readonly DamagedSpan[];
  /** One sentence per damaged span, or one sentence saying the capture looks whole or cannot be judged. */
  readonly verdicts: readonly string[];
  /** The frame's zone: sentences and heatmap labels read each instant on its wall clock (daylight saving followed). */
  readonly timeZone: string;
}

/**
 * Per host: its captured rows in time order (rows without a finite time last, in row order).
 * Generated known-bad rows are left out: they are not telemetry, so they say nothing of its gaps.
 */
function rowsByHostInTime(frame: EventFrame): { offsets: Uint32Array; rows: Uint32Array } {
  const hostCount = frame.hosts.size;
  const offsets = new Uint32Array(hostCount + 1);
  for (let row = 0; row < frame.length; row++) {
    if (frame.synthetic[row] === 1) continue;
    const slot = (frame.host[row] ?? 0) + 1;
    offsets[slot] = (offsets[slot] ?? 0) + 1;
  }
  for (let host = 0; host < hostCount; host++) offsets[host + 1] = (offsets[host + 1] ?? 0) + (offsets[host] ?? 0);
  const cursor = offsets.slice(0, hostCount);
  const rows = new Uint32Array(offsets[hostCount] ?? 0);
  for (let row = 0; row < frame.length; row++) {
    if (frame.synthetic[row] === 1) continue;
    const host = frame.host[row] ?? 0;
    const at = cursor[host] ?? 0;
    rows[at] = row;
    cursor[host] = at + 1;
  }
  const time = (row: number): number => {
    const t = frame.timeMs[row] ?? Number.NaN;
    return Number.isFinite(t) ? t : Infinity;
  };
  for (let host = 0; host < hostCount; host++) {
    const part = rows.subarray(offsets[host] ?? 0, offsets[host + 1] ?? 0);
    let isSorted = true;
    for (let i = 1; i < part.length && isSorted; i++) isSorted = time(part[i - 1] ?? 0) <= time(part[i] ?? 0);
    // Captures are mostly in time order already; sort only when they are not (stable: ties keep row order).
    if (!isSorted) part.set(Array.from(part).sort((a, b) => time(a) - time(b) || a - b));
  }
  return { offsets, rows };
}

const NO_LIFETIMES: Lifetimes = { starts: 0, stops: 0, stopsWithoutStart: 0, startsWithoutStop: 0, pidReuse: 0, parentsUnresolved: 0 };

function sumLifetimes(all: readonly Lifetimes[]): Lifetimes {
  const total = { ...NO_LIFETIMES };
  for (const l of all) {
    total.starts += l.starts;
    total.stops += l.stops;
    total.stopsWithoutStart += l.stopsWithoutStart;
    total.startsWithoutStop += l.startsWithoutStop;
    total.pidReuse += l.pidReuse;
    total.parentsUnresolved += l.parentsUnresolved;
  }
  return total;
}

/** A table over the keys of the starts among `rows` (PIDs or sequence numbers), direct where they are dense. */
function startKeyTable(frame: EventFrame, rows: Uint32Array, keys: Uint32Array): KeyTable {
  let low = Infinity;
  let high = -Infinity;
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? 0;
    const key = keys[row] ?? MISSING;
    if (frame.eventId[row] !== 1 || key === MISSING) continue;
    if (key < low) low = key;
    if (key > high) high = key;
    count++;
  }
  return new KeyTable(low, high, count);
}

/** Starts, stops and their matching along one host's time-ordered rows. */
function hostLifetimes(frame: EventFrame, rows: Uint32Array, runOf: Uint32Array): Lifetimes {
  // Keyed by sequence number alone, where a boot's numbers can repeat an earlier boot's: an entry
  // counts only for the run of the start it holds (runOf of its position), as if keyed by run too.
  const openBySequence = startKeyTable(frame, rows, frame.sequence);
  // A PID has an entry (open, or 0 once closed) exactly when a start of it was seen: that also tells PID reuse.
  const openByPid = startKeyTable(frame, rows, frame.processId);
  const runOfEntry = (entry: number): number => (entry > 0 ? (runOf[entry - 1] ?? -1) : -1);
  let starts = 0;
  let stops = 0;
  let matched = 0;
  let pidReuse = 0;
  let parentsUnresolved = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? 0;
    const eventId = frame.eventId[row];
    if (eventId !== 1 && eventId !== 2) continue;
    const pid = frame.processId[row] ?? MISSING;
    const sequence = frame.sequence[row] ?? MISSING;
    // Open entries hold i + 1 so that 0 can mean "closed".
    if (eventId === 1) {
      starts++;
      if (pid !== MISSING) {
        if (openByPid.get(pid) >= 0) pidReuse++;
        openByPid.set(pid, i + 1);
      }
      if (sequence !== MISSING) openBySequence.set(sequence, i + 1);
      if ((frame.parentProcessId[row] ?? MISSING) !== MISSING && frame.parentImage[row] === MISSING) parentsUnresolved++;
      continue;
    }
    stops++;
    const bySequence = sequence === MISSING ? -1 : openBySequence.get(sequence);
    let open = runOfEntry(bySequence) === runOf[i] ? bySequence : -1;
    if (open <= 0 && pid !== MISSING) {
      const byPid = openByPid.get(pid);
      // A start found by PID is the stop's only when their sequence numbers do not disagree.
      const startSequence = byPid > 0 ? (frame.sequence[rows[byPid - 1] ?? 0] ?? MISSING) : MISSING;
      if (byPid > 0 && (sequence === MISSING || startSequence === MISSING || startSequence === sequence)) open = byPid;
    }
    if (open <= 0) continue;
    matched++;
    const startRow = rows[open - 1] ?? 0;
    const startSequence = frame.sequence[startRow] ?? MISSING;
    // Closes the entry of the start's run; an entry of a later run under the same number stays open.
    if (startSequence !== MISSING && runOfEntry(openBySequence.get(startSequence)) === runOf[open - 1]) openBySequence.set(startSequence, 0);
    const startPid = frame.processId[startRow] ?? MISSING;
    if (startPid !== MISSING && openByPid.get(startPid) === open) openByPid.set(startPid, 0);
  }
  return { starts, stops, stopsWithoutStart: stops - matched, startsWithoutStop: starts - matched, pidReuse, parentsUnresolved };
}

/**
 * Sources (files) whose rows carry command lines: the Sysmon and Security 4688 shapes, which
 * never carry sequence numbers. A host's image loads (Sysmon 7) have no command line, so the
 * shape is told by the file rather than by each row.
 */
function sourcesWithCommandLines(frame: EventFrame): Uint8Array {
  const has = new Uint8Array(frame.sources.size);
  const withCommandLine = Math.min(frame.length, frame.commandLine.length);
  for (let row = 0; row < withCommandLine; row++) if (frame.commandLine[row] !== MISSING) has[frame.source[row] ?? 0] = 1;
  return has;
}

/** Why a host without sequence numbers gets no estimate, from the shape of its sources. */
function notAvailableReason(frame: EventFrame, rows: Uint32Array, sysmonSources: Uint8Array): string {
  for (const row of rows) {
    if (sysmonSources[frame.source[row] ?? 0] === 1) return 'not available: Sysmon and Security 4688 events carry no ProcessSequenceNumber';
  }
  return 'not available: these events carry no ProcessSequenceNumber';
}

interface GridBuilder {
  readonly startMs: number;
  readonly cellMs: number;
  readonly cells: number;
  readonly events: Uint32Array;
  readonly seenStarts: Uint32Array;
  readonly missingStarts: Float32Array;
}

function cellOf(grid: GridBuilder, timeMs: number): number {
  const cell = Math.floor((timeMs - grid.startMs) / grid.cellMs);
  return cell < 0 ? 0 : cell >= grid.cells ? grid.cells - 1 : cell;
}

/** Adds `count` missing starts to a host's cells, spread evenly over [fromMs, toMs]. */
function spreadMissing(grid: GridBuilder, base: number, fromMs: number, toMs: number, count: number): void {
  const first = cellOf(grid, Math.min(fromMs, toMs));
  const last = cellOf(grid, Math.max(fromMs, toMs));
  if (first === last) {
    grid.missingStarts[base + first] = (grid.missingStarts[base + first] ?? 0) + count;
    return;
  }
  const span = Math.abs(toMs - fromMs);
  const lo = Math.min(fromMs, toMs);
  for (let cell = first; cell <= last; cell++) {
    const cellStart = Math.max(lo, grid.startMs + cell * grid.cellMs);
    const cellEnd = Math.min(lo + span, grid.startMs + (cell + 1) * grid.cellMs);
    grid.missingStarts[base + cell] = (grid.missingStarts[base + cell] ?? 0) + (count * Math.max(0, cellEnd - cellStart)) / span;
  }
}

/**
 * Lost starts of one host along its time-ordered rows: splits them into runs (a start whose
 * sequence falls back by more than `fallBack`, or falls back at all after the host was silent
 * for longer than `silentGapMs`, begins a new boot), then, per run, marks the
 * sequence numbers seen between the run's first start and its highest number in a direct-address
 * table and counts the holes. Fills `runOf` (run index per position) and the host's grid cells.
 */
function hostLostStarts(
  frame: EventFrame,
  rows: Uint32Array,
  runOf: Uint32Array,
  grid: GridBuilder,
  base: number,
  settings: { fallBack: number; silentGapMs: number; sysmonSources: Uint8Array },
): LostStarts {
  let hasSequence = false;
  for (const row of rows) if ((frame.sequence[row] ?? MISSING) !== MISSING) hasSequence = true;
  if (!hasSequence) return { kind: 'not-available', reason: notAvailableReason(frame, rows, settings.sysmonSources) };
  // Run boundaries: positions where a new boot begins.
  const runStarts: number[] = [0];
  let highestStart = -1;
  let previousMs = Number.NaN;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? 0;
    const sequence = frame.sequence[row] ?? MISSING;
    const time = frame.timeMs[row] ?? Number.NaN;
    // A short boot (few processes) falls back less than `fallBack`; the silence of the restart tells it apart.
    const isAfterSilence = time - previousMs > settings.silentGapMs;
    if (Number.isFinite(time)) previousMs = time;
    if (frame.eventId[row] === 1 && sequence !== MISSING) {
      if (highestStart >= 0 && (sequence + settings.fallBack < highestStart || (isAfterSilence && sequence < highestStart))) {
        runStarts.push(i);
        highestStart = -1;
      }
      if (sequence > highestStart) highestStart = sequence;
    }
    runOf[i] = runStarts.length - 1;
  }
  runStarts.push(rows.length);
  let seen = 0;
  let expected = 0;
  let runsWithStarts = 0;
  for (let run = 0; run + 1 < runStarts.length; run++) {
    const from = runStarts[run] ?? 0;
    const to = runStarts[run + 1] ?? 0;
    // Numbers below the run's first start belong to processes started before the capture (or boot) began.
    let low = MISSING;
    for (let i = from; i < to; i++) {
      const row = rows[i] ?? 0;
      const sequence = frame.sequence[row] ?? MISSING;
      if (frame.eventId[row] === 1 && sequence < low) low = sequence;
    }
    if (low === MISSING) continue;
    let high = low;
    for (let i = from; i < to; i++) {
      const sequence = frame.sequence[rows[i] ?? 0] ?? MISSING;
      if (sequence !== MISSING && sequence > high) high = sequence;
    }
    // A wild number (corrupt row) would make the table huge: cap the range at a few times the rows.
    const span = Math.min(high - low + 1, 4 * (to - from) + 65_536);
    const firstSeenMs = new Float64Array(span).fill(Number.NaN);
    const isSeen = new Uint8Array(span);
    for (let i = from; i < to; i++) {
      const row = rows[i] ?? 0;
      const sequence = frame.sequence[row] ?? MISSING;
      if (sequence === MISSING || sequence < low || sequence - low >= span) continue;
      const slot = sequence - low;
      const time = frame.timeMs[row] ?? Number.NaN;
      if (isSeen[slot] === 0 || time < (firstSeenMs[slot] ?? Infinity)) firstSeenMs[slot] = time;
      isSeen[slot] = 1;
    }
    runsWithStarts++;
    expected += span;
    let previousMs = Number.NaN;
    let gap = 0;
    for (let slot = 0; slot < span; slot++) {
      if (isSeen[slot] === 0) {
        gap++;
        continue;
      }
      seen++;
      const time = firstSeenMs[slot] ?? Number.NaN;
      if (Number.isFinite(time)) {
        const cell = base + cellOf(grid, time);
        grid.seenStarts[cell] = (grid.seenStarts[cell] ?? 0) + 1;
        if (gap > 0) spreadMissing(grid, base, Number.isFinite(previousMs) ? previousMs : time, time, gap);
        gap = 0;
        previousMs = time;
      }
    }
  }
  if (runsWithStarts === 0) return { kind: 'not-available', reason: 'not available: no process start carries a ProcessSequenceNumber' };
  const missing = expected - seen;
  return { kind: 'estimated', seen, expected, missing, missingShare: expected > 0 ? missing / expected : 0, runs: runStarts.length - 1 };
}

function hourMinute(localMs: number): string {
  const date = new Date(localMs);
  return `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
}

function weekday(localMs: number): string {
  return new Date(localMs).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
}

/** "~8% of process starts" (or "<1% of …", or "no process starts"), as a hunter would say it. */
function startsShare(share: number): string {
  const percent = Math.round(share * 100);
  return share === 0 ? 'no process starts' : `${percent < 1 ? '<1%' : `~${percent}%`} of process starts`;
}

/** The sentence of one damaged span, each end on the zone's wall clock at that instant. */
export function damagedVerdict(host: string, fromMs: number, toMs: number, missingShare: number, timeZone: string): string {
  const clock = zoneClock(timeZone);
  const from = fromMs + clock.offsetMs(fromMs);
  const to = toMs + clock.offsetMs(toMs);
  const sameDay = Math.floor(from / 86_400_000) === Math.floor((to - 1) / 86_400_000);
  const when = sameDay
    ? `between ${hourMinute(from)} and ${hourMinute(to)} on ${weekday(from)}`
    : `between ${weekday(from)} ${hourMinute(from)} and ${weekday(to)} ${hourMinute(to)}`;
  return `${host}: ${startsShare(missingShare)} missing ${when}`;
}

function damagedSpans(grid: GridBuilder, base: number, host: string, share: number, minExpected: number, timeZone: string): DamagedSpan[] {
  const spans: DamagedSpan[] = [];
  let open: { from: number; missing: number; expected: number } | null = null;
  const close = (endCell: number): void => {
    if (open === null) return;
    const fromMs = grid.startMs + open.from * grid.cellMs;
    const toMs = grid.startMs + endCell * grid.cellMs;
    const missingShare = open.expected > 0 ? open.missing / open.expected : 0;
    spans.push({
      host,
      fromMs,
      toMs,
      missing: Math.round(open.missing),
      expected: Math.round(open.expected),
      missingShare,
      verdict: damagedVerdict(host, fromMs, toMs, missingShare, timeZone),
    });
    open = null;
  };
  for (let cell = 0; cell < grid.cells; cell++) {
    const missing = grid.missingStarts[base + cell] ?? 0;
    const expected = missing + (grid.seenStarts[base + cell] ?? 0);
    const isDamaged = expected >= minExpected && missing >= share * expected;
    if (!isDamaged) {
      close(cell);
      continue;
    }
    if (open === null) open = { from: cell, missing: 0, expected: 0 };
    open.missing += missing;
    open.expected += expected;
  }
  close(grid.cells);
  return spans;
}

function silentStretches(frame: EventFrame, rows: Uint32Array, gapMs: number, maxListed: number): { count: number; totalMs: number; listed: SilentStretch[] } {
  const listed: SilentStretch[] = [];
  let count = 0;
  let totalMs = 0;
  let previous = Number.NaN;
  for (const row of rows) {
    const time = frame.timeMs[row] ?? Number.NaN;
    if (!Number.isFinite(time)) continue;
    if (time - previous > gapMs) {
      count++;
      totalMs += time - previous;
      listed.push({ fromMs: previous, toMs: time });
    }
    previous = time;
  }
  listed.sort((a, b) => b.toMs - b.fromMs - (a.toMs - a.fromMs) || a.fromMs - b.fromMs);
  return { count, totalMs, listed: listed.slice(0, maxListed) };
}

function timeRange(frame: EventFrame): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (let row = 0; row < frame.length; row++) {
    if (frame.synthetic[row] === 1) continue;
    const time = frame.timeMs[row] ?? Number.NaN;
    if (time < first) first = time;
    if (time > last) last = time;
  }
  return Number.isFinite(first) ? { first, last } : { first: Number.NaN, last: Number.NaN };
}

function totalLostStarts(hosts: readonly HostCompleteness[]): LostStarts {
  let seen = 0;
  let expected = 0;
  let runs = 0;
  const reasons = new Set<string>();
  for (const host of hosts) {
    if (host.lostStarts.kind === 'not-available') {
      reasons.add(host.lostStarts.reason);
      continue;
    }
    seen += host.lostStarts.seen;
    expected += host.lostStarts.expected;
    runs += host.lostStarts.runs;
  }
  if (runs === 0)
    return { kind: 'not-available', reason: reasons.size === 1 ? [...reasons].join('') : 'not available: no event carries a ProcessSequenceNumber' };
  return { kind: 'estimated', seen, expected, missing: expected - seen, missingShare: expected > 0 ? (expected - seen) / expected : 0, runs };
}

function captureVerdicts(hosts: readonly HostCompleteness[], damaged: readonly DamagedSpan[], total: LostStarts): string[] {
  if (damaged.length > 0) return damaged.map((span) => span.verdict);
  if (total.kind === 'not-available') return [`Lost process starts: ${total.reason}.`];
  const judged = hosts.filter((host) => host.lostStarts.kind === 'estimated').length;
  const skipped = hosts.length - judged;
  const whole = `No damaged hours: ${startsShare(total.missingShare)} missing overall on ${judged} host${judged === 1 ? '' : 's'} with sequence numbers`;
  return [skipped > 0 ? `${whole}; ${skipped} host${skipped === 1 ? '' : 's'} without them not judged.` : `${whole}.`];
}

/**
 * How complete the capture is, per host and overall. Run after resolveParents (parents still
 * unresolved are counted from the frame). One pass groups rows by host in time order, then each
 * host is walked once for coverage, runs and lifetimes, plus one pass per run over its sequence range.
 */
export function captureCompleteness(frame: EventFrame, options: CompletenessOptions = {}): CompletenessReport {
  const silentGapMs = options.silentGapMs ?? 30 * MS_PER_MINUTE;
  const damagedShare = options.damagedShare ?? 0.03;
  const minExpected = options.minExpectedStarts ?? 20;
  const fallBack = options.rebootFallBack ?? 256;
  const maxCells = options.maxCells ?? 744;
  const { first, last } = timeRange(frame);
  // Cells are whole UTC hours starting on a local hour; a daylight-saving change moves the wall clock by whole hours, so they stay on local hours.
  const offsetMs = zoneClock(frame.timeZone).offsetMs(first);
  const hostNames = frame.hosts.values.slice(0, frame.hosts.size);
  const hostCount = hostNames.length;
  const startMs = Number.isFinite(first) ? Math.floor((first + offsetMs) / MS_PER_HOUR) * MS_PER_HOUR - offsetMs : 0;
  const hoursSpanned = Number.isFinite(last) ? Math.floor((last - startMs) / MS_PER_HOUR) + 1 : 1;
  const cellHours = Math.max(1, Math.ceil(hoursSpanned / maxCells));
  const cells = Math.max(1, Math.ceil(hoursSpanned / cellHours));
  const grid: GridBuilder = {
    startMs,
    cellMs: cellHours * MS_PER_HOUR,
    cells,
    events: new Uint32Array(hostCount * cells),
    seenStarts: new Uint32Array(hostCount * cells),
    missingStarts: new Float32Array(hostCount * cells),
  };
  const { offsets, rows: ordered } = rowsByHostInTime(frame);
  const runOf = new Uint32Array(frame.length);
  const runSettings = { fallBack, silentGapMs, sysmonSources: sourcesWithCommandLines(frame) };
  const hosts: HostCompleteness[] = [];
  for (let host = 0; host < hostCount; host++) {
    const rows = ordered.subarray(offsets[host] ?? 0, offsets[host + 1] ?? 0);
    if (rows.length === 0) continue;
    const base = host * cells;
    for (const row of rows) {
      const time = frame.timeMs[row] ?? Number.NaN;
      if (!Number.isFinite(time)) continue;
      const cell = base + cellOf(grid, time);
      grid.events[cell] = (grid.events[cell] ?? 0) + 1;
    }
    const hostRunOf = runOf.subarray(offsets[host] ?? 0, offsets[host + 1] ?? 0);
    const lostStarts = hostLostStarts(frame, rows, hostRunOf, grid, base, runSettings);
    const name = hostNames[host] ?? '';
    const silent = silentStretches(frame, rows, silentGapMs, options.maxListedStretches ?? 20);
    let firstMs = Number.NaN;
    let lastMs = Number.NaN;
    for (const row of rows) {
      const time = frame.timeMs[row] ?? Number.NaN;
      if (!Number.isFinite(time)) continue;
      if (!(time >= firstMs)) firstMs = time;
      lastMs = time;
    }
    hosts.push({
      host: name,
      events: rows.length,
      firstMs,
      lastMs,
      lostStarts,
      silentStretchCount: silent.count,
      silentMs: silent.totalMs,
      silentStretches: silent.listed,
      lifetimes: hostLifetimes(frame, rows, hostRunOf),
      damaged: lostStarts.kind === 'estimated' ? damagedSpans(grid, base, name, damagedShare, minExpected, frame.timeZone) : [],
    });
  }
  const damaged = hosts.flatMap((host) => host.damaged);
  const lostStarts = totalLostStarts(hosts);
  return {
    events: ordered.length,
    firstMs: first,
    lastMs: last,
    hosts,
    lostStarts,
    lifetimes: sumLifetimes(hosts.map((host) => host.lifetimes)),
    grid: { ...grid, hosts: hostNames },
    damaged,
    verdicts: captureVerdicts(hosts, damaged, lostStarts),
    timeZone: frame.timeZone,
  };
}

/**
 * Rows to leave out of training for the chosen hour ranges: `mask[row]` is 1 for a row of the
 * range's host whose time lies in [fromMs, toMs). Returns the mask and how many rows it marks.
 */
export function rowsInHourRanges(frame: EventFrame, ranges: readonly HourRange[]): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(frame.length);
  const byHost = new Map<number, HourRange[]>();
  for (const range of ranges) {
    const code = frame.hosts.find(range.host);
    if (code < 0) continue;
    byHost.set(code, [...(byHost.get(code) ?? []), range]);
  }
  let count = 0;
  if (byHost.size === 0) return { mask, count };
  for (let row = 0; row < frame.length; row++) {
    const hostRanges = byHost.get(frame.host[row] ?? 0);
    if (hostRanges === undefined) continue;
    const time = frame.timeMs[row] ?? Number.NaN;
    if (hostRanges.some((range) => time >= range.fromMs && time < range.toMs)) {
      mask[row] = 1;
      count++;
    }
  }
  return { mask, count };
}
