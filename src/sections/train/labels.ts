import type { OptimizerName } from '../../ml/model';
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
