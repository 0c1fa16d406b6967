import type { FitStore } from '../core/fit-store';
import { backtestStructures, type SeriesStructures } from '../core/structure-hints';
import type { ForecastResult, Forecaster } from '../core/forecast.types';
import { resultFromSigma } from '../core/intervals';
import { pastOriginForecasts, type OriginFits } from '../core/past-origins';
import { coverage, mase, maseScale, smape } from '../metrics/accuracy';

export interface BacktestOptions {
  /** Horizon of each evaluation window. */
  h: number;
  /** Seasonal period (also the MASE lag). */
  m: number;
  /** How many rolling origins, newest first (fewer when the series is short). */
  origins?: number;
  /** Distance between origins; default half the horizon. */
  step?: number;
  /**
   * How the method is fitted for the origins (see OriginFits): 'each' (the default) refits at every origin and
   * takes the method's own intervals; 'doubling' runs one fit per doubling of the history on to them, with normal
   * intervals from the model's sigma.
   */
  fits?: OriginFits;
  /** Models fitted on leading parts of the series in earlier runs (with fits 'doubling'). */
  store?: FitStore;
  /** Model structures kept between runs, for the fits at each origin (with fits 'each'; see ForecastInput). */
  structures?: SeriesStructures;
  /**
   * With `structures`: a structure chosen at or after the oldest origin serves the later origins of the backtest
   * (see backtestStructures), the origins forecast oldest first: each method's structure is searched once a
   * backtest at most. A measured alternative (bench:method-choice, mode span3), not the forecast job's: on a short
   * history the oldest origin's structure, chosen on far fewer values, serves origins twice as long.
   */
  spanStructures?: boolean;
  /**
   * Origins on a fixed grid of the step: positions p with (p + grid) % step === 0, `grid` being the number of the
   * series' first value on its time line. They stay put while the series grows by fewer than `step` values (a
   * measured alternative, see bench:method-choice); without it, origins are counted back from the end.
   */
  grid?: number;
}

export interface BacktestResult {
  method: string;
  smape: number;
  /** Null when the in-sample scale is zero (a constant series). */
  mase: number | null;
  coverage80: number | null;
  coverage95: number | null;
  origins: number;
}

const DEFAULT_ORIGINS = 5;
const LEVELS = [80, 95];
/** Shortest training part an origin may leave. */
const MIN_TRAIN = 8;

/** Rolling-origin evaluation on the series' own history: the method forecasts from past origins and is scored. */
export function backtest(
  series: readonly number[],
  forecaster: Forecaster,
  options: BacktestOptions,
): BacktestResult | null {
  const { h, m } = options;
  const step = options.step ?? Math.max(1, Math.ceil(h / 2));
  const wanted = options.origins ?? DEFAULT_ORIGINS;
  const smapes: number[] = [];
  const mases: number[] = [];
  const cover80: number[] = [];
  const cover95: number[] = [];
  const minTrain = Math.max(MIN_TRAIN, 2 * m);
  const origins: number[] = [];
  const last = series.length - h;
  const newest = options.grid === undefined ? last : last - ((((last + options.grid) % step) + step) % step);
  for (let origin = newest; origin >= minTrain && origins.length < wanted; origin -= step) origins.push(origin);
  const forecasts = originForecasts(series, origins, forecaster, { h, m, minTrain }, options);
  origins.forEach((origin, j) => {
    const train = series.slice(0, origin);
    const actual = series.slice(origin, origin + h);
    const fc = forecasts[j];
    smapes.push(smape(actual, fc.mean));
    if (maseScale(train, m) > 0) mases.push(mase(train, actual, fc.mean, m));
    if (fc.lower[80]) cover80.push(coverage(actual, fc.lower[80], fc.upper[80]));
    if (fc.lower[95]) cover95.push(coverage(actual, fc.lower[95], fc.upper[95]));
  });
  if (smapes.length === 0) return null;
  return {
    method: forecaster.name,
    smape: avg(smapes),
    mase: mases.length ? avg(mases) : null,
    coverage80: cover80.length ? avg(cover80) : null,
    coverage95: cover95.length ? avg(cover95) : null,
    origins: smapes.length,
  };
}

/** Each origin's forecast with 80 % and 95 % intervals, made as `options.fits` says. */
function originForecasts(
  series: readonly number[],
  origins: readonly number[],
  forecaster: Forecaster,
  plan: { h: number; m: number; minTrain: number },
  options: BacktestOptions,
): Array<Pick<ForecastResult, 'mean' | 'lower' | 'upper'>> {
  const { h, m, minTrain } = plan;
  if ((options.fits ?? 'each') === 'each') {
    const { structures, spanStructures } = options;
    if (!structures || !spanStructures || origins.length < 2)
      return origins.map((origin) =>
        forecaster.forecast({ y: series.slice(0, origin), h, m, levels: LEVELS, structures }),
      );
    const spanned = backtestStructures(structures, Math.min(...origins), Math.max(...origins));
    const byOrigin = new Map<number, ForecastResult>();
    for (const origin of [...origins].sort((a, b) => a - b))
      byOrigin.set(
        origin,
        forecaster.forecast({ y: series.slice(0, origin), h, m, levels: LEVELS, structures: spanned }),
      );
    return origins.map((origin) => byOrigin.get(origin)!);
  }
  return pastOriginForecasts(series, origins, h, forecaster, m, minTrain, 'doubling', options.store).map((r) =>
    r.sigma ? resultFromSigma(forecaster.name, r.mean, r.sigma, LEVELS) : { mean: r.mean, lower: {}, upper: {} },
  );
}

/**
 * Scores below this are exact fits up to round-off (MASE and sMAPE of a method that reproduces the series, like
 * 1e-15 against 9e-15): they tie, so the default is kept rather than chosen against by which sum rounded lower.
 */
const EXACT = 1e-9;

/**
 * Per KPI, keep the method that backtests best — but the default (first candidate) unless another beats it clearly,
 * since a handful of origins is a noisy judge and the default is the better method on average.
 */
export function chooseMethod(
  series: readonly number[],
  candidates: readonly Forecaster[],
  options: BacktestOptions & { margin?: number },
): { chosen: Forecaster; results: BacktestResult[] } {
  const margin = options.margin ?? 0.1;
  const results = candidates.map((f) => backtest(series, f, options));
  const score = (r: BacktestResult | null): number => {
    const s = r ? (r.mase ?? r.smape) : Infinity;
    return s < EXACT ? 0 : s;
  };
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (score(results[i]) < score(results[best]) * (1 - margin)) best = i;
  return { chosen: candidates[best], results: results.filter((r): r is BacktestResult => r !== null) };
}

function avg(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
