/**
 * The bounds of every numeric setting, in one table: the settings schemas (link, notebook file,
 * model file) and the page's number fields both read it, so a value one accepts the other does.
 */

/** A numeric setting's bounds. */
export interface Limit {
  readonly min: number;
  readonly max: number;
  readonly isInteger: boolean;
}

/** Bounds per setting, by field name. */
export const SETTING_LIMITS = {
  units: { min: 1, max: 4096, isInteger: true },
  hiddenLayers: { min: 0, max: 16, isInteger: true },
  l2: { min: 0, max: 10, isInteger: false },
  dropout: { min: 0, max: 0.95, isInteger: false },
  learningRate: { min: 1e-7, max: 10, isInteger: false },
  epochs: { min: 1, max: 10_000, isInteger: true },
  batchSize: { min: 1, max: 65_536, isInteger: true },
  validationShare: { min: 0, max: 0.9, isInteger: false },
  testShare: { min: 0, max: 0.9, isInteger: false },
  seed: { min: 0, max: 2 ** 31 - 1, isInteger: true },
  earlyStoppingPatience: { min: 0, max: 10_000, isInteger: true },
  embeddingDims: { min: 1, max: 512, isInteger: true },
  maxVocabulary: { min: 1, max: 1_000_000, isInteger: true },
  eventId: { min: 0, max: 65_535, isInteger: true },
  sessions: { min: 0, max: 100_000, isInteger: true },
  eventsPerSession: { min: 0, max: 1_000_000, isInteger: true },
  /** Shares of the known-bad mix, the known-bad ratio and the score threshold. */
  share: { min: 0, max: 1, isInteger: false },
  /** Hours from UTC of the other time zone's office hours. */
  offsetHours: { min: -12, max: 14, isInteger: true },
  topK: { min: 1, max: 10_000, isInteger: true },
  /** K of the alert budget: alerts per host per day. */
  alertsPerHostDay: { min: 0.01, max: 100_000, isInteger: false },
  runId: { min: 1, max: Number.MAX_SAFE_INTEGER, isInteger: true },
} as const satisfies Record<string, Limit>;

/** Whether `value` is a number the setting with these bounds accepts. */
export function isWithin(value: number, limit: Limit): boolean {
  return Number.isFinite(value) && value >= limit.min && value <= limit.max && (!limit.isInteger || Number.isInteger(value));
}

/** "a whole number from 1 to 4096": what the bounds accept, in words. */
export function limitText(limit: Limit): string {
  return `${limit.isInteger ? 'a whole number' : 'a number'} from ${limit.min} to ${limit.max}`;
}
