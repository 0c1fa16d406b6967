import { seriesFingerprint } from './series-fingerprint';

/**
 * Fitted models kept between runs by whoever runs the forecasts (the platform's forecast memo), by a key of all a
 * fit depends on: the fitting function with its options, and the values fitted on by length and fingerprint. A
 * fit on a leading part of a series (see OriginFits 'doubling') is the same the next day, when the series has
 * grown at its end only. Models are plain data (structured-clone safe) and never changed once made.
 */
export interface FitStore {
  model(key: string): unknown;
  setModel(key: string, model: unknown): void;
}

/** A store held in memory, its models in `models` (a benchmark's run, a test). */
export function mapFitStore(): FitStore & { models: Map<string, unknown> } {
  const models = new Map<string, unknown>();
  return { models, model: (key) => models.get(key), setModel: (key, model) => void models.set(key, model) };
}

/** What the store holds for a series the method cannot fit (undefined is a miss). */
const NO_FIT = null;

/**
 * The store's model of `method` fitted on `y`, or the one `make` fits, kept for later runs. `method` names the
 * fitting function and every option it reads: two methods that fit alike may share a name, others must not.
 */
export function storedFit<T extends object>(
  store: FitStore | undefined,
  method: string,
  y: readonly number[],
  make: () => T | undefined,
): T | undefined {
  if (!store) return make();
  const key = `${method}|${y.length}:${seriesFingerprint(y)}`;
  const kept = store.model(key);
  if (kept !== undefined) return kept === NO_FIT ? undefined : (kept as T);
  const fit = make();
  store.setModel(key, fit ?? NO_FIT);
  return fit;
}
