import type { LeakageFinding, LeakageRemedy } from '../../ml/leakage';
import { remedyLabel } from '../../store/evaluateSlice';
import { leakageAlertText } from './evaluateView';

interface Props {
  findings: readonly LeakageFinding[];
  /** A run is training: remedies wait for it. */
  isBusy: boolean;
  onRemedy: (remedy: LeakageRemedy) => void;
}

/** One alert per leakage finding, each with its one-click remedy. */
export function LeakageAlarm({ findings, isBusy, onRemedy }: Props) {
  if (findings.length === 0) {
    return <p className="leak-clear">No leakage rule fired for this run: no single column gives the label away and the score is not suspiciously perfect.</p>;
  }
  return (
    <div className="leak-list">
      {findings.map((finding, i) => (
        <div key={`${finding.kind}-${finding.feature ?? ''}-${i}`} role="alert" className="leak-alert">
          <p>
            <strong className="leak-kind">Leakage alarm.</strong> {leakageAlertText(finding)}
          </p>
          <button type="button" className="primary" disabled={isBusy} onClick={() => onRemedy(finding.remedy)}>
            {remedyLabel(finding.remedy)}
          </button>
        </div>
      ))}
    </div>
  );
}
