/** The check that a loaded model fits its feature specification. */
import type * as tf from '@tensorflow/tfjs';
import { embeddingColumns, type FeatureSpec } from '../ml/features';
import { idsInputName, indicatorInputName } from '../ml/model';

/** Throws (after disposing the model) when its inputs and output are not the ones the spec feeds and expects. */
export function checkModelFitsSpec(model: tf.LayersModel, spec: FeatureSpec): void {
  const expected = [
    ...embeddingColumns(spec).map((c) => `${idsInputName(c.column)}[1]`),
    ...(spec.indicatorWidth > 0 ? [`${indicatorInputName}[${spec.indicatorWidth}]`] : []),
  ];
  // inputNames are the input layers' names; tensor names get a per-session suffix.
  const actual = model.inputs.map((input, i) => `${model.inputNames[i] ?? input.name}[${input.shape.slice(1).join(',')}]`);
  const output = model.outputs.map((o) => o.shape.slice(1).join(','));
  if (actual.join(' ') !== expected.join(' ') || output.join(' ') !== '1') {
    model.dispose();
    throw new Error(
      `The model does not fit its feature specification: it takes ${actual.join(', ')} and gives [${output.join('; ')}], the specification feeds ${expected.join(', ')} and expects [1].`,
    );
  }
}
