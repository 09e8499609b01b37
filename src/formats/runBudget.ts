/**
 * The alert budget a run was judged at: K alerts per host per day, the threshold chosen for it on
 * the validation split, and what the model and each baseline catch at their own budget threshold
 * on the test split. Carried by the run history (notebook file), the run report and model files.
 */
import * as v from 'valibot';
import { budgetRules, type BudgetEntry } from '../ml/alertBudget';
import { anyNumber, choice, list, record, setting, text, wholeNumber } from './schema';
import { columnId } from './runSchemas';

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

/**
 * The budget of one run as files carry it: K (alerts per host per day), the model's threshold
 * chosen on validation (also entries[0].chosen.threshold), and every scorer at that budget.
 */
export const RunBudgetSchema = record({
  alertsPerHostDay: setting('alertsPerHostDay'),
  threshold: anyNumber,
  entries: list(BudgetEntrySchema),
});
export type RunBudget = v.InferOutput<typeof RunBudgetSchema>;
