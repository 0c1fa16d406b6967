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
 * What a forecast run hands the next (structured-clone safe, so it crosses the worker boundary): results computed
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
  global?: KpiGlobalModel;
}

export function emptyForecastMemo(): ForecastMemo {
  return { errors: new Map(), choices: new Map(), projections: new Map(), fits: new Map(), later: new Map() };
}

/** A run of some KPIs adds to the memo; a run of all of them replaces it, dropping what no KPI uses now. */
export function nextForecastMemo(previous: ForecastMemo, output: ForecastMemo, partial: boolean): ForecastMemo {
  if (!partial) return output;
  return {
    errors: new Map([...previous.errors, ...output.errors]),
    choices: new Map([...previous.choices, ...output.choices]),
    projections: new Map([...previous.projections, ...output.projections]),
    fits: new Map([...previous.fits, ...output.fits]),
    later: new Map([...previous.later, ...output.later]),
    global: output.global ?? previous.global,
  };
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

  constructor(
    private readonly previous: ForecastMemo = emptyForecastMemo(),
    /** Key of the training data of this run's global model (none without one). */
    readonly globalKey?: string,
  ) {
    this.used = emptyForecastMemo();
  }

  get(key: string): number[][] | undefined {
    this.tracked?.errors.add(key);
    return this.take(this.used.errors, this.previous.errors, key, () => this.errorsReused++);
  }

  set(key: string, errors: number[][]): void {
    this.tracked?.errors.add(key);
    this.used.errors.set(key, errors);
  }

  fit(key: string): ForecastResult | undefined {
    this.tracked?.fits.add(key);
    return this.take(this.used.fits, this.previous.fits, key, () => this.fitsReused++);
  }

  setFit(key: string, result: ForecastResult): void {
    this.tracked?.fits.add(key);
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
    return this.keep(this.take(this.used.projections, this.previous.projections, key, () => this.projectionsReused++));
  }

  setProjection(key: string, kept: KeptProjection<StoredSeriesProjection | null>): void {
    this.used.projections.set(key, kept);
  }

  laterProjections(key: string): KeptProjection<Array<PeriodEndProjection | null>> | undefined {
    return this.keep(this.take(this.used.later, this.previous.later, key, () => this.projectionsReused++));
  }

  setLaterProjections(key: string, kept: KeptProjection<Array<PeriodEndProjection | null>>): void {
    this.used.later.set(key, kept);
  }

  choice(key: string): MethodChoice | undefined {
    return this.take(this.used.choices, this.previous.choices, key, () => this.choicesReused++);
  }

  setChoice(key: string, choice: MethodChoice): void {
    this.used.choices.set(key, choice);
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
    used: Map<string, T>,
    previous: ReadonlyMap<string, T>,
    key: string,
    reused: () => void,
  ): T | undefined {
    const own = used.get(key);
    if (own !== undefined) return own;
    const kept = previous.get(key);
    if (kept !== undefined) {
      used.set(key, kept);
      reused();
    }
    return kept;
  }
}
