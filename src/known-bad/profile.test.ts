import { describe, expect, it } from 'vitest';
import { Label, emptyFrame } from '../frame/frame';
import { startsFrame } from '../test-support/startsFrame';
import { captureProfile } from './profile';

describe('captureProfile', () => {
  it('counts known-good and unlabelled starts per image, with parents, hosts, range and hours', () => {
    const t0 = Date.UTC(2024, 2, 4, 9, 15);
    const profile = captureProfile(
      startsFrame([
        {
          imageName: '\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe',
          parentImage: 'C:\\Windows\\System32\\services.exe',
          timeMs: t0,
          host: 'WS01',
        },
        { imageName: '\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe', parentImage: 'services.exe', timeMs: t0 + 3_600_000, host: 'WS01' },
        {
          imageName: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\svchost.exe',
          parentImage: null,
          timeMs: t0 + 7_200_000,
          host: 'WS02',
          label: Label.KnownGood,
        },
        { imageName: 'C:\\Windows\\explorer.exe', parentImage: 'C:\\Windows\\System32\\userinit.exe', timeMs: t0 - 86_400_000, host: 'WS02' },
        { imageName: 'C:\\Windows\\explorer.exe', parentImage: null, timeMs: NaN, host: 'WS02' },
        { imageName: 'C:\\Windows\\explorer.exe', parentImage: 'winlogon.exe', timeMs: t0, host: 'WS02' },
        // Known bad rows are what the generator makes, not what it imitates.
        { imageName: 'C:\\Users\\Public\\evil.exe', parentImage: 'C:\\Windows\\explorer.exe', timeMs: t0 + 86_400_000, host: 'WS09', label: Label.KnownBad },
      ]),
    );
    expect(profile.names).toEqual([
      {
        name: 'explorer.exe',
        folder: '\\Windows',
        volume: 'C:',
        count: 3,
        parents: [
          { name: 'userinit.exe', count: 1 },
          { name: 'winlogon.exe', count: 1 },
        ],
      },
      {
        name: 'svchost.exe',
        folder: '\\Windows\\System32',
        volume: '\\Device\\HarddiskVolume3',
        count: 2,
        parents: [{ name: 'services.exe', count: 2 }],
      },
      { name: 'svchost.exe', folder: '\\Windows\\SysWOW64', volume: '\\Device\\HarddiskVolume2', count: 1, parents: [] },
    ]);
    expect(profile.hosts).toEqual(['WS02', 'WS01']);
    expect(profile.timeRange).toEqual([t0 - 86_400_000, t0 + 7_200_000]);
    const hours = new Array<number>(24).fill(0);
    hours[9] = 3;
    hours[10] = 1;
    hours[11] = 1;
    expect(profile.activeHourHistogram).toEqual(hours);
  });

  it('gives an empty profile, over an instant, for a capture without starts', () => {
    const profile = captureProfile(emptyFrame(0));
    expect(profile.names).toEqual([]);
    expect(profile.hosts).toEqual([]);
    const [from, to] = profile.timeRange;
    expect(Number.isFinite(from) && from === to).toBe(true);
  });
});
