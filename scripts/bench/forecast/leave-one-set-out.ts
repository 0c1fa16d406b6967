import { getForecaster } from '@bsc/forecasting';
import { type Figures, type LoadedSet, scoreOnTest, scoreOnValidation } from './bench-sets';

/**
 * The pool a default could be chosen from: equal-weight combinations of ETS, optimised Theta and ARIMA. The
 * shipped default (first) was fixed by rule; the benchmark checks what choosing among them by data would do.
 */
export const DEFAULT_POOL: readonly string[] = ['ensemble', 'ensemble-mean3', 'ensemble-median3'];

export interface LosoRow {
  set: string;
  /** Chosen on the validation windows of the other sets only. */
  loso: { method: string; test: Figures };
  /** Chosen on the validation windows of all sets, the scored one included (how choices used to be made). */
  inSample: { method: string; test: Figures };
}

export interface LosoResult {
  rows: LosoRow[];
  /** Validation OWA per method and set (training parts only). */
  validation: Record<string, Record<string, number>>;
  test: Record<string, Record<string, Figures>>;
}

function pick(
  pool: readonly string[],
  sets: readonly string[],
  validation: Record<string, Record<string, number>>,
): string {
  let best = pool[0];
  let bestScore = Infinity;
  for (const method of pool) {
    const score = sets.reduce((s, key) => s + validation[method][key], 0) / sets.length;
    if (score < bestScore) {
      best = method;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Leave one set out: for each set, the method is chosen by mean validation OWA on the other sets' training parts
 * and scored on the left-out set's test parts, next to the choice that saw every set.
 */
export function leaveOneSetOut(
  sets: readonly LoadedSet[],
  pool: readonly string[] = DEFAULT_POOL,
  log: (line: string) => void = () => undefined,
): LosoResult {
  const validation: Record<string, Record<string, number>> = {};
  const test: Record<string, Record<string, Figures>> = {};
  for (const method of pool) {
    validation[method] = {};
    test[method] = {};
    for (const set of sets) {
      validation[method][set.key] = scoreOnValidation(getForecaster(method), set).OWA;
      test[method][set.key] = scoreOnTest(getForecaster(method), set);
      log(
        `loso: ${method} on ${set.key}: validation OWA ${validation[method][set.key]}, test OWA ${test[method][set.key].OWA}`,
      );
    }
  }
  const keys = sets.map((s) => s.key);
  const rows = sets.map((set) => {
    const others = keys.filter((k) => k !== set.key);
    const losoMethod = pick(pool, others.length > 0 ? others : keys, validation);
    const inSampleMethod = pick(pool, keys, validation);
    return {
      set: set.key,
      loso: { method: losoMethod, test: test[losoMethod][set.key] },
      inSample: { method: inSampleMethod, test: test[inSampleMethod][set.key] },
    };
  });
  return { rows, validation, test };
}
