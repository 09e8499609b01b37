import {
  activations,
  defaultModelSettings,
  imbalanceHandlings,
  imbalanceOf,
  modelKindOf,
  modelKinds,
  optimizerNames,
  originalModelSettings,
  poolsUnseenValues,
  type HiddenLayerSetting,
} from '../../ml/modelSettings';
import { splitKinds } from '../../ml/splits';
import { useNotebook } from '../../store/store';
import { SETTING_LIMITS } from '../../formats/limits';
import { IMBALANCE_LABELS, MODEL_KIND_LABELS, OPTIMIZER_LABELS, SPLIT_LABELS } from './labels';
import { NumberField } from './NumberField';
import { ChoiceSelect } from './ChoiceSelect';

/** The next layer added: half the units of the last one, same activation. */
function nextLayer(layers: readonly HiddenLayerSetting[]): HiddenLayerSetting {
  const last = layers.at(-1);
  return last ? { units: Math.max(1, Math.round(last.units / 2)), activation: last.activation } : { units: 64, activation: 'relu' };
}

/** Every knob of the network, the optimiser and the split; each edit goes straight to the store. */
export function ModelSettingsForm({ disabled }: { disabled: boolean }) {
  const model = useNotebook((s) => s.train.config.model);
  const split = useNotebook((s) => s.train.config.split);
  const setModel = useNotebook((s) => s.setModelSettings);
  const setSplit = useNotebook((s) => s.setSplit);
  const layers = model.hiddenLayers;
  const setLayer = (index: number, patch: Partial<HiddenLayerSetting>): void =>
    setModel({ hiddenLayers: layers.map((layer, i) => (i === index ? { ...layer, ...patch } : layer)) });
  const kind = modelKindOf(model);
  const sharesCheck = (other: number) => (value: number) => (value + other < 1 ? null : 'Validation and test shares must sum to less than 1.');

  return (
    <fieldset disabled={disabled} className="train-settings">
      <legend>Network</legend>
      <div className="settings-grid train-grid model-kind">
        <ChoiceSelect label="Model kind" value={kind} choices={modelKinds} labels={MODEL_KIND_LABELS} onChange={(chosen) => setModel({ kind: chosen })} />
        <ChoiceSelect
          label="Imbalance handling"
          value={imbalanceOf(model)}
          choices={imbalanceHandlings}
          labels={IMBALANCE_LABELS}
          disabled={kind === 'anomaly'}
          onChange={(imbalance) => setModel({ imbalance })}
        />
        <div className="field">
          <label>
            <input type="checkbox" checked={poolsUnseenValues(model)} onChange={(e) => setModel({ poolUnseenValues: e.currentTarget.checked })} /> Pool values
            unseen in known good (default on)
          </label>
        </div>
      </div>
      <p className="muted small-note" data-testid="model-kind-note">
        {kind === 'anomaly'
          ? 'The anomaly model is an autoencoder over the same features: it learns to reconstruct known good only and scores a row by how badly it does. It tests on held-out known good plus every known-bad event, which it never sees while training, so imbalance handling does not apply.'
          : 'The classifier learns P(known bad) from both classes. Class weights give each class half of the loss however rare known bad is; the alert threshold is chosen on the validation split. Pooling sends values no known-good training row has (most attack tools) to one shared id, so the next unseen tool lands where training taught the network something.'}
      </p>
      <table className="data-table layers-table" aria-label="Hidden layers">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Units</th>
            <th scope="col">Activation</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {layers.map((layer, index) => (
            <tr key={index}>
              <th scope="row">Dense {index + 1}</th>
              <td>
                <NumberField
                  label={`Units of layer ${index + 1}`}
                  ariaLabel={`Units of layer ${index + 1}`}
                  value={layer.units}
                  limit={SETTING_LIMITS.units}
                  onCommit={(units) => setLayer(index, { units })}
                />
              </td>
              <td>
                <ChoiceSelect
                  ariaLabel={`Activation of layer ${index + 1}`}
                  value={layer.activation}
                  choices={activations}
                  onChange={(activation) => setLayer(index, { activation })}
                />
              </td>
              <td>
                <button type="button" aria-label={`Remove layer ${index + 1}`} onClick={() => setModel({ hiddenLayers: layers.filter((_, i) => i !== index) })}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
          <tr className="fixed-layer">
            <th scope="row">{model.dropout > 0 ? 'Dropout' : 'No dropout'}</th>
            <td colSpan={3} className="muted">
              {model.dropout > 0 ? `rate ${model.dropout} after the last hidden layer` : 'set a dropout rate below to add one'}
            </td>
          </tr>
          <tr className="fixed-layer">
            <th scope="row">Output</th>
            <td colSpan={3} className="muted">
              {kind === 'anomaly'
                ? '1 unit: reconstruction error of the row (a softmax over each column’s vocabulary) · loss: its mean over known good'
                : '1 unit, sigmoid: P(known bad) · loss: binary cross-entropy'}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="row">
        <button
          type="button"
          onClick={() => setModel({ hiddenLayers: [...layers, nextLayer(layers)] })}
          disabled={layers.length >= SETTING_LIMITS.hiddenLayers.max}
        >
          Add layer
        </button>
        <button
          type="button"
          onClick={() => {
            setModel(defaultModelSettings);
            setSplit('random-stratified');
          }}
        >
          Reset to the defaults
        </button>
        <button
          type="button"
          title="128 and 64 sigmoid units, L2 0.01, RMSprop at 0.001: the blog post's network, which learns slowly on small sets"
          onClick={() => {
            setModel(originalModelSettings);
            setSplit('random-stratified');
          }}
        >
          The blog post&rsquo;s model
        </button>
      </div>
      <div className="settings-grid train-grid">
        <NumberField label="L2" value={model.l2} limit={SETTING_LIMITS.l2} onCommit={(l2) => setModel({ l2 })} />
        <NumberField label="Dropout" value={model.dropout} limit={SETTING_LIMITS.dropout} step={0.05} onCommit={(dropout) => setModel({ dropout })} />
        <ChoiceSelect
          label="Optimizer"
          value={model.optimizer}
          choices={optimizerNames}
          labels={OPTIMIZER_LABELS}
          onChange={(optimizer) => setModel({ optimizer })}
        />
        <NumberField
          label="Learning rate"
          value={model.learningRate}
          limit={SETTING_LIMITS.learningRate}
          onCommit={(learningRate) => setModel({ learningRate })}
        />
        <NumberField label="Epochs" value={model.epochs} limit={SETTING_LIMITS.epochs} onCommit={(epochs) => setModel({ epochs })} />
        <NumberField label="Batch size" value={model.batchSize} limit={SETTING_LIMITS.batchSize} onCommit={(batchSize) => setModel({ batchSize })} />
        <NumberField
          label="Validation share"
          value={model.validationShare}
          limit={SETTING_LIMITS.validationShare}
          step={0.05}
          check={sharesCheck(model.testShare)}
          onCommit={(validationShare) => setModel({ validationShare })}
        />
        <NumberField
          label="Test share"
          value={model.testShare}
          limit={SETTING_LIMITS.testShare}
          step={0.05}
          check={sharesCheck(model.validationShare)}
          onCommit={(testShare) => setModel({ testShare })}
        />
        <ChoiceSelect label="Split" value={split} choices={splitKinds} labels={SPLIT_LABELS} onChange={setSplit} />
        <NumberField label="Seed" value={model.seed} limit={SETTING_LIMITS.seed} onCommit={(seed) => setModel({ seed })} />
        <NumberField
          label="Early-stopping patience"
          value={model.earlyStoppingPatience}
          limit={SETTING_LIMITS.earlyStoppingPatience}
          onCommit={(earlyStoppingPatience) => setModel({ earlyStoppingPatience })}
        />
      </div>
      <p className="muted small-note">
        Early-stopping patience counts epochs without a lower validation loss; 0 never stops early. L2 applies to every hidden kernel.
      </p>
      {model.l2 >= 0.01 ? (
        <p className="muted small-note" data-testid="l2-note">
          The original post's L2 of 0.01 (Keras' <code>'l2'</code>) outweighs the data on a few thousand examples: the loss falls as the weights shrink while
          the scores stay near 0.5 — the post's &ldquo;weirdest graphs&rdquo;. Try L2 0.001 to watch the network learn.
        </p>
      ) : null}
    </fieldset>
  );
}
