/**
 * The layers of src/, bottom to top. A folder may import folders listed before it (and itself),
 * never one listed after it, so folder cycles cannot form. Workers and the page may also import
 * the workers' protocol modules and nothing else of worker/. Test support may import anything
 * and nothing in production may import it.
 * docs/architecture.md draws the same table.
 */
export const LAYERS = [
  { layer: 'core', folders: ['lib', 'ingest', 'frame', 'enrich', 'known-bad', 'ml', 'pipeline', 'formats'] },
  { layer: 'workers', folders: ['worker'] },
  { layer: 'page', folders: ['charts', 'store', 'actions', 'ui', 'sections', 'app'] },
];

/** worker/ modules the page may import: the typed messages, nothing that runs in a worker. */
export const WORKER_PUBLIC = ['worker/protocol.ts', 'worker/trainProtocol.ts'];

/** Folders only tests may import. */
export const TEST_ONLY = ['test-support'];

/** Every src folder in order, with its rank. */
export const FOLDER_RANK = new Map(LAYERS.flatMap((l) => l.folders).map((folder, rank) => [folder, rank]));
