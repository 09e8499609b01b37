import { describe, expect, it } from 'vitest';
import { buildCaptureProfile } from './profile';

describe('buildCaptureProfile', () => {
  it('counts images per name and folder, with parents, hosts, range and hours', () => {
    const t0 = Date.UTC(2024, 2, 4, 9, 15);
    const profile = buildCaptureProfile([
      { imageName: '\\Device\\HarddiskVolume3\\Windows\\System32\\svchost.exe', parentImage: 'C:\\Windows\\System32\\services.exe', timeMs: t0, host: 'WS01' },
      { imageName: '\\Device\\HarddiskVolume3\\Windows\\system32\\SVCHOST.EXE', parentImage: 'services.exe', timeMs: t0 + 3_600_000, host: 'WS01' },
      { imageName: '\\Device\\HarddiskVolume2\\Windows\\SysWOW64\\svchost.exe', parentImage: null, timeMs: t0 + 7_200_000, host: 'WS02' },
      { imageName: 'C:\\Windows\\explorer.exe', parentImage: 'C:\\Windows\\System32\\userinit.exe', timeMs: t0 - 86_400_000, host: 'WS02' },
      { imageName: 'C:\\Windows\\explorer.exe', parentImage: '', timeMs: NaN, host: null },
      { imageName: 'C:\\Windows\\explorer.exe', parentImage: 'winlogon.exe', timeMs: t0, host: 'WS02' },
    ]);
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

  it('gives NaN times for a capture without times', () => {
    expect(buildCaptureProfile([]).timeRange).toEqual([NaN, NaN]);
  });
});
