import type { BacktestResult, ForecastResult, PeriodEndProjection } from '@bsc/forecasting';
import type { KpiGlobalModel } from './kpi-global-model.types';

/** Past-origin errors by windowErrorsKey, as a run hands them to the next (structured-clone safe). */
export type WindowErrors = Map<string, number[][]>;

/** A series' method choice: the candidate its backtests chose, their results, and the global model's verdict. */
export interface MethodChoice {
  chosen: string;
  results: BacktestResult[];
  /** The verdict of the global model trained on `globalKey`'s data (see globalVerdict). */
  verdict?: { globalKey: string; joined: boolean; ratio: number };
  /**
   * The model entries the choice read or wrote (the series' kept structures, see seriesStructures): a later run that
   * takes the choice from here keeps them for the next day, when the backtests run again.
   */
  models?: string[];
}

/** A projection kept whole, with the keys of the past-origin errors and the method choice it was made from. */
export interface KeptProjection<T> {
  value: T;
  errorKeys: string[];
  fitKeys?: string[];
  choiceKey?: string;
}

/** A series' current-period projection without what is rebuilt from its days (see keptSeriesProjection). */
export interface StoredSeriesProjection {
  chosen: string;
  joined: boolean;
  ratio?: number;
  mean: number[];
  projection: PeriodEndProjection;
  backtestOrigins: number;
  backtest: BacktestResult | null;
}

/**
 * What a forecast run hands the next (kept inside the forecast worker, see ForecastMemos): results computed
 * from a series' complete days, each keyed by everything it depends on, and the tenant's global model with the key
 * of its training data. A day more or a corrected day gives other keys, so a run reuses only what is still exact.
 */
export interface ForecastMemo {
  errors: WindowErrors;
  /** By methodChoiceKey. */
  choices: Map<string, MethodChoice>;
  /** Current-period projections of series (null: none possible), by seriesProjectionKey. */
  projections: Map<string, KeptProjection<StoredSeriesProjection | null>>;
  /** Forecasts of a sum's or count's remaining days (today's value does not enter them), by fitKey. */
  fits: Map<string, ForecastResult>;
  /** Later-period projections of series, by laterProjectionKey. */
  later: Map<string, KeptProjection<Array<PeriodEndProjection | null>>>;
  /** Models fitted on leading parts of series for past origins' forecasts, by storedFit's key (see FitStore). */
  models: Map<string, unknown>;
  /**
   * The keys of the models each entry of `errors` was computed with, by its key: listed with it (part 'e'), so
   * a run that reuses the errors keeps their models for the next day's.
   */
  errorModels: Map<string, string[]>;
  /**
   * The entries each KPI used in the last run that covered it, as its part's initial and the entry's key (see
   * MemoPart): a run of some KPIs keeps the others' entries and drops those of its own KPIs it did not use.
   */
  owners: Map<string, string[]>;
  global?: KpiGlobalModel;
}

/**
 * The memo's parts by the initial a KPI's list of entries names them with: errors (with their models' keys),
 * choices, projections, fits, later, models.
 */
export type MemoPart = 'e' | 'c' | 'p' | 'f' | 'l' | 'm';

export function emptyForecastMemo(): ForecastMemo {
  return {
    errors: new Map(),
    choices: new Map(),
    projections: new Map(),
    fits: new Map(),
    later: new Map(),
    models: new Map(),
    errorModels: new Map(),
    owners: new Map(),
  };
}

/**
 * A run of all KPIs replaces the memo, dropping what no KPI uses now. A run of some KPIs replaces their entries
 * with those it used and keeps the other KPIs' untouched (an entry several KPIs use stays while one of them still
 * lists it); with `kpis` (the model's KPIs), the entries of KPIs gone from the model drop too.
 */
export function nextForecastMemo(
  previous: ForecastMemo,
  output: ForecastMemo,
  partial: boolean,
  kpis?: readonly string[],
): ForecastMemo {
  if (!partial) return output;
  const inModel = kpis && new Set(kpis);
  const owners = new Map(output.owners);
  for (const [kpi, keys] of previous.owners)
    if (!owners.has(kpi) && (!inModel || inModel.has(kpi))) owners.set(kpi, keys);
  const live = new Set<string>();
  for (const keys of owners.values()) for (const key of keys) live.add(key);
  const part = <T>(initial: MemoPart, before: Map<string, T>, now: Map<string, T>): Map<string, T> => {
    const kept = new Map<string, T>();
    for (const entries of [before, now])
      for (const [key, value] of entries) if (live.has(initial + key)) kept.set(key, value);
    return kept;
  };
  return {
    errors: part('e', previous.errors, output.errors),
    choices: part('c', previous.choices, output.choices),
    projections: part('p', previous.projections, output.projections),
    fits: part('f', previous.fits, output.fits),
    later: part('l', previous.later, output.later),
    models: part('m', previous.models, output.models),
    errorModels: part('e', previous.errorModels, output.errorModels),
    owners,
    global: output.global ?? previous.global,
  };
}

/**
 * What a run of `kpis` is handed: the entries those KPIs listed and the global model. The other KPIs' entries stay
 * out of it (nextForecastMemo keeps them); an entry a KPI did not list before is made again.
 */
export function memoForKpis(memo: ForecastMemo, kpis: readonly string[]): ForecastMemo {
  const owners = new Map<string, string[]>();
  const listed = new Set<string>();
  for (const kpi of kpis) {
    const keys = memo.owners.get(kpi);
    if (!keys) continue;
    owners.set(kpi, keys);
    for (const key of keys) listed.add(key);
  }
  const part = <T>(initial: MemoPart, entries: Map<string, T>): Map<string, T> =>
    new Map([...entries].filter(([key]) => listed.has(initial + key)));
  const { errors, choices, projections, fits, later, models, errorModels, global } = memo;
  return {
    errors: part('e', errors),
    choices: part('c', choices),
    projections: part('p', projections),
    fits: part('f', fits),
    later: part('l', later),
    models: part('m', models),
    errorModels: part('e', errorModels),
    owners,
    global,
  };
}
