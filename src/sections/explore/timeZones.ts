/** The time zones the Explore charts (and the hour and weekday features) can be in. */
import { timeZoneNames, UTC_ZONE } from '../../lib/timeZone';

/** One option of the zone control. */
export interface ZoneChoice {
  zone: string;
  label: string;
}

/** This browser's own zone (an IANA name), or UTC when it does not say. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || UTC_ZONE;
}

/**
 * UTC first, then every IANA zone the browser knows (its own marked), and the current zone
 * wherever it is not among them (a fixed `UTC±hh:mm` read from an older notebook).
 */
export function zoneChoices(current: string, names: readonly string[] = timeZoneNames(), local: string = browserTimeZone()): ZoneChoice[] {
  const zones = [UTC_ZONE, ...names.filter((name) => name !== UTC_ZONE)];
  if (!zones.includes(current)) zones.splice(1, 0, current);
  return zones.map((zone) => ({ zone, label: zone === local && zone !== UTC_ZONE ? `${zone} (this computer)` : zone }));
}
