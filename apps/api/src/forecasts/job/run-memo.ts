import type { BacktestResult, WindowErrorMemo } from '@bsc/forecasting';
import type { KpiGlobalModel } from './kpi-global-model';

/** Past-origin errors by windowErrorsKey, as a run hands them to the next (structured-clone safe). */
export type WindowErrors = Map<string, number[][]>;

/** A series' method choice: the candidate its backtests chose, their results, and the global model's verdict. */
export interface MethodChoice {
  chosen: string;
  results: BacktestResult[];
  /** The verdict of the global model trained on `globalKey`'s data (see globalVerdict). */
  verdict?: { globalKey: string; joined: boolean; ratio: number };
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
  global?: KpiGlobalModel;
}

export function emptyForecastMemo(): ForecastMemo {
  return { errors: new Map(), choices: new Map() };
}

/** A run of some KPIs adds to the memo; a run of all of them replaces it, dropping what no KPI uses now. */
export function nextForecastMemo(previous: ForecastMemo, output: ForecastMemo, partial: boolean): ForecastMemo {
  if (!partial) return output;
  return {
    errors: new Map([...previous.errors, ...output.errors]),
    choices: new Map([...previous.choices, ...output.choices]),
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

  constructor(
    private readonly previous: ForecastMemo = emptyForecastMemo(),
    /** Key of the training data of this run's global model (none without one). */
    readonly globalKey?: string,
  ) {
    this.used = emptyForecastMemo();
  }

  get(key: string): number[][] | undefined {
    return this.take(this.used.errors, this.previous.errors, key, () => this.errorsReused++);
  }

  set(key: string, errors: number[][]): void {
    this.used.errors.set(key, errors);
  }

  choice(key: string): MethodChoice | undefined {
    return this.take(this.used.choices, this.previous.choices, key, () => this.choicesReused++);
  }

  setChoice(key: string, choice: MethodChoice): void {
    this.used.choices.set(key, choice);
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
