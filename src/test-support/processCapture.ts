/**
 * Generated Kernel-Process captures with known damage, for completeness tests: every host creates
 * processes numbered by a ProcessSequenceNumber counter (reset at a reboot), most of them stop a
 * few minutes later, and chosen hours lose a known share of their processes. Also builds frames
 * from events or capture text the way the data worker does.
 */
import { resolveParents } from '../enrich/parents';
import { Label, appendEvent, emptyFrame, type EventFrame } from '../frame/frame';
import { readCapture } from '../ingest/readCapture';
import type { LineProblem, NormalizedEvent } from '../ingest/types';
import { seededRandom } from '../lib/random';
import { recordingSink } from './testSink';
import { sourceFromText } from './testSources';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** Tuesday 24 November 2026, 00:00 UTC: generated captures start here. */
export const CAPTURE_START_MS = Date.UTC(2026, 10, 24);

/** Processes lost in some hours of one host. */
export interface StartDrop {
  readonly host: string;
  /** Hours after CAPTURE_START_MS, first included, last excluded. */
  readonly fromHour: number;
  readonly toHour: number;
  /** Chance that a process started in those hours is lost. */
  readonly share: number;
  /**
   * 'process': all of its events are lost (nothing shows its sequence number);
   * 'start': only its start is lost, its stop still comes.
   */
  readonly what: 'process' | 'start';
}

export interface ProcessCaptureSettings {
  readonly hosts: readonly string[];
  readonly hours: number;
  readonly startsPerHour: number;
  readonly seed: number;
  readonly drops?: readonly StartDrop[];
  /** Per host, the hour after which it reboots (sequence numbers start again from 100). */
  readonly rebootAtHour?: Readonly<Record<string, number>>;
  /** Per host, hours [from, to) with no events at all (the collector was down). */
  readonly silentHours?: Readonly<Record<string, readonly [number, number]>>;
}

/** Generated events (time order) and what was done to them. */
export interface ProcessCapture {
  readonly events: NormalizedEvent[];
  /** Processes created per host (the truth the estimate should find). */
  readonly created: ReadonlyMap<string, number>;
  /** Per drop (same order as settings.drops): processes created in its hours and how many lost their start. */
  readonly dropped: readonly { readonly created: number; readonly lost: number }[];
}

function event(fields: Partial<NormalizedEvent> & Pick<NormalizedEvent, 'eventId' | 'timeMs' | 'host' | 'processId' | 'imageName'>): NormalizedEvent {
  return { parentProcessId: -1, processSequence: -1, parentProcessSequence: -1, createTimeMs: Number.NaN, parentImage: null, ...fields };
}

const IMAGES = [
  'C:\\Windows\\System32\\cmd.exe',
  'C:\\Windows\\System32\\conhost.exe',
  'C:\\Windows\\System32\\svchost.exe',
  'C:\\Program Files\\App\\app.exe',
];

/** A seeded multi-host Kernel-Process capture with starts, stops and image loads, damaged as asked. */
export function generateProcessCapture(settings: ProcessCaptureSettings): ProcessCapture {
  const random = seededRandom(settings.seed);
  const events: NormalizedEvent[] = [];
  const created = new Map<string, number>();
  const drops = settings.drops ?? [];
  const dropped = drops.map(() => ({ created: 0, lost: 0 }));
  const endMs = CAPTURE_START_MS + settings.hours * MS_PER_HOUR;
  for (const host of settings.hosts) {
    let sequence = 1000;
    const rebootHour = settings.rebootAtHour?.[host];
    const silent = settings.silentHours?.[host];
    // explorer.exe started before the capture: a parent the capture never saw start.
    const explorer = { pid: 4000, sequence: 900 };
    const times: number[] = [];
    for (let i = 0; i < settings.hours * settings.startsPerHour; i++) times.push(CAPTURE_START_MS + random.next() * settings.hours * MS_PER_HOUR);
    times.sort((a, b) => a - b);
    let hasRebooted = false;
    for (const timeMs of times) {
      const hour = Math.floor((timeMs - CAPTURE_START_MS) / MS_PER_HOUR);
      if (silent !== undefined && hour >= silent[0] && hour < silent[1]) continue;
      if (rebootHour !== undefined && !hasRebooted && hour >= rebootHour) {
        hasRebooted = true;
        sequence = 100;
      }
      sequence++;
      created.set(host, (created.get(host) ?? 0) + 1);
      const pid = 4 * (1001 + random.int(16_000)); // above explorer's 4000, so explorer never resolves
      const imageName = random.pick(IMAGES);
      let lost: StartDrop['what'] | null = null;
      for (let index = 0; index < drops.length; index++) {
        const drop = drops[index];
        const counts = dropped[index];
        if (drop === undefined || counts === undefined || drop.host !== host || hour < drop.fromHour || hour >= drop.toHour) continue;
        counts.created++;
        if (random.next() < drop.share) {
          lost = drop.what;
          counts.lost++;
        }
      }
      const fields = { host, processId: pid, processSequence: sequence, imageName, createTimeMs: timeMs };
      if (lost === null) {
        events.push(event({ ...fields, eventId: 1, timeMs, parentProcessId: explorer.pid, parentProcessSequence: explorer.sequence }));
        if (random.next() < 0.3) events.push(event({ eventId: 5, timeMs: timeMs + 5, host, processId: pid, imageName: 'C:\\Windows\\System32\\ntdll.dll' }));
      }
      const stopMs = timeMs + (1 + random.next() * 20) * MS_PER_MINUTE;
      const rebootMs = rebootHour === undefined ? Infinity : CAPTURE_START_MS + rebootHour * MS_PER_HOUR;
      const stopsBeforeReboot = timeMs >= rebootMs || stopMs < rebootMs;
      if (lost !== 'process' && stopMs < endMs && stopsBeforeReboot && random.next() < 0.8) {
        events.push(event({ ...fields, eventId: 2, timeMs: stopMs, imageName: imageName.slice(imageName.lastIndexOf('\\') + 1) }));
      }
    }
  }
  // A host that is down creates no processes and reports nothing, not even stops of earlier ones.
  const isSilenced = (e: NormalizedEvent): boolean => {
    const silent = e.host === null ? undefined : settings.silentHours?.[e.host];
    const hour = (e.timeMs - CAPTURE_START_MS) / MS_PER_HOUR;
    return silent !== undefined && hour >= silent[0] && hour < silent[1];
  };
  const kept = events.filter((e) => !isSilenced(e)).sort((a, b) => a.timeMs - b.timeMs);
  return { events: kept, created, dropped };
}

/** A frame holding `events`, hosts coded in order of appearance, parents resolved, as the data worker builds it. */
export function frameFromEvents(events: readonly NormalizedEvent[], source = 'generated.jsonl'): EventFrame {
  const frame = emptyFrame(Math.max(1024, events.length));
  const sourceCode = frame.sources.code(source);
  for (const e of events) appendEvent(frame, e, { hostCode: frame.hosts.code(e.host ?? 'unknown'), sourceCode, label: Label.Unlabelled, isSynthetic: false });
  resolveParents(frame);
  return frame;
}

/** A capture file's text read by the app's own readers into a frame (hosts the rows lack are "unknown"). */
export async function frameFromCaptureText(text: string, name: string): Promise<{ frame: EventFrame; problems: LineProblem[] }> {
  const recording = recordingSink();
  await readCapture(sourceFromText(text, name), recording.sink);
  return { frame: frameFromEvents(recording.events, name), problems: recording.problems };
}
