/**
 * Trained models kept in IndexedDB by the training worker, so a reload can score with them
 * without training again. Each record holds the layers-format artifacts (the model as trained,
 * custom layers included), its feature specification and its settings.
 */
import * as v from 'valibot';
import type { FeatureSpec } from '../ml/features';
import type { TrainConfig } from './trainProtocol';
import type { ModelArtifactsData } from '../formats/portableModel';
import { STORES, getRecord, putRecord } from '../lib/idb';
import { TopologySchema, WeightSpecSchema } from '../formats/modelFiles';
import { FeatureSpecSchema } from '../formats/runSchemas';
import { check, record } from '../formats/schema';
import { TrainConfigSchema } from '../formats/settings';

/** A model as stored (tfjs's artifacts, its feature specification and its settings). */
export interface StoredModel {
  artifacts: ModelArtifactsData;
  spec: FeatureSpec;
  config: TrainConfig;
}

/** A stored model, checked with the same schemas as a model file's parts. */
const StoredModelSchema = record({
  artifacts: record({
    modelTopology: TopologySchema,
    // Written by saveModelRecord from tfjs's own save handler: keep any field tfjs added.
    weightSpecs: v.array(v.looseObject(WeightSpecSchema.entries)),
    weightData: v.instance(ArrayBuffer),
  }),
  spec: FeatureSpecSchema,
  config: TrainConfigSchema,
}) satisfies v.GenericSchema<unknown, StoredModel>;

export function saveModelRecord(runId: number, model: StoredModel): Promise<void> {
  return putRecord(STORES.models, runId, model);
}

/** The stored model of a run, or null when none was kept (or it no longer reads). */
export async function loadModelRecord(runId: number): Promise<StoredModel | null> {
  const stored = await getRecord(STORES.models, runId);
  if (stored === undefined) return null;
  const read = check(StoredModelSchema, stored);
  return read.ok ? read.value : null;
}
