/**
 * How many events a tab may hold, and how many a file probably holds. Kept free of worker code
 * so the page can warn before a load that the budget will end it early.
 */

/**
 * Rows a frame may hold before a load stops with a message instead of exhausting the tab: ~45
 * bytes a row in columns plus growth headroom keeps this near 1.5 GB, under a worker's heap.
 */
export const DEFAULT_MAX_EVENTS = 25_000_000;

/** Bytes per event of a Velociraptor JSON Lines export of Kernel-Process starts (measured: 759 B). */
const BYTES_PER_JSON_EVENT = 700;
/** gzip shrinks such JSON about tenfold. */
const GZIP_RATIO = 10;

/** A rough number of events in these files, from their sizes and names; meant for warnings only. */
export function estimateEvents(files: readonly { name: string; size: number }[]): number {
  return Math.round(files.reduce((sum, file) => sum + (file.size * (/\.(gz|zip)$/i.test(file.name) ? GZIP_RATIO : 1)) / BYTES_PER_JSON_EVENT, 0));
}
