import { Section } from '../../ui/Section';
import { featureTreatments, type FeaturePreview, type FeatureTreatment } from '../../ml/features';
import { featureColumnIds, type FeatureColumnId } from '../../ml/types';
import { useNotebook } from '../../store/store';
import { SETTING_LIMITS } from '../../formats/limits';
import { NumberField } from '../train/NumberField';
import { columnWidth, columnWidthText, estimateInputWidth, widthEstimateText } from './inputWidth';
import '../train/train.css';

/** What each column is, in words. */
const COLUMN_TEXT: Record<FeatureColumnId, string> = {
  hour: 'Hour of day (UTC)',
  weekday: 'Day of the week',
  name: 'File name',
  folder: 'Folder path',
  parent: 'Parent process name',
  eventType: 'Event type',
  elevation: 'Token elevation',
  session: 'Session id',
  commandLine: 'Command line (its shape; Sysmon and 4688 only)',
};

/** Columns the data worker cannot supply yet. */
const UNAVAILABLE: ReadonlySet<FeatureColumnId> = new Set<FeatureColumnId>(['elevation', 'session']);

const TREATMENT_TEXT: Record<FeatureTreatment, string> = { indicator: 'one-hot', embedding: 'embedding', off: 'off' };

/** Cell 4: how each column enters the network, the vocabulary cap, and the encoded matrix. */
export function FeaturesSection() {
  const hasCapture = useNotebook((s) => s.load.summary !== null);
  const config = useNotebook((s) => s.features.config);
  const isRunning = useNotebook((s) => s.train.activeRunId !== null);
  const hasBalance = useNotebook((s) => s.knownBad.run.summary !== null);
  const latest = useNotebook((s) => s.train.runs.findLast((run) => run.outcome !== null) ?? null);
  const setFeature = useNotebook((s) => s.setFeatureSetting);
  const setFeaturesConfig = useNotebook((s) => s.setFeaturesConfig);
  const status = !hasCapture ? 'empty' : latest ? 'done' : 'ready';

  return (
    <Section id="features" number={4} title="Features" status={status}>
      <p className="muted">
        One row per process start. Vocabularies are fitted on the training split only; values unseen there, and missing ones, share one out-of-vocabulary slot.
        Switch a column off to see what the model loses without it.
      </p>
      <fieldset disabled={isRunning}>
        <legend>Columns</legend>
        <table className="data-table features-table" aria-label="Feature columns">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">What it is</th>
              <th scope="col">Treatment</th>
              <th scope="col">Embedding dims</th>
              <th scope="col" className="num">
                Input width
              </th>
            </tr>
          </thead>
          <tbody>
            {featureColumnIds.map((column) => {
              const setting = config.settings.find((f) => f.column === column) ?? { column, treatment: 'off' as const, embeddingDims: 8 };
              const isUnavailable = UNAVAILABLE.has(column);
              return (
                <tr key={column} className={isUnavailable ? 'is-unavailable' : undefined}>
                  <th scope="row" className="mono">
                    {column}
                  </th>
                  <td>
                    {COLUMN_TEXT[column]}
                    {isUnavailable ? <span className="muted"> — not in this capture</span> : null}
                  </td>
                  <td>
                    <select
                      aria-label={`Treatment of ${column}`}
                      value={isUnavailable ? 'off' : setting.treatment}
                      disabled={isUnavailable}
                      onChange={(e) => {
                        const treatment = featureTreatments.find((t) => t === e.currentTarget.value);
                        if (treatment) setFeature(column, { treatment });
                      }}
                    >
                      {featureTreatments.map((t) => (
                        <option key={t} value={t}>
                          {TREATMENT_TEXT[t]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <NumberField
                      label={`Embedding dims of ${column}`}
                      ariaLabel={`Embedding dims of ${column}`}
                      value={setting.embeddingDims}
                      limit={SETTING_LIMITS.embeddingDims}
                      disabled={isUnavailable || setting.treatment !== 'embedding'}
                      onCommit={(embeddingDims) => setFeature(column, { embeddingDims })}
                    />
                  </td>
                  <td className="num">{isUnavailable ? '—' : columnWidthText(columnWidth(setting), config.maxVocabulary)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="features-options">
          <NumberField
            label="Max vocabulary"
            value={config.maxVocabulary}
            limit={SETTING_LIMITS.maxVocabulary}
            onCommit={(maxVocabulary) => setFeaturesConfig({ maxVocabulary })}
          />
          <label className="inline">
            <input type="checkbox" checked={config.useBalance} onChange={(e) => setFeaturesConfig({ useBalance: e.currentTarget.checked })} /> Use the balanced
            selection
          </label>
          {!hasBalance ? <span className="muted">(balance the classes in the Known bad section to make one)</span> : null}
        </div>
      </fieldset>
      <p className="status-line" data-testid="features-width">
        {widthEstimateText(estimateInputWidth(config.settings.filter((f) => !UNAVAILABLE.has(f.column))))}
      </p>
      {latest?.outcome ? (
        <PreviewTable label={latest.label} width={latest.outcome.inputWidth} preview={latest.outcome.preview} />
      ) : (
        <p className="muted">A preview of the encoded rows appears after the first run.</p>
      )}
    </Section>
  );
}

function PreviewTable({ label, width, preview }: { label: string; width: number; preview: FeaturePreview }) {
  return (
    <div className="preview-wrap">
      <p>
        <strong>
          Input width of {label}: {width}
        </strong>{' '}
        — the first training rows as the model received them:
      </p>
      <table className="data-table preview-table" aria-label="Encoded preview">
        <thead>
          <tr>
            <th scope="col" className="num">
              Row
            </th>
            <th scope="col">Label</th>
            {preview.headers.map((header) => (
              <th scope="col" key={header}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.row}>
              <td className="num">{row.row}</td>
              <td>{row.label === 1 ? 'known bad' : 'known good'}</td>
              {row.cells.map((cell) => (
                <td key={cell.column}>
                  <span className="mono">{cell.raw ?? '(missing)'}</span>
                  <span className="encoded">{cell.encoded}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
