import { causeRemedyLabel, type CauseRemedy, type LeakageCause } from '../../ml/leakageCauses';
import { evidenceText } from './evaluateView';

interface Props {
  causes: readonly LeakageCause[];
  /** A run is training: remedies wait for it. */
  isBusy: boolean;
  onRemedy: (remedy: CauseRemedy) => void;
}

/**
 * One alarm per cause (the clock, memorisation, a revealing column…), its evidence beneath it and
 * remedies that remove the whole cause in one click.
 */
export function LeakageAlarm({ causes, isBusy, onRemedy }: Props) {
  if (causes.length === 0) {
    return <p className="leak-clear">No leakage rule fired for this run: no single column gives the label away and the score is not suspiciously perfect.</p>;
  }
  return (
    <div className="leak-list">
      {causes.map((cause, i) => (
        <div key={`${cause.kind}-${i}`} role="alert" aria-label={`Leakage alarm: ${cause.title}`} className="leak-alert" data-cause={cause.kind}>
          <p>
            <strong className="leak-kind">Leakage alarm: {cause.title}.</strong> {cause.message}
          </p>
          {cause.evidence.length > 0 ? (
            <ul className="leak-evidence" aria-label="Evidence">
              {cause.evidence.map((evidence, j) => (
                <li key={j}>{evidenceText(evidence)}</li>
              ))}
            </ul>
          ) : null}
          {cause.remedies.length > 0 ? (
            <div className="row leak-remedies">
              {cause.remedies.map((remedy, j) => (
                <button key={j} type="button" className={j === 0 ? 'primary' : ''} disabled={isBusy} onClick={() => onRemedy(remedy)}>
                  {causeRemedyLabel(remedy)}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}
