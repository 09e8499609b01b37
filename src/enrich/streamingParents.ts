/**
 * Parent resolution for captures read in batches (the headless pipeline), with memory bounded
 * by the processes alive at once rather than by the capture: the same rules as resolveParents
 * (parents.ts), applied to each batch in time order against a table of live processes per host
 * that outlives the batches. A process leaves the table at its stop; a capture without stops is
 * bounded by `maxProcesses`, the oldest starts leaving first.
 */
import { MISSING, type EventFrame } from '../frame/frame';
import { isSameShortName, type ParentResolution } from './parents';

/** A live process as later events of its host see it. */
interface LiveProcess {
  pid: number;
  sequence: number;
  /** Full image path (batches have their own string tables, so paths, not codes). */
  image: string;
  parentImage: string | null;
}

/** The live processes of one host. */
interface HostProcesses {
  byPid: Map<number, LiveProcess>;
  bySequence: Map<number, LiveProcess>;
}

/** Live processes kept by default: ~100 bytes each plus their paths. */
export const DEFAULT_MAX_LIVE_PROCESSES = 1_000_000;

/** What streaming resolution found, with the processes dropped to keep the table bounded. */
export interface StreamingParentResolution extends ParentResolution {
  evicted: number;
}

/** Resolves parents batch after batch; one instance per pass over a capture. */
export class StreamingParentResolver {
  private readonly hosts = new Map<string, HostProcesses>();
  /** Every live process once, oldest start first (a Map keeps insertion order). */
  private readonly live = new Map<LiveProcess, HostProcesses>();
  readonly totals: StreamingParentResolution = {
    startsWithParent: 0,
    resolvedBySequence: 0,
    resolvedByTime: 0,
    unresolved: 0,
    stopsCompleted: 0,
    imageLoadsAttributed: 0,
    evicted: 0,
  };

  constructor(private readonly maxProcesses = DEFAULT_MAX_LIVE_PROCESSES) {}

  /** Processes in the table now. */
  get liveCount(): number {
    return this.live.size;
  }

  private hostTable(host: string): HostProcesses {
    let table = this.hosts.get(host);
    if (table === undefined) {
      table = { byPid: new Map(), bySequence: new Map() };
      this.hosts.set(host, table);
    }
    return table;
  }

  private forget(process: LiveProcess, table: HostProcesses): void {
    if (table.byPid.get(process.pid) === process) table.byPid.delete(process.pid);
    if (process.sequence !== MISSING && table.bySequence.get(process.sequence) === process) table.bySequence.delete(process.sequence);
    this.live.delete(process);
  }

  private remember(process: LiveProcess, table: HostProcesses): void {
    const previous = table.byPid.get(process.pid);
    // A reused pid replaces its earlier process for lookups by pid (as "the latest earlier start").
    if (previous !== undefined && (previous.sequence === MISSING || !table.bySequence.has(previous.sequence))) this.live.delete(previous);
    table.byPid.set(process.pid, process);
    if (process.sequence !== MISSING) table.bySequence.set(process.sequence, process);
    this.live.set(process, table);
    while (this.live.size > this.maxProcesses) {
      const oldest = this.live.entries().next().value;
      if (oldest === undefined) break;
      this.forget(oldest[0], oldest[1]);
      this.totals.evicted++;
    }
  }

  /**
   * Fills `parentImage` of the batch's process starts, completes stops' short names from their
   * start and attributes image loads to their process, in time order (stable for equal times),
   * seeing every start of earlier batches that is still alive. Returns this batch's counts.
   */
  resolveBatch(frame: EventFrame): StreamingParentResolution {
    const counts: StreamingParentResolution = {
      startsWithParent: 0,
      resolvedBySequence: 0,
      resolvedByTime: 0,
      unresolved: 0,
      stopsCompleted: 0,
      imageLoadsAttributed: 0,
      evicted: this.totals.evicted,
    };
    const order = new Uint32Array(frame.length);
    for (let row = 0; row < frame.length; row++) order[row] = row;
    order.sort((a, b) => (frame.timeMs[a] ?? 0) - (frame.timeMs[b] ?? 0) || a - b);
    const images = frame.images;
    const bareFolder = images.folders.find('');
    for (const row of order) {
      const table = this.hostTable(frame.hosts.value(frame.host[row] ?? 0));
      const eventId = frame.eventId[row];
      const pid = frame.processId[row] ?? MISSING;
      if (eventId === 1) {
        const parentPid = frame.parentProcessId[row] ?? MISSING;
        if (parentPid !== MISSING && frame.parentImage[row] === MISSING) {
          counts.startsWithParent++;
          const parentSequence = frame.parentSequence[row] ?? MISSING;
          const bySequence = parentSequence === MISSING ? undefined : table.bySequence.get(parentSequence);
          if (bySequence !== undefined && bySequence.pid === parentPid) {
            frame.parentImage[row] = images.code(bySequence.image);
            counts.resolvedBySequence++;
          } else {
            const byPid = table.byPid.get(parentPid);
            if (byPid !== undefined) {
              frame.parentImage[row] = images.code(byPid.image);
              counts.resolvedByTime++;
            } else {
              counts.unresolved++;
            }
          }
        }
        if (pid !== MISSING) {
          const parent = frame.parentImage[row] ?? MISSING;
          this.remember(
            {
              pid,
              sequence: frame.sequence[row] ?? MISSING,
              image: images.paths.value(frame.image[row] ?? 0),
              parentImage: parent === MISSING ? null : images.paths.value(parent),
            },
            table,
          );
        }
        continue;
      }
      if (pid === MISSING) continue;
      const sequence = frame.sequence[row] ?? MISSING;
      const start = (sequence === MISSING ? undefined : table.bySequence.get(sequence)) ?? table.byPid.get(pid);
      if (start === undefined) continue;
      const startImage = images.code(start.image);
      if (eventId === 2) {
        const stopImage = frame.image[row] ?? MISSING;
        if (images.folder(stopImage) === bareFolder && isSameShortName(images.names.key(images.name(stopImage)), images.names.key(images.name(startImage)))) {
          frame.image[row] = startImage;
          counts.stopsCompleted++;
        }
        frame.parentImage[row] = start.parentImage === null ? MISSING : images.code(start.parentImage);
        this.forget(start, table);
      } else if (eventId === 5 || eventId === 6) {
        frame.parentImage[row] = startImage;
        counts.imageLoadsAttributed++;
      }
    }
    counts.evicted = this.totals.evicted - counts.evicted;
    for (const key of ['startsWithParent', 'resolvedBySequence', 'resolvedByTime', 'unresolved', 'stopsCompleted', 'imageLoadsAttributed'] as const) {
      this.totals[key] += counts[key];
    }
    return counts;
  }
}
