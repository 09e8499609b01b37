/**
 * Velociraptor-shaped Kernel-Process JSON Lines with process starts dropped at a known rate in
 * known hours, for the completeness journeys (browser and worker): two hosts, one process every
 * 30 s per host numbered by a ProcessSequenceNumber that grows by one per process, each stopping
 * 10 s later. A dropped process loses all its events, so its sequence number is never seen.
 */

/** Tuesday 24 November 2026, 00:00 UTC. */
export const KERNEL_CAPTURE_START_MS = Date.UTC(2026, 10, 24);
export const KERNEL_CAPTURE_HOSTS = ['WS-FIN-07', 'WS-HR-02'] as const;
export const KERNEL_STARTS_PER_HOUR = 120;
const HOURS = 12;
const KERNEL_PROCESS = '{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}';
const IMAGES = [
  '\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe',
  '\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
  '\\Device\\HarddiskVolume3\\Program Files\\App\\app.exe',
];

/** Processes lost on one host in hours [fromHour, toHour) after the start: every `every`-th sequence number (a share of 1/every). */
export interface KernelDrop {
  readonly host: string;
  readonly fromHour: number;
  readonly toHour: number;
  readonly every: number;
}

function line(host: string, id: 1 | 2, timeMs: number, pid: number, sequence: number, image: string): string {
  const eventData: Record<string, string> = { ProcessID: String(pid), ProcessSequenceNumber: String(sequence), ImageName: image };
  if (id === 1) Object.assign(eventData, { ParentProcessID: '4000', ParentProcessSequenceNumber: '900', SessionID: '1' });
  return JSON.stringify({
    System: { ID: id, ProcessID: 4, TimeStamp: new Date(timeMs).toISOString(), Provider: KERNEL_PROCESS, OpCode: id },
    EventData: eventData,
    Hostname: host,
  });
}

/** The capture's text, and per drop the share of its hours' processes that were lost. */
export function kernelProcessJsonl(drops: readonly KernelDrop[]): { text: string; lostShare: number[]; lost: number[] } {
  const lines: { timeMs: number; text: string }[] = [];
  const created = drops.map(() => 0);
  const lost = drops.map(() => 0);
  for (const [hostIndex, host] of KERNEL_CAPTURE_HOSTS.entries()) {
    let sequence = 1000;
    for (let i = 0; i < HOURS * KERNEL_STARTS_PER_HOUR; i++) {
      const timeMs = KERNEL_CAPTURE_START_MS + i * (3_600_000 / KERNEL_STARTS_PER_HOUR) + hostIndex * 1000;
      const hour = Math.floor(i / KERNEL_STARTS_PER_HOUR);
      sequence++;
      let isLost = false;
      drops.forEach((drop, index) => {
        if (drop.host !== host || hour < drop.fromHour || hour >= drop.toHour) return;
        created[index] = (created[index] ?? 0) + 1;
        if (sequence % drop.every === 0) {
          isLost = true;
          lost[index] = (lost[index] ?? 0) + 1;
        }
      });
      if (isLost) continue;
      const pid = 8 + 4 * (i % 5000);
      const image = IMAGES[i % IMAGES.length] ?? '';
      lines.push({ timeMs, text: line(host, 1, timeMs, pid, sequence, image) });
      lines.push({ timeMs: timeMs + 10_000, text: line(host, 2, timeMs + 10_000, pid, sequence, image) });
    }
  }
  lines.sort((a, b) => a.timeMs - b.timeMs);
  return {
    text: `${lines.map((l) => l.text).join('\n')}\n`,
    lostShare: created.map((count, index) => (lost[index] ?? 0) / Math.max(1, count)),
    lost,
  };
}
