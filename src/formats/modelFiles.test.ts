import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultFeatureSettings, fitFeatureSpec } from '../ml/features';
import { buildModel, defaultModelSettings } from '../ml/model';
import { scoreRows } from '../ml/predict';
import { makeSyntheticTable } from '../ml/syntheticTable';
import { modelFiles, readModelFiles, type ModelFile } from './modelFiles';
import { loadModel, modelArtifacts, toPortableModel } from './portableModel';
import { attempt } from './read';
import { testConfig, testRun } from '../test-support/testNotebook';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function asFiles(files: ReturnType<typeof modelFiles>): ModelFile[] {
  return files.map((f) => ({ name: f.name, bytes: typeof f.data === 'string' ? new TextEncoder().encode(f.data) : new Uint8Array(f.data) }));
}

describe('model files', () => {
  it('read back into a model that scores exactly as the exported one, with spec, settings and results', async () => {
    const table = makeSyntheticTable({ size: 300, badShare: 0.5, seed: 2, clock: 'none' });
    const rows = Uint32Array.from({ length: table.size }, (_, i) => i);
    const spec = fitFeatureSpec(table, rows, defaultFeatureSettings);
    const settings = { ...defaultModelSettings, hiddenLayers: [{ units: 5, activation: 'relu' as const }] };
    const trained = buildModel(spec, settings);
    const portable = toPortableModel(trained, spec, settings.hiddenLayers);
    const artifacts = await modelArtifacts(portable);
    const config = { ...testConfig, model: settings };
    const outcome = testRun(4).outcome;
    const files = asFiles(modelFiles('etwlab-run-4', { artifacts, spec, config, outcome, label: 'Run 4 · test' }));
    expect(files.map((f) => f.name)).toEqual(['etwlab-run-4-model.json', 'etwlab-run-4-weights.bin', 'etwlab-run-4-features.json']);

    // Order of the chosen files does not matter.
    const bundle = readModelFiles([...files].reverse());
    expect(bundle.spec).toEqual(spec);
    expect(bundle.config).toEqual(config);
    expect(bundle.label).toBe('Run 4 · test');
    expect(bundle.outcome?.evaluation?.test.rocAuc).toBe(0.875);
    const reloaded = await loadModel(bundle.artifacts);
    expect(Array.from(scoreRows(reloaded, bundle.spec, table, rows))).toEqual(Array.from(scoreRows(trained, spec, table, rows)));
    for (const model of [trained, portable, reloaded]) model.dispose();
  });

  it('names what is missing or malformed', async () => {
    const table = makeSyntheticTable({ size: 100, badShare: 0.5, seed: 2, clock: 'none' });
    const rows = Uint32Array.from({ length: table.size }, (_, i) => i);
    const spec = fitFeatureSpec(table, rows, defaultFeatureSettings);
    const model = buildModel(spec, { ...defaultModelSettings, hiddenLayers: [] });
    const files = asFiles(modelFiles('m', { artifacts: await modelArtifacts(model), spec, config: testConfig, outcome: null, label: 'm' }));
    model.dispose();
    const [json, weights, features] = files;
    if (!json || !weights || !features) throw new Error('three files expected');
    const read = (chosen: ModelFile[]): string => {
      const outcome = attempt(() => readModelFiles(chosen));
      return outcome.ok ? 'ok' : outcome.error;
    };
    expect(read([json, weights, features])).toBe('ok');
    expect(read([json, weights])).toBe('no features file was chosen: the model cannot encode events without its feature specification');
    expect(read([weights, features])).toBe('no model.json was chosen (choose the model, weights and features files together)');
    expect(read([json, features])).toBe('the weights file m-weights.bin was not chosen');
    const short = { name: 'm-weights.bin', bytes: weights.bytes.subarray(4) };
    expect(read([json, short, features])).toBe(`the weights files hold ${weights.bytes.length - 4} bytes, the manifest needs ${weights.bytes.length}`);
    const text = new TextDecoder().decode(features.bytes);
    const shifted = { name: features.name, bytes: new TextEncoder().encode(text.replace(/"offset": 25/, '"offset": 26')) };
    expect(read([json, weights, shifted])).toBe('m-features.json, spec: the one-hot block of weekday starts at 26, not 25');
  });
});
