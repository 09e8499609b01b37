/**
 * The network's settings and summary types, without tfjs: the page imports these for its forms
 * and links, and only the training worker loads tfjs itself.
 */

export const activations = ['sigmoid', 'relu', 'tanh', 'elu', 'selu', 'linear'] as const;
export type Activation = (typeof activations)[number];

export const optimizerNames = ['rmsprop', 'adam', 'sgd', 'adagrad'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

/** One hidden Dense layer. */
export interface HiddenLayerSetting {
  readonly units: number;
  readonly activation: Activation;
}

/** Architecture, optimisation and split shares of one training run; serialisable, seed included. */
export interface ModelSettings {
  readonly hiddenLayers: readonly HiddenLayerSetting[];
  /** L2 factor on hidden kernels (Keras' 'l2' string means 0.01). */
  readonly l2: number;
  /** Dropout rate after the last hidden layer; 0 = none. */
  readonly dropout: number;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationShare: number;
  readonly testShare: number;
  readonly seed: number;
  /** Stop after this many epochs without a lower validation loss; 0 = never. */
  readonly earlyStoppingPatience: number;
}

/** The blog post's model: 128 and 64 sigmoid units, L2 0.01, 10% dropout, RMSprop 0.001. */
export const defaultModelSettings: ModelSettings = {
  hiddenLayers: [
    { units: 128, activation: 'sigmoid' },
    { units: 64, activation: 'sigmoid' },
  ],
  l2: 0.01,
  dropout: 0.1,
  optimizer: 'rmsprop',
  learningRate: 0.001,
  epochs: 10,
  batchSize: 32,
  validationShare: 0.2,
  testShare: 0.2,
  seed: 42,
  earlyStoppingPatience: 0,
};

export interface LayerSummary {
  readonly name: string;
  readonly type: string;
  readonly outputShape: string;
  readonly params: number;
}

/** Keras-style summary: every layer with its output shape and parameter count. */
export interface ModelSummary {
  readonly layers: readonly LayerSummary[];
  readonly totalParams: number;
}
