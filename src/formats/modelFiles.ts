/**
 * Model files: `<name>-model.json` and `<name>-weights.bin` in the TensorFlow.js layers format
 * (standard Keras layers only), plus `<name>-features.json`, the feature specification —
 * vocabularies, code maps, column treatments — and the settings and held-out results of the run,
 * everything needed to encode and score new events the way the training rows were.
 */
import * as v from 'valibot';
import type { FeatureSpec } from '../ml/features';
import type { TrainConfig, TrainOutcome } from '../ml/runTypes';
import { modelJsonText, type ModelArtifactsData } from './modelJson';
import { InvalidDocument, field, isRecord } from './read';
import { FeatureSpecSchema, OutcomeSchema } from './runSchemas';
import { check, choice, exactly, list, record, text, wholeNumber } from './schema';
import { TrainConfigSchema } from './settings';
import { RunBudgetSchema, type RunBudget } from './runBudget';
import { fromTaggedJson, toTaggedJson } from './taggedJson';
import { errorMessage } from '../lib/errorMessage';

export const FEATURES_FORMAT = 'etwlab-model-features';

/** A model with what it needs to score events. */
export interface ModelBundle {
  artifacts: ModelArtifactsData;
  spec: FeatureSpec;
  config: TrainConfig;
  /** The held-out results of the run that trained it, when the files carry them. */
  outcome: TrainOutcome | null;
  /** What the model was called where it was trained. */
  label: string;
  /** The alert budget (K and the threshold chosen for it) the run was sized at, when it was. */
  budget?: RunBudget;
}

/** One file of a model export. */
export interface ModelFile {
  name: string;
  bytes: Uint8Array;
}

/** File names of a run's export. */
export function modelFileNames(base: string): { model: string; weights: string; features: string } {
  return { model: `${base}-model.json`, weights: `${base}-weights.bin`, features: `${base}-features.json` };
}

/** The three files of an export. */
export function modelFiles(base: string, bundle: ModelBundle): { name: string; type: string; data: string | ArrayBuffer }[] {
  const names = modelFileNames(base);
  const features = {
    format: FEATURES_FORMAT,
    version: 1,
    label: bundle.label,
    modelFile: names.model,
    spec: bundle.spec,
    config: bundle.config,
    outcome: bundle.outcome,
    ...(bundle.budget ? { budget: bundle.budget } : {}),
  };
  return [
    { name: names.model, type: 'application/json', data: modelJsonText(bundle.artifacts, names.weights) },
    { name: names.weights, type: 'application/octet-stream', data: bundle.artifacts.weightData },
    { name: names.features, type: 'application/json', data: toTaggedJson(features, 1) },
  ];
}

/** One entry of a weights manifest (tfjs's WeightsManifestEntry, standard dtypes only). */
export const WeightSpecSchema = record({
  name: text,
  shape: list(wholeNumber(0, 100_000_000)),
  dtype: choice(['float32', 'int32']),
}) satisfies v.GenericSchema<unknown, ModelArtifactsData['weightSpecs'][number]>;

/** The layer graph of a model, checked by tfjs itself when it loads it. */
export const TopologySchema = v.record(v.string(), v.unknown(), 'must be an object');

/** `model.json` in the TensorFlow.js layers format. */
const ModelJsonSchema = record({
  modelTopology: TopologySchema,
  weightsManifest: list(record({ paths: list(text), weights: list(WeightSpecSchema) })),
});

/** `<name>-features.json`: the feature specification and the settings and results of the run. */
const FeaturesFileSchema = record({
  format: exactly(FEATURES_FORMAT),
  version: exactly(1),
  label: text,
  spec: FeatureSpecSchema,
  config: TrainConfigSchema,
  outcome: v.nullish(OutcomeSchema, null),
  budget: v.exactOptional(RunBudgetSchema),
});

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function parseJson(file: ModelFile): unknown {
  try {
    return fromTaggedJson(new TextDecoder('utf-8', { fatal: true }).decode(file.bytes));
  } catch (error) {
    throw new InvalidDocument(`${file.name} is not JSON (${errorMessage(error)})`);
  }
}

/** A file's content checked by `schema`; an error names the file, then the field. */
function parseFile<const S extends v.GenericSchema>(schema: S, value: unknown, file: ModelFile): v.InferOutput<S> {
  const checked = check(schema, value);
  if (!checked.ok) throw new InvalidDocument(`${file.name}, ${checked.error}`);
  return checked.value;
}

/** Reads an export back; throws InvalidDocument naming the missing or malformed part. */
export function readModelFiles(files: readonly ModelFile[]): ModelBundle {
  let modelFile: ModelFile | null = null;
  let modelJson: unknown = null;
  let featuresFile: ModelFile | null = null;
  let features: unknown = null;
  for (const file of files.filter((f) => f.name.toLowerCase().endsWith('.json'))) {
    const value = parseJson(file);
    if (!isRecord(value)) throw new InvalidDocument(`${file.name} is not a JSON object`);
    if (field(value, 'format') === FEATURES_FORMAT) [featuresFile, features] = [file, value];
    else if (field(value, 'modelTopology') !== undefined) [modelFile, modelJson] = [file, value];
    else throw new InvalidDocument(`${file.name} is neither a model.json nor an EtwLab features file`);
  }
  if (modelFile === null) throw new InvalidDocument('no model.json was chosen (choose the model, weights and features files together)');
  if (featuresFile === null) throw new InvalidDocument('no features file was chosen: the model cannot encode events without its feature specification');
  const model = parseFile(ModelJsonSchema, modelJson, modelFile);
  const read = parseFile(FeaturesFileSchema, features, featuresFile);
  const binaries = files.filter((f) => !f.name.toLowerCase().endsWith('.json'));
  const parts: Uint8Array[] = [];
  for (const group of model.weightsManifest) {
    for (const path of group.paths) {
      const match = binaries.find((f) => f.name === baseName(path)) ?? (model.weightsManifest.length === 1 && binaries.length === 1 ? binaries[0] : undefined);
      if (match === undefined) throw new InvalidDocument(`the weights file ${baseName(path)} was not chosen`);
      parts.push(match.bytes);
    }
  }
  const weightSpecs = model.weightsManifest.flatMap((group) => group.weights);
  const expectedBytes = weightSpecs.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  if (total !== expectedBytes) throw new InvalidDocument(`the weights files hold ${total} bytes, the manifest needs ${expectedBytes}`);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    weightData.set(part, offset);
    offset += part.byteLength;
  }
  return {
    artifacts: { modelTopology: model.modelTopology, weightSpecs, weightData: weightData.buffer },
    spec: read.spec,
    config: read.config,
    outcome: read.outcome === null ? null : { ...read.outcome, runId: 0 },
    label: read.label,
    ...(read.budget ? { budget: read.budget } : {}),
  };
}
