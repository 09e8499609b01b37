import { describe, expect, it } from 'vitest';
import { zoneChoices } from './timeZones';

describe('zone choices', () => {
  it('offers UTC first, then the named zones, marking this computer’s', () => {
    const choices = zoneChoices('UTC', ['Africa/Abidjan', 'Europe/Berlin', 'UTC'], 'Europe/Berlin');
    expect(choices).toEqual([
      { zone: 'UTC', label: 'UTC' },
      { zone: 'Africa/Abidjan', label: 'Africa/Abidjan' },
      { zone: 'Europe/Berlin', label: 'Europe/Berlin (this computer)' },
    ]);
    expect(zoneChoices('UTC', ['Europe/Berlin'], 'UTC').map((c) => c.zone)).toEqual(['UTC', 'Europe/Berlin']);
  });

  it('keeps a fixed offset read from an older notebook selectable', () => {
    expect(zoneChoices('UTC+05:30', ['Asia/Kolkata'], 'UTC').map((c) => c.zone)).toEqual(['UTC', 'UTC+05:30', 'Asia/Kolkata']);
  });

  it('lists the zones this runtime knows', () => {
    const zones = zoneChoices('UTC').map((c) => c.zone);
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('America/New_York');
  });
});
