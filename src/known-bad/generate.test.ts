import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWN_BAD_SETTINGS, apportion, generateKnownBad, type KnownBadSettings } from './generate';
import { editDistance } from './nearMiss';
import type { IocEntry } from './iocCsv';
import { emptyFrame } from '../frame/frame';
import { startsFrame, type StartRow } from '../test-support/startsFrame';
import { captureProfile } from './profile';
import type { KnownBadEvent } from './types';

const HOUR = 3_600_000;
const MONDAY = Date.UTC(2024, 2, 4);
const VOLUME = '\\Device\\HarddiskVolume3';

/** A small weekday office-hours capture of two hosts. */
function captureRows(): StartRow[] {
  const images: [string, string | null, number][] = [
    ['\\Windows\\System32\\svchost.exe', '\\Windows\\System32\\services.exe', 60],
    ['\\Program Files\\Google\\Chrome\\Application\\chrome.exe', '\\Windows\\explorer.exe', 40],
    ['\\Windows\\System32\\conhost.exe', '\\Windows\\System32\\cmd.exe', 30],
    ['\\Windows\\System32\\RuntimeBroker.exe', '\\Windows\\System32\\svchost.exe', 20],
    ['\\Users\\alice\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe', '\\Windows\\explorer.exe', 12],
    ['\\Windows\\explorer.exe', '\\Windows\\System32\\userinit.exe', 6],
    ['\\Windows\\System32\\services.exe', '\\Windows\\System32\\wininit.exe', 2],
    ['\\Windows\\System32\\lsass.exe', '\\Windows\\System32\\wininit.exe', 2],
  ];
  const rows: StartRow[] = [];
  let i = 0;
  for (const [path, parent, count] of images) {
    for (let n = 0; n < count; n++, i++) {
      const day = i % 5;
      const hour = 8 + (i % 10);
      rows.push({
        imageName: `${VOLUME}${path}`,
        parentImage: parent === null ? null : `${VOLUME}${parent}`,
        timeMs: MONDAY + day * 24 * HOUR + hour * HOUR + (i % 60) * 60_000,
        host: i % 3 === 0 ? 'WS02' : 'WS01',
      });
    }
  }
  return rows;
}

const profile = captureProfile(startsFrame(captureRows()));
const settings: KnownBadSettings = { ...DEFAULT_KNOWN_BAD_SETTINGS, seed: 42 };

const nameOf = (path: string): string => path.slice(path.lastIndexOf('\\') + 1);
const folderOf = (path: string): string => path.slice(VOLUME.length, path.lastIndexOf('\\'));
const byKind = (events: KnownBadEvent[], kind: KnownBadEvent['kind']): KnownBadEvent[] => events.filter((e) => e.kind === kind);

