// @ts-check
/**
 * The simulated hosts of the capture model: four templates (one per host kind) and their
 * numbered copies, and the Velociraptor client id of each.
 */
import { fnv1a } from './captureRandom.mjs';

/**
 * @typedef {object} HostProfile
 * @property {string} name
 * @property {'f' | 'd' | 's' | 'h'} kind catalog host kind
 * @property {number} tzHours offset of local time from UTC
 * @property {number} volume N of `\Device\HarddiskVolumeN`
 * @property {string} user interactive user (folder name under Users)
 * @property {boolean} userIsAdmin whether the user has a split (UAC) token
 * @property {'daily' | 'always'} power daily: boots each weekday morning, shuts down each evening;
 *   always: running before the capture, rebooted at `reboots`
 * @property {{day: number, hour: number}[]} reboots capture day index and local hour
 * @property {[number, number]} office local office hours [start, end)
 * @property {number} bgRate background starts per hour (relative)
 * @property {number} uiRate interactive starts per office hour (relative)
 * @property {number} userSession session id of the interactive user
 */

/** @type {readonly HostProfile[]} */
const HOST_TEMPLATES = [
  {
    name: 'WS-FIN-07',
    kind: 'f',
    tzHours: 1,
    volume: 3,
    user: 'm.weber',
    userIsAdmin: false,
    power: 'daily',
    reboots: [],
    office: [8, 18],
    bgRate: 12,
    uiRate: 75,
    userSession: 1,
  },
  {
    name: 'WS-DEV-12',
    kind: 'd',
    tzHours: 1,
    volume: 4,
    user: 'j.schmidt',
    userIsAdmin: true,
    power: 'always',
    reboots: [
      { day: 0, hour: 8.2 },
      { day: 3, hour: 12.6 },
    ],
    office: [9, 19],
    bgRate: 14,
    uiRate: 110,
    userSession: 1,
  },
  {
    name: 'SRV-FILE-01',
    kind: 's',
    tzHours: 0,
    volume: 2,
    user: 'Administrator',
    userIsAdmin: true,
    power: 'always',
    reboots: [{ day: 0, hour: 1.5 }],
    office: [8, 18],
    bgRate: 40,
    uiRate: 5,
    userSession: 2,
  },
  {
    name: 'LAPTOP-HR-03',
    kind: 'h',
    tzHours: -5,
    volume: 3,
    user: 'a.keller',
    userIsAdmin: false,
    power: 'daily',
    reboots: [],
    office: [8, 17],
    bgRate: 10,
    uiRate: 60,
    userSession: 1,
  },
];
const EXTRA_USERS = ['t.nguyen', 's.fischer', 'l.martin', 'k.yilmaz', 'p.novak', 'r.rossi', 'e.berg', 'd.okafor'];

/**
 * The simulated hosts: the four templates first, then copies with the next numbers
 * (WS-FIN-08, …) and other users. `overrides[i]` replaces fields of host i (e.g. `tzHours`).
 * @param {number} count
 * @param {readonly Partial<HostProfile>[]} [overrides]
 * @returns {HostProfile[]}
 */
export function hostProfiles(count, overrides = []) {
  /** @type {HostProfile[]} */
  const hosts = [];
  for (let i = 0; i < count; i++) {
    const template = /** @type {HostProfile} */ (HOST_TEMPLATES[i % HOST_TEMPLATES.length]);
    const round = Math.floor(i / HOST_TEMPLATES.length);
    const name = template.name.replace(/(\d+)$/, (digits) => String(Number(digits) + round).padStart(digits.length, '0'));
    const user = round === 0 || template.kind === 's' ? template.user : /** @type {string} */ (EXTRA_USERS[(i - HOST_TEMPLATES.length) % EXTRA_USERS.length]);
    hosts.push({ ...template, name, user, volume: round === 0 ? template.volume : 2 + ((template.volume + round) % 3), ...(overrides[i] ?? {}) });
  }
  return hosts;
}

/** Velociraptor-style client id (`C.` + 16 hex) derived from a host name. @param {string} hostName */
export function clientIdOf(hostName) {
  const high = fnv1a(`client:${hostName}`).toString(16).padStart(8, '0');
  const low = fnv1a(`${hostName}:client`).toString(16).padStart(8, '0');
  return `C.${high}${low}`;
}
