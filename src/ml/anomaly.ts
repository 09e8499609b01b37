/**
 * The anomaly model: an autoencoder over the classifier's features, trained on known good only.
 *
 * Each active column is reconstructed as a softmax over that column's vocabulary (one-hot and
 * embedded columns alike) and a row's reconstruction error is the mean over columns of
 * −log p(the row's own value): the surprise, in nats, of the row's values given the code the
 * encoder squeezed it into. Reconstructing the embedding vectors instead is ill-posed because the
 * encoder learns those same vectors: shrinking every embedding towards zero drives that error to
 * zero for every row, common or not. The vocabulary softmax has a fixed target, the same one the
 * classifier's inputs encode, and rewards the code for carrying the values that known good share.
 *
 * The model's single output is that error mapped into [0, 1) as nll / (1 + nll), monotone in the
 * error, so ranking metrics, thresholds, score histograms, export and occlusion all treat it like
 * the classifier's P(known bad).
 */
import * as tf from '@tensorflow/tfjs';
import { embeddingColumns, indicatorColumns, type FeatureSpec } from './features';
import { buildFeatureTrunk, seededGlorot, symbolic } from './model';
import type { ModelSettings } from './modelSettings';
import type { ExampleTable, RowSplit } from './types';

/** Where the target of one reconstructed column comes from, in the layer's inputs. */
interface ReconstructedBlock {
  /** Vocabulary size of the column (its softmax width). */
  readonly width: number;
  /** Index among the id inputs for an embedding column, or -1. */
  readonly idsInput: number;
  /** Start of the column in the indicator matrix for a one-hot column, or -1. */
  readonly indicatorOffset: number;
}

/** Configuration of ReconstructionError, also its serialised form. */
export interface ReconstructionErrorArgs {
  readonly name: string;
  readonly blocks: readonly ReconstructedBlock[];
  /** Whether the last input is the indicator matrix. */
  readonly hasIndicators: boolean;
}

function isBlock(value: unknown): value is ReconstructedBlock {
  if (typeof value !== 'object' || value === null) return false;
  return ['width', 'idsInput', 'indicatorOffset'].every((key) => typeof Reflect.get(value, key) === 'number');
}

/**
 * Inputs: [logits (batch × Σ widths), ids of each embedding column ..., indicators?]. Output:
 * [batch, 1] = nll / (1 + nll), nll the mean over blocks of the softmax cross-entropy of the
 * row's own value. No weights: it is the loss written as a layer so the saved model scores rows.
 */
export class ReconstructionError extends tf.layers.Layer {
  static readonly className = 'EtwLabReconstructionError';
  private readonly blocks: readonly ReconstructedBlock[];
  private readonly hasIndicators: boolean;

  constructor(args: ReconstructionErrorArgs) {
    super({ name: args.name });
    this.blocks = args.blocks;
    this.hasIndicators = args.hasIndicators;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const first = inputShape[0];
    const batch = Array.isArray(first) ? (first[0] ?? null) : (first ?? null);
    return [batch, 1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const [logits] = list;
      if (logits === undefined) throw new Error(`${this.name} needs the reconstruction logits.`);
      const indicators = this.hasIndicators ? list[list.length - 1] : undefined;
      let start = 0;
      const errors = this.blocks.map((block) => {
        const logProbabilities = tf.logSoftmax(tf.slice(logits, [0, start], [-1, block.width]));
        start += block.width;
        let target: tf.Tensor;
        if (block.idsInput >= 0) {
          const ids = list[1 + block.idsInput];
          if (ids === undefined) throw new Error(`${this.name} misses id input ${block.idsInput}.`);
          target = tf.oneHot(tf.reshape(tf.cast(ids, 'int32'), [-1]), block.width);
        } else {
          if (indicators === undefined) throw new Error(`${this.name} misses the indicator matrix.`);
          target = tf.slice(indicators, [0, block.indicatorOffset], [-1, block.width]);
        }
        return tf.neg(tf.sum(tf.mul(tf.cast(target, 'float32'), logProbabilities), 1, true));
      });
      const nll = tf.div(tf.addN(errors), this.blocks.length);
      return tf.div(nll, tf.add(nll, 1));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), blocks: this.blocks.map((block) => ({ ...block })), hasIndicators: this.hasIndicators };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const blocks = config['blocks'];
    if (!Array.isArray(blocks) || !blocks.every(isBlock)) throw new Error('A ReconstructionError layer in the model file has malformed blocks.');
    return new cls({ name: String(config['name']), blocks, hasIndicators: config['hasIndicators'] === true });
  }
}
tf.serialization.registerClass(ReconstructionError);

/**
 * Builds the autoencoder: the classifier's feature trunk (the hidden layers are the encoder, the
 * last one the code), a linear decoder to one logit per vocabulary entry of every active column,
 * and ReconstructionError as the output. Not compiled; trainModel with reconstructionObjective
 * trains it.
 */
export function buildAnomalyModel(spec: FeatureSpec, settings: ModelSettings): tf.LayersModel {
  const { inputs, hidden, nextLayerIndex } = buildFeatureTrunk(spec, settings);
  const embedded = embeddingColumns(spec);
  const blocks: ReconstructedBlock[] = [
    ...embedded.map((column, position) => ({ width: column.width, idsInput: position, indicatorOffset: -1 })),
    ...indicatorColumns(spec).map((column) => ({ width: column.width, idsInput: -1, indicatorOffset: column.offset })),
  ];
  const totalWidth = blocks.reduce((sum, block) => sum + block.width, 0);
  const logits = symbolic(
    tf.layers
      .dense({ name: 'reconstruction', units: totalWidth, kernelInitializer: seededGlorot(settings.seed, nextLayerIndex), biasInitializer: 'zeros' })
      .apply(hidden),
  );
  const error = symbolic(new ReconstructionError({ name: 'reconstruction_error', blocks, hasIndicators: spec.indicatorWidth > 0 }).apply([logits, ...inputs]));
  return tf.model({ inputs, outputs: error, name: 'etwlab_anomaly' });
}

/** The model's score back to the mean reconstruction error in nats: s / (1 − s). */
export function scoreToNats(score: number): number {
  return score / (1 - score);
}

/**
 * The rows an anomaly run uses, from the same split as a classifier run: it learns from the known
 * good of the training part only, keeps validation as it is (both classes, for the threshold and
 * the live AUC), and tests on the held-out rows plus the known-bad rows of the training part,
 * which it never saw — so every known-bad event is scored once.
 */
export function anomalySplit(table: ExampleTable, split: RowSplit): RowSplit {
  const train = split.train.filter((row) => table.label[row] === 0);
  const unseenBad = split.train.filter((row) => table.label[row] === 1);
  const test = Uint32Array.from([...split.test, ...unseenBad]).sort();
  return { train, validation: split.validation, test };
}
