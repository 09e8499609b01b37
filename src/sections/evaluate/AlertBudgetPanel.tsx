import { useId, useState } from 'react';
import { BUDGET_RULE_TEXT, budgetRules, type BudgetRule } from '../../ml/alertBudget';
import { SETTING_LIMITS } from '../../formats/limits';
import type { RunBudget } from '../../formats/runBudget';
import { formatCount, formatPercent } from '../../lib/format';
import { useNotebook } from '../../store/store';
import { NumberField } from '../train/NumberField';

/** The budget field's accessible name: browser tests and assistive technology find it by this. */
const BUDGET_FIELD_NAME = 'Alert budget (alerts per host per day)';

function ruleOf(value: string): BudgetRule {
  return budgetRules.find((rule) => rule === value) ?? 'mean';
}

interface Props {
  runId: number;
  budget: RunBudget | undefined;
  isBusy: boolean;
}

function rate(part: number, whole: number, share: number): string {
  return whole === 0 ? '— (none in test)' : `${formatCount(part)} of ${formatCount(whole)} (${formatPercent(share)})`;
}

function thresholdText(threshold: number): string {
  return Number.isFinite(threshold) ? threshold.toPrecision(4) : 'above every score';
}

/**
 * The alert budget: the team states K alerts per host per day; each scorer (the model, the
 * rarity baseline, each single-feature baseline) takes the lowest threshold that keeps its
 * validation alerts within K, and the test split says what it catches there.
 */
export function AlertBudgetPanel({ runId, budget, isBusy }: Props) {
  const alertsPerHostDay = useNotebook((s) => s.evaluate.config.alertsPerHostDay);
  const budgetRule = useNotebook((s) => s.evaluate.config.budgetRule);
  const ruleId = useId();
  const setConfig = useNotebook((s) => s.setEvaluateConfig);
  const sizeBudget = useNotebook((s) => s.sizeBudget);
  const [state, setState] = useState<{ isRunning: boolean; error: string | null }>({ isRunning: false, error: null });
  const apply = async () => {
    setState({ isRunning: true, error: null });
    const error = await sizeBudget(runId);
    setState({ isRunning: false, error });
  };
  const shownRule: BudgetRule = budget?.entries[0]?.chosen.rule ?? 'mean';
  const isCurrent = budget !== undefined && budget.alertsPerHostDay === alertsPerHostDay && shownRule === budgetRule;
  return (
    <div className="alert-budget" data-testid="alert-budget">
      <div className="row">
        <NumberField
          label={BUDGET_FIELD_NAME}
          value={alertsPerHostDay}
          limit={SETTING_LIMITS.alertsPerHostDay}
          step="any"
          onCommit={(value) => setConfig({ alertsPerHostDay: value })}
        />
        <label htmlFor={ruleId}>K holds</label>
        <select id={ruleId} value={budgetRule} onChange={(event) => setConfig({ budgetRule: ruleOf(event.currentTarget.value) })}>
          {budgetRules.map((rule) => (
            <option key={rule} value={rule}>
              {BUDGET_RULE_TEXT[rule]}
            </option>
          ))}
        </select>
        <button type="button" disabled={isBusy || state.isRunning} onClick={() => void apply()}>
          {state.isRunning ? 'Sizing…' : 'Apply budget'}
        </button>
      </div>
      <p className="muted small">
        Each scorer takes the lowest threshold whose alerts on the validation split stay within K per host per day ({BUDGET_RULE_TEXT[budgetRule]}); the
        detection rate is then measured on the test split. Host-days end at local midnight in the Explore time zone. A known-bad session counts as caught when
        any of its events is flagged.
      </p>
      {state.error ? <p className="error-box">The budget could not be sized: {state.error}</p> : null}
      {budget ? (
        <>
          {!isCurrent ? (
            <p className="warning-box">
              {`Shown for a budget of ${budget.alertsPerHostDay} (${BUDGET_RULE_TEXT[shownRule]}); press Apply budget for ${alertsPerHostDay} (${BUDGET_RULE_TEXT[budgetRule]}).`}
            </p>
          ) : null}
          <p data-testid="budget-threshold">
            At {budget.alertsPerHostDay} alert{budget.alertsPerHostDay === 1 ? '' : 's'} per host per day the model's threshold is{' '}
            <strong>{thresholdText(budget.threshold)}</strong>.
          </p>
          <div className="evaluate-table-wrap">
            <table className="data-table" data-testid="budget-table">
              <caption>Detection at {budget.alertsPerHostDay} alerts per host per day</caption>
              <thead>
                <tr>
                  <th scope="col">Scorer</th>
                  <th scope="col">Threshold</th>
                  <th scope="col" className="num">
                    Validation alerts / host-day (mean)
                  </th>
                  <th scope="col" className="num">
                    Validation alerts / host-day (max)
                  </th>
                  <th scope="col">Test known-bad events flagged</th>
                  <th scope="col">Test known-bad sessions flagged</th>
                </tr>
              </thead>
              <tbody>
                {budget.entries.map((entry) => (
                  <tr key={entry.name} data-kind={entry.kind}>
                    <th scope="row">{entry.name}</th>
                    <td>{thresholdText(entry.chosen.threshold)}</td>
                    <td className="num">{entry.chosen.validation.meanPerHostDay.toFixed(2)}</td>
                    <td className="num">{formatCount(entry.chosen.validation.maxPerHostDay)}</td>
                    <td>{rate(entry.test.flaggedBadEvents, entry.test.badEvents, entry.test.eventRate)}</td>
                    <td>{rate(entry.test.flaggedBadSessions, entry.test.badSessions, entry.test.sessionRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
