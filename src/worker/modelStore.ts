/**
 * Trained models kept in IndexedDB by the training worker, so a reload can score with them
 * without training again. Each record holds the layers-format artifacts (the model as trained,
 * custom layers included), its feature specification and its settings.
 */
import type { FeatureSpec } from '../ml/features';
import type { TrainConfig } from './trainProtocol';
import { STORES, getRecord, putRecord } from '../lib/idb';
import type { ModelArtifactsData } from '../formats/portableModel';
import { field, readArray, readRecord } from '../formats/read';
import { readFeatureSpec, readTrainConfig } from '../formats/runReaders';

/** A model as stored. */
export interface StoredModel {
  artifacts: ModelArtifactsData;
  spec: FeatureSpec;
  config: TrainConfig;
}

export function saveModelRecord(runId: number, model: StoredModel): Promise<void> {
  return putRecord(STORES.models, runId, model);
}

/** The stored model of a run, or null when none was kept (or it no longer reads). */
export async function loadModelRecord(runId: number): Promise<StoredModel | null> {
  const stored = await getRecord(STORES.models, runId);
  if (stored === undefined) return null;
  const record = readRecord(stored, 'the stored model');
  const artifacts = readRecord(field(record, 'artifacts'), 'the stored artifacts');
  const weightData = field(artifacts, 'weightData');
  if (!(weightData instanceof ArrayBuffer)) return null;
  const weightSpecs = readArray(field(artifacts, 'weightSpecs'), 'the stored weight specs');
  return {
    // Written by saveModelRecord from tfjs's own save handler in this origin: the manifest is tfjs's.
    artifacts: {
      modelTopology: readRecord(field(artifacts, 'modelTopology'), 'the stored topology'),
      weightSpecs: weightSpecs.filter(isManifestEntry),
      weightData,
    },
    spec: readFeatureSpec(field(record, 'spec')),
    config: readTrainConfig(field(record, 'config')),
  };
}

function isManifestEntry(value: unknown): value is ModelArtifactsData['weightSpecs'][number] {
  if (typeof value !== 'object' || value === null) return false;
  const name: unknown = Object.getOwnPropertyDescriptor(value, 'name')?.value;
  const shape: unknown = Object.getOwnPropertyDescriptor(value, 'shape')?.value;
  const dtype: unknown = Object.getOwnPropertyDescriptor(value, 'dtype')?.value;
  return typeof name === 'string' && Array.isArray(shape) && shape.every((d) => typeof d === 'number') && (dtype === 'float32' || dtype === 'int32');
}
