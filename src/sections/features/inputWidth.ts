import type { FeatureSetting } from '../../ml/features';
import type { FeatureColumnId } from '../../ml/types';

/**
 * Largest one-hot widths known before any data is seen: every value the column can take plus the
 * out-of-vocabulary slot (hour 24 + 1, weekday 7 + 1, four event types + 1). Other columns'
 * one-hot widths depend on the vocabulary fitted on the training split.
 */
export const KNOWN_ONE_HOT_WIDTHS: Partial<Record<FeatureColumnId, number>> = { hour: 25, weekday: 8, eventType: 5 };

/** The width one column adds to the model input, as far as settings alone tell. */
export type ColumnWidth = { kind: 'off' } | { kind: 'exact'; width: number } | { kind: 'at-most'; width: number } | { kind: 'vocabulary' };

/** What one column adds to the input width before training. */
export function columnWidth(setting: FeatureSetting): ColumnWidth {
  switch (setting.treatment) {
    case 'off':
      return { kind: 'off' };
    case 'embedding':
      return { kind: 'exact', width: setting.embeddingDims };
    case 'indicator': {
      const known = KNOWN_ONE_HOT_WIDTHS[setting.column];
      return known === undefined ? { kind: 'vocabulary' } : { kind: 'at-most', width: known };
    }
  }
}

/** Words for a column's width in the features table. */
export function columnWidthText(width: ColumnWidth, maxVocabulary: number): string {
  switch (width.kind) {
    case 'off':
      return '—';
    case 'exact':
      return String(width.width);
    case 'at-most':
      return `≤ ${width.width}`;
    case 'vocabulary':
      return `vocabulary + 1 (≤ ${(maxVocabulary + 1).toLocaleString('en-US')})`;
  }
}

/** The model input width as far as settings tell: exact, an upper bound, or unknown until trained. */
export type WidthEstimate =
  { kind: 'exact'; width: number } | { kind: 'at-most'; width: number } | { kind: 'after-run'; columns: FeatureColumnId[] } | { kind: 'none' };

/** Adds up the columns' widths. */
export function estimateInputWidth(settings: readonly FeatureSetting[]): WidthEstimate {
  let width = 0;
  let isBound = false;
  let isActive = false;
  const unknown: FeatureColumnId[] = [];
  for (const setting of settings) {
    const column = columnWidth(setting);
    if (column.kind === 'off') continue;
    isActive = true;
    if (column.kind === 'vocabulary') unknown.push(setting.column);
    else {
      width += column.width;
      isBound ||= column.kind === 'at-most';
    }
  }
  if (!isActive) return { kind: 'none' };
  if (unknown.length > 0) return { kind: 'after-run', columns: unknown };
  return isBound ? { kind: 'at-most', width } : { kind: 'exact', width };
}

/** The estimate in a sentence. */
export function widthEstimateText(estimate: WidthEstimate): string {
  switch (estimate.kind) {
    case 'none':
      return 'Input width: 0 — every column is off; switch at least one on.';
    case 'exact':
      return `Input width: ${estimate.width}.`;
    case 'at-most':
      return `Input width: at most ${estimate.width} (one-hot blocks hold the values seen in training plus one out-of-vocabulary slot).`;
    case 'after-run':
      return `Input width: known after the first run (the one-hot width of ${estimate.columns.join(', ')} depends on the vocabulary).`;
  }
}
