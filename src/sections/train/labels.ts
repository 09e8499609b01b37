import type { OptimizerName } from '../../ml/model';
import type { ImbalanceHandling, ModelKind } from '../../ml/modelSettings';
import type { SplitKind } from '../../ml/splits';

/** How the form names each optimizer. */
export const OPTIMIZER_LABELS: Record<OptimizerName, string> = { rmsprop: 'RMSprop', adam: 'Adam', sgd: 'SGD', adagrad: 'Adagrad' };

/** How the form names each split. */
export const SPLIT_LABELS: Record<SplitKind, string> = {
  'random-stratified': 'Random, stratified by class',
  time: 'Time-based (latest events are the test set)',
  'group-name': 'Grouped by file name',
  'group-host': 'Grouped by host',
};

/** How the form names each model kind. */
export const MODEL_KIND_LABELS: Record<ModelKind, string> = {
  classifier: 'Classifier (the original network)',
  anomaly: 'Anomaly (trained on known good only)',
};

/** How the form names each class-imbalance handling; the default says so. */
export const IMBALANCE_LABELS: Record<ImbalanceHandling, string> = {
  'class-weights': 'Class weights (default)',
  'balanced-batches': 'Balanced batches',
  none: 'None (plain cross-entropy)',
};
