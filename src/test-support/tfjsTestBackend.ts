/**
 * Helpers for the src/ml tests only: small hand-written tables and backend selection.
 * Production code must not import this file.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { ExampleTable, FeatureColumnId } from '../ml/types';

/** Plain-array description of a small table. */
export interface TableRows {
  readonly label: readonly number[];
  readonly timeMs?: readonly number[];
  readonly groupName?: readonly number[];
  readonly groupFolder?: readonly number[];
  readonly groupHost?: readonly number[];
  readonly synthetic?: readonly number[];
  readonly columns?: Partial<Record<FeatureColumnId, { readonly codes: readonly number[]; readonly vocabulary: readonly string[] }>>;
}

/** Builds an ExampleTable from plain arrays; missing arrays default to row index / zeros. */
export function tableOf(rows: TableRows): ExampleTable {
  const size = rows.label.length;
  const columns: ExampleTable['columns'] = Object.fromEntries(
    Object.entries(rows.columns ?? {}).map(([id, column]) => [id, { codes: Int32Array.from(column.codes), vocabulary: column.vocabulary }]),
  );
  return {
    size,
    label: Uint8Array.from(rows.label),
    timeMs: Float64Array.from(rows.timeMs ?? rows.label.map((_, i) => i)),
    groupName: Int32Array.from(rows.groupName ?? rows.label.map((_, i) => i)),
    groupFolder: Int32Array.from(rows.groupFolder ?? rows.label.map((_, i) => i)),
    groupHost: Int32Array.from(rows.groupHost ?? rows.label.map(() => 0)),
    synthetic: Uint8Array.from(rows.synthetic ?? rows.label.map(() => 0)),
    columns,
  };
}

/** Vocabulary '0'..'n-1'. */
export function numberedVocabulary(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(i));
}

/** Switches tfjs to the cpu backend. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

let wasmReady: Promise<boolean> | undefined;

/** Switches tfjs to the wasm backend, loading its .wasm from node_modules; false when it cannot start. */
export function useWasmBackend(): Promise<boolean> {
  wasmReady ??= (async () => {
    try {
      setWasmPaths(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
      return await tf.setBackend('wasm');
    } catch {
      return false;
    }
  })();
  return wasmReady.then(async (ok) => (ok ? tf.setBackend('wasm') : false));
}
