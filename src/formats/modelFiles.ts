/**
 * Model files: `<name>-model.json` and `<name>-weights.bin` in the TensorFlow.js layers format
 * (standard Keras layers only), plus `<name>-features.json`, the feature specification —
 * vocabularies, code maps, column treatments — and the settings and held-out results of the run,
 * everything needed to encode and score new events the way the training rows were.
 */
import type * as tf from '@tensorflow/tfjs';
import type { FeatureSpec } from '../ml/features';
import type { TrainConfig, TrainOutcome } from '../ml/runTypes';
import { modelJsonText, type ModelArtifactsData } from './modelJson';
import { InvalidDocument, field, isRecord, readArray, readChoice, readInteger, readRecord, readString } from './read';
import { readFeatureSpec, readOutcome, readTrainConfig } from './runReaders';
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
  };
  return [
    { name: names.model, type: 'application/json', data: modelJsonText(bundle.artifacts, names.weights) },
    { name: names.weights, type: 'application/octet-stream', data: bundle.artifacts.weightData },
    { name: names.features, type: 'application/json', data: toTaggedJson(features, 1) },
  ];
}

const DTYPES = ['float32', 'int32'] as const;

function readWeightSpecs(value: unknown): { specs: tf.io.WeightsManifestEntry[]; bytes: number } {
  let bytes = 0;
  const specs = readArray(value, 'the weights manifest').map((item, i): tf.io.WeightsManifestEntry => {
    const w = readRecord(item, `weight ${i + 1}`);
    const name = readString(field(w, 'name'), `weight ${i + 1} name`);
    const shape = readArray(field(w, 'shape'), `the shape of ${name}`).map((d, n) => readInteger(d, `dimension ${n + 1} of ${name}`, 0, 100_000_000));
    const dtype = readChoice(field(w, 'dtype'), DTYPES, `the type of ${name}`);
    bytes += shape.reduce((a, b) => a * b, 1) * 4;
    return { name, shape, dtype };
  });
  return { specs, bytes };
}

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

/** Reads an export back; throws InvalidDocument naming the missing or malformed part. */
export function readModelFiles(files: readonly ModelFile[]): ModelBundle {
  let modelJson: Record<string, unknown> | null = null;
  let features: Record<string, unknown> | null = null;
  for (const file of files.filter((f) => f.name.toLowerCase().endsWith('.json'))) {
    const value = parseJson(file);
    if (!isRecord(value)) throw new InvalidDocument(`${file.name} is not a JSON object`);
    if (field(value, 'format') === FEATURES_FORMAT) features = value;
    else if (field(value, 'modelTopology') !== undefined) modelJson = value;
    else throw new InvalidDocument(`${file.name} is neither a model.json nor an EtwLab features file`);
  }
  if (modelJson === null) throw new InvalidDocument('no model.json was chosen (choose the model, weights and features files together)');
  if (features === null) throw new InvalidDocument('no features file was chosen: the model cannot encode events without its feature specification');
  if (field(features, 'version') !== 1) throw new InvalidDocument('the features file is not of version 1');
  const topology = readRecord(field(modelJson, 'modelTopology'), 'the model topology');
  const groups = readArray(field(modelJson, 'weightsManifest'), 'the weights manifest');
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  let expectedBytes = 0;
  const binaries = files.filter((f) => !f.name.toLowerCase().endsWith('.json'));
  for (const [g, group] of groups.entries()) {
    const entry = readRecord(group, `weights group ${g + 1}`);
    const read = readWeightSpecs(field(entry, 'weights'));
    specs.push(...read.specs);
    expectedBytes += read.bytes;
    for (const path of readArray(field(entry, 'paths'), `weights group ${g + 1} paths`).map((p) => readString(p, 'a weights path'))) {
      const match = binaries.find((f) => f.name === baseName(path)) ?? (groups.length === 1 && binaries.length === 1 ? binaries[0] : undefined);
      if (match === undefined) throw new InvalidDocument(`the weights file ${baseName(path)} was not chosen`);
      parts.push(match.bytes);
    }
  }
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  if (total !== expectedBytes) throw new InvalidDocument(`the weights files hold ${total} bytes, the manifest needs ${expectedBytes}`);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    weightData.set(part, offset);
    offset += part.byteLength;
  }
  const outcome = field(features, 'outcome');
  return {
    artifacts: { modelTopology: topology, weightSpecs: specs, weightData: weightData.buffer },
    spec: readFeatureSpec(field(features, 'spec')),
    config: readTrainConfig(field(features, 'config')),
    outcome: outcome === null || outcome === undefined ? null : readOutcome(outcome, 0),
    label: readString(field(features, 'label'), 'the model label'),
  };
}
