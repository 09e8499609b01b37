// @ts-check
/**
 * A seeded model of Microsoft-Windows-Kernel-Process activity (events 1, 2, 5, 6) on a few
 * Windows hosts, producing Velociraptor `watch_etw` rows in the 0.74+ shape.
 *
 * This file is the entry point (options, `generateRows`, `summarise`); the model is split by seam:
 *   captureCatalog.mjs     what runs where, how often, started by whom; the boot and logon sequences
 *   captureHosts.mjs       the simulated hosts and their Velociraptor client ids
 *   captureSimulation.mjs  power schedules, activity rhythm, process table, time-ordered rows
 *   captureRandom.mjs      seeded random numbers and stable hashes
 * Plain Node ESM without dependencies, so it runs before `npm install` and in tests.
 *
 * Host kinds: f = finance workstation (Windows 10), d = developer workstation (Windows 11),
 * s = file server (Windows Server 2022), h = HR laptop (Windows 11).
 */

import { Simulation } from './captureSimulation.mjs';

export { COMMON_DLLS, WOW64_DLLS, NATIVE_DLLS, CATALOG, BACKGROUND_TASK_PACKAGES, BOOT_SCRIPT, LOGON_SCRIPT, OPEN_BEFORE_CAPTURE } from './captureCatalog.mjs';
export { mulberry32 } from './captureRandom.mjs';
export { hostProfiles, clientIdOf } from './captureHosts.mjs';
export { PROVIDER_GUID } from './captureSimulation.mjs';

/** @typedef {import('./captureHosts.mjs').HostProfile} HostProfile */

/**
 * @typedef {object} GenerateOptions
 * @property {number} [seed] default 42
 * @property {number} [events] total rows, default 40 000
 * @property {number} [days] capture length, default 5
 * @property {string} [start] first UTC day, default 2026-03-02 (a Monday)
 * @property {number} [hosts] default 4
 * @property {readonly Partial<HostProfile>[]} [hostOverrides] per-host field overrides
 * @property {boolean} [startsOnly] only event 1 rows
 * @property {number} [imageLoadsPerStart] mean ImageLoad rows per process start, default 3
 * @property {number} [unloadFraction] share of loaded images with an ImageUnload when the process exits, default 0.8
 * @property {boolean} [withHostname] top-level `Hostname` on each row, default true
 * @property {boolean} [withTs] top-level `_ts` (epoch seconds, as on stored rows), default true
 */

/**
 * @typedef {Required<Omit<GenerateOptions, 'hostOverrides'>> & {hostOverrides: readonly Partial<HostProfile>[]}} ResolvedOptions
 */

/** @param {GenerateOptions} options @returns {ResolvedOptions} */
export function resolveOptions(options) {
  const resolved = {
    seed: options.seed ?? 42,
    events: options.events ?? 40_000,
    days: options.days ?? 5,
    start: options.start ?? '2026-03-02',
    hosts: options.hosts ?? 4,
    hostOverrides: options.hostOverrides ?? [],
    startsOnly: options.startsOnly ?? false,
    imageLoadsPerStart: options.imageLoadsPerStart ?? 3,
    unloadFraction: options.unloadFraction ?? 0.8,
    withHostname: options.withHostname ?? true,
    withTs: options.withTs ?? true,
  };
  if (!Number.isInteger(resolved.events) || resolved.events < 1) throw new Error(`events must be a positive integer, got ${resolved.events}`);
  if (!Number.isInteger(resolved.seed)) throw new Error(`seed must be an integer, got ${resolved.seed}`);
  if (!(resolved.days > 0) || resolved.days > 366) throw new Error(`days must be in (0, 366], got ${resolved.days}`);
  if (!Number.isInteger(resolved.hosts) || resolved.hosts < 1 || resolved.hosts > 64)
    throw new Error(`hosts must be an integer in 1..64, got ${resolved.hosts}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(resolved.start) || Number.isNaN(Date.parse(`${resolved.start}T00:00:00Z`)))
    throw new Error(`start must be YYYY-MM-DD, got ${resolved.start}`);
  if (!(resolved.imageLoadsPerStart >= 0 && resolved.imageLoadsPerStart <= 40)) throw new Error('imageLoadsPerStart must be in [0, 40]');
  if (!(resolved.unloadFraction >= 0 && resolved.unloadFraction <= 1)) throw new Error('unloadFraction must be in [0, 1]');
  return resolved;
}

/**
 * Rows of a seeded Velociraptor `watch_etw` capture of Microsoft-Windows-Kernel-Process in the
 * 0.74+ shape, in time order. Exactly `events` rows unless the model runs dry (it does not for
 * sane settings). Rows are built lazily, so memory stays bounded for millions of rows.
 * @param {GenerateOptions} [options]
 * @returns {Generator<Record<string, unknown>, void, void>}
 */
export function* generateRows(options = {}) {
  yield* new Simulation(resolveOptions(options)).run();
}

/**
 * @typedef {object} CaptureSummary
 * @property {number} rows
 * @property {Record<string, number>} byEventId rows per System.ID ("1", "2", "5", "6")
 * @property {Record<string, number>} byHost rows per Hostname ("" when rows have none)
 */

/**
 * Counts rows per event id and host.
 * @param {Iterable<Record<string, unknown>>} rows
 * @returns {CaptureSummary}
 */
export function summarise(rows) {
  /** @type {CaptureSummary} */
  const summary = { rows: 0, byEventId: { 1: 0, 2: 0, 5: 0, 6: 0 }, byHost: {} };
  for (const row of rows) {
    summary.rows++;
    const system = row.System;
    const id = system && typeof system === 'object' && 'ID' in system ? String(system.ID) : '?';
    summary.byEventId[id] = (summary.byEventId[id] ?? 0) + 1;
    const host = typeof row.Hostname === 'string' ? row.Hostname : '';
    summary.byHost[host] = (summary.byHost[host] ?? 0) + 1;
  }
  return summary;
}
