/**
 * The alert budget a run was judged at: K alerts per host per day, the threshold chosen for it on
 * the validation split, and what the model and each baseline catch at their own budget threshold
 * on the test split. Carried by the run history (notebook file), the run report and model files.
 */
import * as v from 'valibot';
import { budgetRules, type BudgetEntry } from '../ml/alertBudget';
import { anyNumber, choice, list, record, setting, text, wholeNumber } from './schema';
import { columnId } from './runSchemas';

/** The budget of one run: K, the model's threshold, and every scorer at that budget. */
export interface RunBudget {
  /** K: alerts per host per day. */
  readonly alertsPerHostDay: number;
  /** The model's threshold chosen on validation (also entries[0].chosen.threshold). */
  readonly threshold: number;
  readonly entries: readonly BudgetEntry[];
}

const AlertLoadSchema = record({ alerts: wholeNumber(), hostDays: wholeNumber(), meanPerHostDay: anyNumber, maxPerHostDay: wholeNumber() });

const BudgetEntrySchema = record({
  name: text,
  kind: choice(['model', 'rarity', 'single-feature']),
  feature: v.exactOptional(columnId),
  chosen: record({ budget: anyNumber, rule: choice(budgetRules), threshold: anyNumber, validation: AlertLoadSchema }),
  test: record({
    badEvents: wholeNumber(),
    flaggedBadEvents: wholeNumber(),
    eventRate: anyNumber,
    badSessions: wholeNumber(),
    flaggedBadSessions: wholeNumber(),
    sessionRate: anyNumber,
    load: AlertLoadSchema,
  }),
}) satisfies v.GenericSchema<unknown, BudgetEntry>;

/** A run's budget as files carry it. */
export const RunBudgetSchema = record({
  alertsPerHostDay: setting('alertsPerHostDay'),
  threshold: anyNumber,
  entries: list(BudgetEntrySchema),
}) satisfies v.GenericSchema<unknown, RunBudget>;
