import type { BacktestResult, ForecastResult, PeriodEndProjection, WindowErrorMemo } from '@bsc/forecasting';
import type { KpiGlobalModel } from './kpi-global-model.types';

/** Past-origin errors by windowErrorsKey, as a run hands them to the next (structured-clone safe). */
export type WindowErrors = Map<string, number[][]>;

/** A series' method choice: the candidate its backtests chose, their results, and the global model's verdict. */
export interface MethodChoice {
  chosen: string;
  results: BacktestResult[];
  /** The verdict of the global model trained on `globalKey`'s data (see globalVerdict). */
  verdict?: { globalKey: string; joined: boolean; ratio: number };
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
  /**
   * The entries each KPI used in the last run that covered it, as its part's initial and the entry's key (see
   * MemoPart): a run of some KPIs keeps the others' entries and drops those of its own KPIs it did not use.
   */
  owners: Map<string, string[]>;
  global?: KpiGlobalModel;
}

/** The memo's parts by the initial a KPI's list of entries names them with: errors, choices, projections, fits, later. */
type MemoPart = 'e' | 'c' | 'p' | 'f' | 'l';

export function emptyForecastMemo(): ForecastMemo {
  return {
    errors: new Map(),
    choices: new Map(),
    projections: new Map(),
    fits: new Map(),
    later: new Map(),
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
  const { errors, choices, projections, fits, later, global } = memo;
  return {
    errors: part('e', errors),
    choices: part('c', choices),
    projections: part('p', projections),
    fits: part('f', fits),
    later: part('l', later),
    owners,
    global,
  };
}

/** A result of a cache the KPIs of one run share (a term's projection): each KPI reading it owns its memo entries. */
export function sharedResult<T>(cache: Map<string, T>, key: string, make: () => T, memo?: RunMemo): T {
  if (memo) return memo.shared(cache, key, make);
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

/**
 * The memo of one forecast run: reads the previous run's entries and keeps only those this run used or computed,
 * so entries of a series' older days (or of a KPI gone from the model) drop out after one run.
 */
export class RunMemo implements WindowErrorMemo {
  readonly used: ForecastMemo;
  errorsReused = 0;
  choicesReused = 0;
  projectionsReused = 0;
  fitsReused = 0;
  /** Error and fit keys read or written while a projection is made (see track). */
  private tracked: { errors: Set<string>; fits: Set<string> } | null = null;
  /** Where the entries read or written now are listed: the current KPI's list and the shared results being made. */
  private readonly sinks: Array<Set<string>> = [];
  /** The entries each shared result was made from, by its cache and key (see shared). */
  private readonly shares = new Map<object, Map<string, Set<string>>>();

  constructor(
    private readonly previous: ForecastMemo = emptyForecastMemo(),
    /** Key of the training data of this run's global model (none without one). */
    readonly globalKey?: string,
  ) {
    this.used = emptyForecastMemo();
  }

  /** Runs KPI `kpi`'s forecast: the entries it reads or writes become its list (see ForecastMemo.owners). */
  own<T>(kpi: string, make: () => T): T {
    const keys = new Set<string>();
    try {
      return this.within(keys, make);
    } finally {
      this.used.owners.set(kpi, [...keys]);
    }
  }

  /** The cache's result for `key`, made once per run; every KPI reading it lists the entries it was made from. */
  shared<T>(cache: Map<string, T>, key: string, make: () => T): T {
    let scopes = this.shares.get(cache);
    if (!scopes) this.shares.set(cache, (scopes = new Map<string, Set<string>>()));
    if (cache.has(key)) {
      for (const entry of scopes.get(key) ?? []) for (const sink of this.sinks) sink.add(entry);
      return cache.get(key) as T;
    }
    const keys = new Set<string>();
    const value = this.within(keys, make);
    scopes.set(key, keys);
    cache.set(key, value);
    return value;
  }

  get(key: string): number[][] | undefined {
    this.tracked?.errors.add(key);
    return this.take('e', this.used.errors, this.previous.errors, key, () => this.errorsReused++);
  }

  set(key: string, errors: number[][]): void {
    this.tracked?.errors.add(key);
    this.list('e', key);
    this.used.errors.set(key, errors);
  }

  fit(key: string): ForecastResult | undefined {
    this.tracked?.fits.add(key);
    return this.take('f', this.used.fits, this.previous.fits, key, () => this.fitsReused++);
  }

  setFit(key: string, result: ForecastResult): void {
    this.tracked?.fits.add(key);
    this.list('f', key);
    this.used.fits.set(key, result);
  }

  /** Runs `make` and tells which past-origin errors and fits it read or computed. */
  track<T>(make: () => T): { value: T; errorKeys: string[]; fitKeys: string[] } {
    const outer = this.tracked;
    const tracked = { errors: new Set<string>(), fits: new Set<string>() };
    this.tracked = tracked;
    try {
      const value = make();
      return { value, errorKeys: [...tracked.errors], fitKeys: [...tracked.fits] };
    } finally {
      this.tracked = outer;
      for (const key of tracked.errors) outer?.errors.add(key);
      for (const key of tracked.fits) outer?.fits.add(key);
    }
  }

  projection(key: string): KeptProjection<StoredSeriesProjection | null> | undefined {
    const reused = () => this.projectionsReused++;
    return this.keep(this.take('p', this.used.projections, this.previous.projections, key, reused));
  }

  setProjection(key: string, kept: KeptProjection<StoredSeriesProjection | null>): void {
    this.list('p', key);
    this.used.projections.set(key, kept);
  }

  laterProjections(key: string): KeptProjection<Array<PeriodEndProjection | null>> | undefined {
    return this.keep(this.take('l', this.used.later, this.previous.later, key, () => this.projectionsReused++));
  }

  setLaterProjections(key: string, kept: KeptProjection<Array<PeriodEndProjection | null>>): void {
    this.list('l', key);
    this.used.later.set(key, kept);
  }

  choice(key: string): MethodChoice | undefined {
    return this.take('c', this.used.choices, this.previous.choices, key, () => this.choicesReused++);
  }

  setChoice(key: string, choice: MethodChoice): void {
    this.list('c', key);
    this.used.choices.set(key, choice);
  }

  private within<T>(keys: Set<string>, make: () => T): T {
    this.sinks.push(keys);
    try {
      return make();
    } finally {
      this.sinks.pop();
    }
  }

  private list(part: MemoPart, key: string): void {
    for (const sink of this.sinks) sink.add(part + key);
  }

  /** A projection kept whole keeps what it was made from for the next run: a target changed later still finds it. */
  private keep<T extends KeptProjection<unknown>>(kept: T | undefined): T | undefined {
    if (!kept) return kept;
    for (const key of kept.errorKeys) this.get(key);
    for (const key of kept.fitKeys ?? []) this.fit(key);
    if (kept.choiceKey !== undefined) this.choice(kept.choiceKey);
    return kept;
  }

  private take<T>(
    part: MemoPart,
    used: Map<string, T>,
    previous: ReadonlyMap<string, T>,
    key: string,
    reused: () => void,
  ): T | undefined {
    const own = used.get(key);
    if (own !== undefined) {
      this.list(part, key);
      return own;
    }
    const kept = previous.get(key);
    if (kept !== undefined) {
      this.list(part, key);
      used.set(key, kept);
      reused();
    }
    return kept;
  }
}
