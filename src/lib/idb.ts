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

/** Another tab holds the database open at an older version, so this tab's open waits for it. */
class StorageBlockedError extends Error {}

const BLOCKED_MESSAGE = 'another EtwLab tab holds the browser storage open with an older version: close that tab (saving is tried again at the next change)';

/* eslint-disable no-restricted-syntax -- the realm's one connection to its IndexedDB database, shared by every store. */
let database: IDBDatabase | null = null;
let opening: Promise<IDBDatabase> | null = null;
// An open request that reported "blocked" and may still succeed once the other tab lets go: the
// next save uses it rather than queueing another request behind it.
let blockedRequest: IDBOpenDBRequest | null = null;
/* eslint-enable no-restricted-syntax */

function openDatabase(): Promise<IDBDatabase> {
  if (database !== null) return Promise.resolve(database);
  if (blockedRequest !== null) return Promise.reject(new StorageBlockedError(BLOCKED_MESSAGE));
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      opening = null;
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
        if (database === db) database = null;
      };
      database = db;
      blockedRequest = null;
      opening = null;
      resolve(db);
    };
    request.onerror = () => {
      opening = null;
      blockedRequest = null;
      reject(request.error ?? new Error('IndexedDB could not be opened.'));
    };
    // The first save fails with the reason; later ones find the database once the request succeeds
    // (a cached rejection here once made every later save fail until a reload).
    request.onblocked = () => {
      opening = null;
      blockedRequest = request;
      reject(new StorageBlockedError(BLOCKED_MESSAGE));
    };
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

/**
 * Writes several records in one transaction: all of them are stored or, when the transaction
 * fails (a reload, a full disk), none is. The capture's "current" pointer is switched this way.
 */
export function putRecords(store: StoreName, entries: readonly (readonly [IDBValidKey, unknown])[]): Promise<void> {
  return transact([store], 'readwrite', (tx) => {
    const objects = tx.objectStore(store);
    for (const [key, value] of entries) objects.put(value, key);
  });
}

/** Deletes every record whose key lies in `range`. */
export function deleteRange(store: StoreName, range: IDBKeyRange): Promise<void> {
  return transact([store], 'readwrite', (tx) => {
    tx.objectStore(store).delete(range);
  });
}

/** Deletes the record under `key`, if any. */
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
  if (error instanceof StorageBlockedError || (error instanceof Error && error.message.includes(BLOCKED_MESSAGE))) {
    return `${what} was not saved: ${BLOCKED_MESSAGE}.`;
  }
  return `${what} was not saved: ${errorMessage(error)}.`;
}

/** How much this origin stores and may store, in bytes, and whether the browser keeps it under storage pressure. */
export interface StorageUse {
  usage: number | null;
  quota: number | null;
  isPersisted: boolean | null;
}

/**
 * Asks the browser to keep this origin's storage under storage pressure (it may say no, or ask
 * the user) and reads usage and quota; unknown figures are null where the browser offers none.
 */
export async function storageUse(askPersist: boolean): Promise<StorageUse> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (storage === undefined) return { usage: null, quota: null, isPersisted: null };
  const isPersisted = await (
    askPersist && typeof storage.persist === 'function'
      ? storage.persist()
      : typeof storage.persisted === 'function'
        ? storage.persisted()
        : Promise.resolve(null)
  ).catch(() => null);
  const estimate = typeof storage.estimate === 'function' ? await storage.estimate().catch(() => null) : null;
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, isPersisted };
}

/** Empties one store (the models of a replaced run history). */
export function clearStore(store: StoreName): Promise<void> {
  return transact([store], 'readwrite', (tx) => {
    tx.objectStore(store).clear();
  });
}
