import { structuresScopeOf } from '@bsc/forecasting';
import type { FitStore, ForecastResult, PeriodEndProjection, WindowErrorMemo } from '@bsc/forecasting';
import {
  emptyForecastMemo,
  type ForecastMemo,
  type KeptProjection,
  type MemoPart,
  type MethodChoice,
  type StoredSeriesProjection,
} from './forecast-memo';

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
export class RunMemo implements WindowErrorMemo, FitStore {
  readonly used: ForecastMemo;
  errorsReused = 0;
  choicesReused = 0;
  projectionsReused = 0;
  fitsReused = 0;
  modelsReused = 0;
  /** The models read or fitted while errors missing from the memo are computed (see errorModels). */
  private computing: Set<string> | null = null;
  /** Error and fit keys read or written while a projection is made (see track). */
  private tracked: { errors: Set<string>; fits: Set<string> } | null = null;
  /** Where the entries read or written now are listed: the current KPI's list and the shared results being made. */
  private readonly sinks: Array<Set<string>> = [];
  /** Where the model keys read or written now are listed (see modelsOf). */
  private readonly modelSinks: Array<Set<string>> = [];
  /** The entries each shared result was made from, by its cache and key (see shared). */
  private readonly shares = new Map<object, Map<string, Set<string>>>();
  /** The previous run's kept structures by series (see keepSeriesStructures), indexed on first use. */
  private previousScopes: Map<string, string[]> | null = null;

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
    const kept = this.take('e', this.used.errors, this.previous.errors, key, () => this.errorsReused++);
    if (kept === undefined) this.computing = new Set();
    else {
      const models = this.used.errorModels.get(key) ?? this.previous.errorModels.get(key) ?? [];
      this.used.errorModels.set(key, models);
      for (const model of models) this.take('m', this.used.models, this.previous.models, model, () => undefined);
    }
    return kept;
  }

  set(key: string, errors: number[][]): void {
    this.tracked?.errors.add(key);
    this.list('e', key);
    this.used.errors.set(key, errors);
    if (this.computing) this.used.errorModels.set(key, [...this.computing]);
    this.computing = null;
  }

  model(key: string): unknown {
    this.computing?.add(key);
    for (const sink of this.modelSinks) sink.add(key);
    this.keepSeriesStructures(key);
    return this.take('m', this.used.models, this.previous.models, key, () => this.modelsReused++);
  }

  setModel(key: string, model: unknown): void {
    this.computing?.add(key);
    for (const sink of this.modelSinks) sink.add(key);
    this.keepSeriesStructures(key);
    this.list('m', key);
    this.used.models.set(key, model);
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
    const kept = this.take('c', this.used.choices, this.previous.choices, key, () => this.choicesReused++);
    for (const model of kept?.models ?? []) this.take('m', this.used.models, this.previous.models, model, () => {});
    return kept;
  }

  /** Runs `make` and tells which model entries it read or wrote. */
  modelsOf<T>(make: () => T): { value: T; models: string[] } {
    const keys = new Set<string>();
    this.modelSinks.push(keys);
    try {
      return { value: make(), models: [...keys] };
    } finally {
      this.modelSinks.pop();
    }
  }

  setChoice(key: string, choice: MethodChoice): void {
    this.list('c', key);
    this.used.choices.set(key, choice);
  }

  /**
   * A series' kept structures serve for days whether a run reads them or not: the structures of a method that only
   * the method choice's backtests use (every few days) would otherwise drop out of the memo the first day the choice
   * is kept, and be searched again at every backtest. So reading or writing one structure of a series keeps all of
   * that series' structures of the previous run, listed where that one is (its KPI, a shared result, a choice).
   */
  private keepSeriesStructures(key: string): void {
    const scope = structuresScopeOf(key);
    if (scope === undefined) return;
    for (const other of this.seriesStructureKeys(scope)) {
      if (other === key) continue;
      for (const sink of this.modelSinks) sink.add(other);
      this.take('m', this.used.models, this.previous.models, other, () => this.modelsReused++);
    }
  }

  private seriesStructureKeys(scope: string): readonly string[] {
    if (!this.previousScopes) {
      this.previousScopes = new Map();
      for (const key of this.previous.models.keys()) {
        const of = structuresScopeOf(key);
        if (of === undefined) continue;
        const keys = this.previousScopes.get(of);
        if (keys) keys.push(key);
        else this.previousScopes.set(of, [key]);
      }
    }
    return this.previousScopes.get(scope) ?? [];
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
