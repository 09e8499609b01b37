/** Training results as plain data, without tfjs (the page reads them; the worker makes them). */

/** What one epoch achieved. Validation figures are NaN when the validation part is empty. */
export interface EpochLog {
  /** 0-based. */
  readonly epoch: number;
  /** Mean training loss over the epoch's batches: binary cross-entropy plus the L2 penalty. */
  readonly loss: number;
  readonly accuracy: number;
  /** Validation binary cross-entropy plus the L2 penalty, so it compares with `loss`. */
  readonly valLoss: number;
  readonly valAccuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly auc: number;
}

export const stopReasons = ['finished', 'user', 'nan', 'early-stopping'] as const;
export type StopReason = (typeof stopReasons)[number];