/** Plain Levenshtein distance, written separately from the generator's. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

describe('generateKnownBad', () => {
  const run = generateKnownBad(profile, settings);

  it('gives identical output for the same settings and different output for another seed', () => {
    expect(generateKnownBad(profile, settings)).toEqual(run);
    expect(generateKnownBad(profile, { ...settings, seed: 43 }).events).not.toEqual(run.events);
  });

  it('makes sessions × events per session events, split by the mix', () => {
    expect(run.sessions).toHaveLength(6);
    expect(run.events).toHaveLength(240);
    expect(run.counts).toEqual({ 'actor-tool': 120, 'masquerade-folder': 40, 'near-miss-name': 40, 'wrong-parent': 40 });
    const custom = generateKnownBad(profile, {
      ...settings,
      sessions: 3,
      eventsPerSession: 10,
      mix: { actorTools: 1, masqueradeFolder: 1, nearMissName: 0, wrongParent: 1 },
    });
    expect(custom.counts).toEqual({ 'actor-tool': 10, 'masquerade-folder': 10, 'near-miss-name': 0, 'wrong-parent': 10 });
  });

  it("writes every path in the capture's volume style and on the capture's hosts", () => {
    for (const event of run.events) {
      expect(event.imageName.startsWith(`${VOLUME}\\`)).toBe(true);
      expect(['WS01', 'WS02']).toContain(event.host);
      expect(event.eventId).toBe(1);
      expect(event.processId % 4).toBe(0);
      expect(event.note.length).toBeGreaterThan(10);
    }
  });

  it('draws every event time inside its session window (night pattern: 22–05 UTC)', () => {
    for (const event of run.events) {
      const session = run.sessions[event.sessionId];
      expect(session?.id).toBe(event.sessionId);
      expect(event.timeMs >= (session?.startMs ?? NaN) && event.timeMs < (session?.endMs ?? NaN)).toBe(true);
      const hour = new Date(event.timeMs).getUTCHours();
      expect(hour >= 22 || hour <= 5).toBe(true);
    }
  });

  it('masquerades keep a capture name and move it out of every folder the capture has it in', () => {
    const masquerades = byKind(run.events, 'masquerade-folder');
    expect(masquerades.length).toBe(40);
    for (const event of masquerades) {
      const name = nameOf(event.imageName);
      const folder = folderOf(event.imageName);
      const captureFolders = profile.names.filter((n) => n.name.toLowerCase() === name.toLowerCase()).map((n) => n.folder.toLowerCase());
      expect(captureFolders.length).toBeGreaterThan(0);
      expect(captureFolders).not.toContain(folder.toLowerCase());
      expect(folder).toMatch(/^\\(Users\\(Public|alice\\AppData\\(Roaming|Local\\Temp))|ProgramData|Windows\\Temp|PerfLogs)$/);
      expect(event.note).toBe(`${name} in ${folder} instead of ${captureFolders.length === 1 ? profile.names.find((n) => n.name === name)?.folder : ''}`);
    }
  });

  it('near-misses are 1–2 edits from a capture name, in its folder, and not a capture name', () => {
    const nearMisses = byKind(run.events, 'near-miss-name');
    const captureNames = profile.names.map((n) => n.name.toLowerCase());
    for (const event of nearMisses) {
      const name = nameOf(event.imageName);
      expect(captureNames).not.toContain(name.toLowerCase());
      const original = /a near-miss of (.+)$/.exec(event.note)?.[1] ?? '';
      expect(captureNames).toContain(original.toLowerCase());
      const distance = levenshtein(name.toLowerCase(), original.toLowerCase());
      expect(distance).toBeGreaterThanOrEqual(1);
      expect(distance).toBeLessThanOrEqual(2);
      expect(folderOf(event.imageName)).toBe(profile.names.find((n) => n.name === original)?.folder);
    }
    // Several distinct spellings, not one repeated.
    expect(new Set(nearMisses.map((e) => nameOf(e.imageName))).size).toBeGreaterThan(5);
  });

  it('wrong parents keep the capture path of the child and use a parent Sigma does not allow', () => {
    const wrong = byKind(run.events, 'wrong-parent');
    expect(wrong.length).toBe(40);
    for (const event of wrong) {
      const name = nameOf(event.imageName).toLowerCase();
      const capturePath = profile.names.find((n) => n.name.toLowerCase() === name);
      if (capturePath !== undefined) expect(event.imageName).toBe(`${VOLUME}${capturePath.folder}\\${capturePath.name}`);
      else expect(folderOf(event.imageName)).toBe('\\Windows\\System32');
      const parent = event.parentImage ?? '';
      const parentFolder = folderOf(parent).toLowerCase();
      // Sigma's allowed parents: anything under System32/SysWOW64, SavService, ngen, MsMpEng in Defender folders.
      expect(parentFolder.includes('\\system32') || parentFolder.includes('\\syswow64')).toBe(false);
      expect(['savservice.exe', 'ngen.exe', 'msmpeng.exe']).not.toContain(nameOf(parent).toLowerCase());
    }
  });

  it('without Sigma, wrong parents are not the expected parent (svchost.exe not from services.exe)', () => {
    const events = generateKnownBad(profile, {
      ...settings,
      includeSigma: false,
      mix: { actorTools: 0, masqueradeFolder: 0, nearMissName: 0, wrongParent: 1 },
    }).events;
    const expected: Record<string, string[]> = {
      'svchost.exe': ['services.exe'],
      'runtimebroker.exe': ['svchost.exe'],
      'lsass.exe': ['wininit.exe'],
      'services.exe': ['wininit.exe'],
    };
    let checked = 0;
    for (const event of events) {
      const allowed = expected[nameOf(event.imageName).toLowerCase()];
      if (allowed === undefined) continue;
      checked++;
      expect(allowed).not.toContain(nameOf(event.parentImage ?? '').toLowerCase());
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('mixes actor tools with ordinary programs and, when asked, LOLBAS binaries', () => {
    const tools = byKind(run.events, 'actor-tool');
    const ordinary = tools.filter((e) => e.note.includes('an ordinary program'));
    const lolbas = tools.filter((e) => e.note.includes('LOLBAS'));
    expect(ordinary.length).toBeGreaterThan(20);
    expect(lolbas.length).toBeGreaterThan(5);
    expect(tools.length - ordinary.length - lolbas.length).toBeGreaterThan(20);
    for (const event of ordinary) expect(folderOf(event.imageName)).toMatch(/^\\Windows\\System32/);
    const without = byKind(generateKnownBad(profile, { ...settings, includeLolbas: false }).events, 'actor-tool');
    expect(without.filter((e) => e.note.includes('LOLBAS'))).toEqual([]);
  });

  it('takes sessions, names and folders from an IOC list and imported examples', () => {
    const first = Date.UTC(2024, 2, 6, 1);
    const ioc: IocEntry = {
      line: 5,
      name: 'evil.exe',
      path: 'C:\\Users\\Public\\Libraries',
      firstSeenMs: first,
      lastSeenMs: first + HOUR,
      hours: null,
      actor: 'APT-X',
      note: null,
    };
    const example: KnownBadEvent = {
      eventId: 1,
      timeMs: first + 2 * 24 * HOUR,
      host: 'DC01',
      imageName: 'C:\\ProgramData\\drop\\beacon.exe',
      parentImage: null,
      processId: 4000,
      parentProcessId: 400,
      kind: 'imported',
      sessionId: 0,
      note: 'from an incident',
    };
    const result = generateKnownBad(profile, { ...settings, iocs: [ioc] }, [example]);
    expect(result.sessions.slice(0, 2).map((s) => s.source)).toEqual(['ioc', 'imported']);
    expect(result.sessions).toHaveLength(6);
    const images = result.events.map((e) => e.imageName);
    expect(images).toContain(`${VOLUME}\\Users\\Public\\Libraries\\evil.exe`);
    expect(images).toContain(`${VOLUME}\\ProgramData\\drop\\beacon.exe`);
    expect(result.events.some((e) => e.sessionId === 0 && e.timeMs >= first && e.timeMs < first + HOUR)).toBe(true);
  });

  it('works on an empty capture profile with its own fallback names', () => {
    const tiny = captureProfile(emptyFrame(0));
    const result = generateKnownBad(tiny, { ...settings, sessions: 2, eventsPerSession: 30 });
    expect(result.events).toHaveLength(60);
    for (const event of result.events) expect(event.host).toBe('HOST');
  });
});

describe('helpers', () => {
  it('apportions totals exactly by largest remainder', () => {
    expect(apportion(240, [0.5, 1 / 6, 1 / 6, 1 / 6])).toEqual([120, 40, 40, 40]);
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 0])).toEqual([0, 0]);
  });

  it('measures near-miss distance with transpositions as one edit', () => {
    expect(editDistance('svchost', 'scvhost')).toBe(1);
    expect(editDistance('lsass', 'lsas')).toBe(1);
    expect(editDistance('Explorer', 'explorar')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});
