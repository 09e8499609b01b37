/**
 * The `model.json` of the TensorFlow.js layers format. Kept apart from the tfjs code so the page
 * can write it without loading tfjs on the main thread (training lives in its worker).
 */
import type { io } from '@tensorflow/tfjs';
import { version as tfjsLayersVersion } from '@tensorflow/tfjs-layers/dist/version';

/** A model as the TensorFlow.js layers format stores it. */
export interface ModelArtifactsData {
  modelTopology: object;
  weightSpecs: io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/** The text of `model.json` in the TensorFlow.js layers format, pointing at `weightsFileName`. */
export function modelJsonText(artifacts: ModelArtifactsData, weightsFileName: string): string {
  return JSON.stringify({
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tfjsLayersVersion}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsFileName], weights: artifacts.weightSpecs }],
  });
}
