/**
 * Keeps the page's address in step with the training settings and the alert budget: applies a shared `#config=` link
 * at startup and rewrites the hash as the settings change. The encoding lives in formats/urlState.
 */
import type { TrainSlice } from './trainSlice';
import type { EvaluateSlice } from './evaluateSlice';
import { hashFor, settingsFromHash, type SharedSettings } from '../formats/urlState';

/** The part of the notebook store these settings live in. */
export type SettingsState = Pick<TrainSlice, 'features' | 'train' | 'setFeatureSetting' | 'setFeaturesConfig' | 'setModelSettings' | 'setSplit'> &
  Pick<EvaluateSlice, 'evaluate' | 'setEvaluateConfig'>;

/** A zustand store holding the settings (the notebook store, or a small one in tests). */
export interface SettingsStore {
  getState(): SettingsState;
  subscribe(listener: (state: SettingsState, previous: SettingsState) => void): () => void;
}

/** The page's address and history; `window` in the app. */
export interface AddressBar {
  location: { readonly pathname: string; readonly search: string; readonly hash: string; readonly origin: string };
  history: { replaceState(data: unknown, unused: string, url?: string | URL | null): void };
}

/** The settings the store holds now. */
export function currentSettings(state: SettingsState): SharedSettings {
  const { alertsPerHostDay, budgetRule } = state.evaluate.config;
  return { features: state.features.config, train: state.train.config, budget: { alertsPerHostDay, budgetRule } };
}

/** Puts settings into the store through the slice actions. */
export function applySettings(store: SettingsStore, settings: SharedSettings): void {
  const state = store.getState();
  for (const feature of settings.features.settings) {
    state.setFeatureSetting(feature.column, { treatment: feature.treatment, embeddingDims: feature.embeddingDims });
  }
  const { maxVocabulary, eventIds, useBalance, excludeDamagedHours } = settings.features;
  state.setFeaturesConfig({ maxVocabulary, eventIds, useBalance, excludeDamagedHours });
  state.setModelSettings(settings.train.model);
  state.setSplit(settings.train.split);
  state.setEvaluateConfig(settings.budget);
}

/** The full address of these settings, for "Copy link to these settings". */
export function shareableUrl(settings: SharedSettings, address: AddressBar): string {
  return `${address.location.origin}${address.location.pathname}${address.location.search}${hashFor(settings)}`;
}

/** What installing the URL state did. */
export interface UrlStateHandle {
  /** Why the hash was ignored; null when it was applied or absent. */
  warning: string | null;
  /** Stops following the store. */
  dispose(): void;
}

/**
 * Applies a valid `#config=` hash to the store (an invalid one is ignored with a warning), then
 * keeps the hash in step with the settings through `history.replaceState`, at most once per
 * `delayMs` so typing into a field does not flood the history API.
 */
export function installUrlState(store: SettingsStore, address: AddressBar, delayMs = 250): UrlStateHandle {
  const read = settingsFromHash(address.location.hash);
  let warning: string | null = null;
  if (read?.ok === true) applySettings(store, read.settings);
  else if (read?.ok === false) {
    warning = `The settings in this link were ignored: ${read.error}.`;
    console.warn(warning);
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = (): void => {
    timer = null;
    const { pathname, search } = address.location;
    address.history.replaceState(null, '', `${pathname}${search}${hashFor(currentSettings(store.getState()))}`);
  };
  const unsubscribe = store.subscribe((state, previous) => {
    const budget = state.evaluate.config;
    const before = previous.evaluate.config;
    const isBudgetSame = budget.alertsPerHostDay === before.alertsPerHostDay && budget.budgetRule === before.budgetRule;
    if (state.features.config === previous.features.config && state.train.config === previous.train.config && isBudgetSame) return;
    if (timer === null) timer = setTimeout(write, delayMs);
  });
  return {
    warning,
    dispose() {
      unsubscribe();
      if (timer !== null) {
        clearTimeout(timer);
        write();
      }
    },
  };
}
