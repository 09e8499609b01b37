import { errorMessage } from './errorMessage';
/**
 * The notebook's IndexedDB database, shared by the page (settings and run history), the data
 * worker (the capture) and the training worker (models): IndexedDB works in workers, so each
 * side stores what it owns without moving it through the page.
 */

const DB_NAME = 'etwlab-notebook';
const DB_VERSION = 1;

/** Object stores, one per owner. */
export const STORES = { notebook: 'notebook', capture: 'capture', models: 'models' } as const;
export type StoreName = (typeof STORES)[keyof typeof STORES];
const ALL_STORES: readonly StoreName[] = [STORES.notebook, STORES.capture, STORES.models];

/** Storage ran out (quota): the message says what was not saved and what to do. */
class StorageFullError extends Error {}

let opening: Promise<IDBDatabase> | null = null;

function openDatabase(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('This browser offers no IndexedDB storage.'));
      return;
    }
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of ALL_STORES) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: let it, and open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => {
      opening = null;
      reject(request.error ?? new Error('IndexedDB could not be opened.'));
    };
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of EtwLab.'));
  });
  return opening;
}

function isQuotaError(error: DOMException | null): boolean {
  return error !== null && (error.name === 'QuotaExceededError' || /quota/i.test(error.message));
}

async function transact(stores: readonly StoreName[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => void): Promise<void> {
  const db = await openDatabase();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    tx.oncomplete = () => resolve();
    const fail = (): void => {
      const error = tx.error;
      if (isQuotaError(error)) reject(new StorageFullError('The browser storage for this page is full'));
      else reject(error ?? new Error('The storage transaction was aborted.'));
    };
    tx.onabort = fail;
    tx.onerror = fail;
    try {
      work(tx);
    } catch (error) {
      tx.abort();
      reject(error instanceof DOMException && isQuotaError(error) ? new StorageFullError('The browser storage for this page is full') : error);
    }
  });
}

/** Writes `value` (structured clone: typed arrays stay typed) under `key`. */
export function putRecord(store: StoreName, key: IDBValidKey, value: unknown): Promise<void> {
  return transact([store], 'readwrite', (tx) => {
    tx.objectStore(store).put(value, key);
  });
}

/** The value under `key`, or undefined. */
export async function getRecord(store: StoreName, key: IDBValidKey): Promise<unknown> {
  let value: unknown;
  await transact([store], 'readonly', (tx) => {
    const request = tx.objectStore(store).get(key);
    request.onsuccess = () => {
      value = request.result;
    };
  });
  return value;
}

export function deleteRecord(store: StoreName, key: IDBValidKey): Promise<void> {
  return transact([store], 'readwrite', (tx) => {
    tx.objectStore(store).delete(key);
  });
}

/** Empties every store: the notebook starts fresh. */
export function clearAll(): Promise<void> {
  return transact(ALL_STORES, 'readwrite', (tx) => {
    for (const name of ALL_STORES) tx.objectStore(name).clear();
  });
}

/** The message for a failed save, naming what was not kept. */
export function saveFailure(what: string, error: unknown): string {
  // From a worker the error arrives as its message only.
  if (error instanceof StorageFullError || (error instanceof Error && /storage .*is full|quota/i.test(error.message))) {
    return `${what} was not saved: ${error.message}. Your work is still open in this tab; export a notebook file to keep it, or lower the autosave size limit.`;
  }
  return `${what} was not saved: ${errorMessage(error)}.`;
}

/** Empties one store (the models of a replaced run history). */
export function clearStore(store: StoreName): Promise<void> {
  return transact([store], 'readwrite', (tx) => {
    tx.objectStore(store).clear();
  });
}
