import { ConformalWidths, WidthScale, calibrateWidths } from '../core/intervals';
import { ForecastResult, Forecaster, OriginForecast, forecastsFromOrigins } from '../core/forecast.types';

/** A method's forecast of h points of one series (a validation window) from the points before them. */
export interface ValidationForecast {
  /** Index of the series in the batch. */
  index: number;
  /** Windows back from the series' last h points: 0 for those points, 1 for the h before them, ... */
  back: number;
  train: number[];
  actual: number[];
  mean: number[];
  sigma: number[];
}

/**
 * Validation windows per series for interval calibration: the last h training points and the h before those,
 * up to three windows. One window is one stretch of each series' history, and a stretch more (or less)
 * volatile than usual moves every score with it; windows further back average over more of the history the
 * intervals will face (Tashman 2000: rolling origins over a single one). Windows are disjoint, so no point
 * is scored twice at a step. Three bounds how old the oldest error and the one fit that makes them all are (see
 * validationForecasts); the number was set before any figure was seen.
 */
export const CALIBRATION_WINDOWS = 3;

/**
 * The batch's own validation windows: every series longer than h forecast from all but its last h points, and
 * with `windows` > 1 from origins h, 2h, ... further back while at least max(2m, h) points precede the origin
 * (two seasons, as a seasonal decomposition needs, and one window). Several windows are forecast by one fit
 * made at the oldest origin and run forward over the later points without re-estimation (rolling origins
 * without recalibration, Tashman 2000; see Forecaster.forecastFromOrigins): no window's points were seen by
 * the fit that forecasts them, as split-conformal calibration requires. Those points are the training data's,
 * so choices made on them never see what is being forecast.
 */
export function validationForecasts(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  options: { h: number; m: number; windows?: number },
): ValidationForecast[] {
  const { h, m } = options;
  const windows = options.windows ?? 1;
  const out: ValidationForecast[] = [];
  series.forEach((y, index) => {
    if (y.length <= h) return;
    const train = y.slice(0, y.length - h);
    const origins = [train.length];
    for (let o = train.length - h; origins.length < windows && o >= Math.max(2 * m, h); o -= h) origins.push(o);
    const forecasts: OriginForecast[] =
      origins.length === 1
        ? [forecaster.forecast({ y: train, h, m, levels: [] })]
        : forecastsFromOrigins(forecaster, { y: train, h, m, levels: [] }, origins, origins[origins.length - 1]);
    forecasts.forEach((r, back) => {
      const o = origins[back];
      out.push({
        index,
        back,
        train: y.slice(0, o),
        actual: y.slice(o, o + h),
        mean: r.mean,
        sigma: r.sigma ?? r.mean.map(() => 0),
      });
    });
  });
  return out;
}

/**
 * Nonconformity scores |y − f| / s (f·|ln(y / f)| / s on the log scale, see WidthScale) grouped by horizon step.
 * f: the method's points, or `means` in their place (e.g. a blend). s: the validation fit's sigma, or `scales` in its place: the sigma of the series' forecast
 * whose intervals are being calibrated, so that k is measured in the units it will multiply. (That sigma has
 * seen the validation window: a volatile one widens it, and scoring in the validation fit's units would count
 * the same volatility twice.) A step with s = 0 scores 0 when exact and Infinity otherwise (an empty interval
 * covers nothing else).
 */
export function scoresByStep(
  validations: readonly ValidationForecast[],
  h: number,
  means: readonly (readonly number[])[] = validations.map((v) => v.mean),
  scales: readonly (readonly number[])[] = validations.map((v) => v.sigma),
  scale: WidthScale = 'absolute',
): number[][] {
  const scores: number[][] = Array.from({ length: h }, () => []);
  validations.forEach((v, j) => {
    for (let i = 0; i < h; i++) {
      const err = errorOnScale(v.actual[i], means[j][i], scale);
      const s = scales[j][i];
      scores[i].push(s > 0 ? err / s : err === 0 ? 0 : Infinity);
    }
  });
  return scores;
}

/** |y − f| on the absolute scale, f·|ln(y / f)| on the log one (see WidthScale). */
function errorOnScale(y: number, f: number, scale: WidthScale): number {
  return scale === 'log' ? f * Math.abs(Math.log(y / f)) : Math.abs(y - f);
}

/** 'log' when every validation point and its forecast is positive (see WidthScale), else 'absolute'. */
export function widthScaleOf(
  validations: readonly ValidationForecast[],
  means: readonly (readonly number[])[] = validations.map((v) => v.mean),
): WidthScale {
  const positive = validations.every((v, j) => v.actual.every((y, i) => y > 0 && means[j][i] > 0));
  return validations.length > 0 && positive ? 'log' : 'absolute';
}

/**
 * The sigma of each validation window's series in its batch forecast (zeros where there is none). An earlier
 * window's is carried back to its time by the model's own sigma ratio between that window and the last
 * (one fit makes both, see validationForecasts): 1 for additive errors, the ratio of the levels for
 * multiplicative ones, so that an error made when the series stood at half its level scores as it would now.
 */
export function forecastScales(
  validations: readonly ValidationForecast[],
  forecasts: readonly ForecastResult[],
): number[][] {
  const last = new Map<number, number[]>();
  for (const v of validations) if (v.back === 0) last.set(v.index, v.sigma);
  return validations.map((v) => {
    const s = forecasts[v.index].sigma ?? v.mean.map(() => 0);
    const ref = last.get(v.index);
    if (v.back === 0 || !ref) return s;
    return s.map((x, i) => (ref[i] > 0 && v.sigma[i] > 0 ? (x * v.sigma[i]) / ref[i] : x));
  });
}

/**
 * Split-conformal interval widths for a batch: the method's errors on the batch's own validation windows
 * (CALIBRATION_WINDOWS per series) in
 * units of the sigma of the batch's `forecasts` (one per series), turned into multipliers of that sigma by the
 * rule in calibrateWidths. Nothing is fitted to any other data.
 * Why this rule and not its alternatives (each was also tried on the benchmark sets; none did better there):
 * - rank: already the finite-sample ⌈(n+1)·level⌉ (conformalQuantile); with hundreds of scores a step, any
 *   other rank moves a width by a fraction of a score's spacing;
 * - pooled over the batch, not per series (Mondrian conformal with one group per series): a series has 3h
 *   scores, so its 95 % quantile is its largest or second-largest, correlated in time — far fewer than
 *   MIN_TAIL_SCORES beyond it; pooled, a step rests on hundreds of series;
 * - per step, pooled only when a step has too few: sigma's growth with the horizon is the model's, and the
 *   per-step quantiles correct it where the model's class-1 variance formulas are off;
 * - equal window weights: recency weights (non-exchangeable conformal, Barber et al. 2023) only move the
 *   widths towards the last window's, the noisiest estimate of the next period's spread; no weight follows
 *   from principle, and a fitted one would be tuning;
 * - earlier windows carried to the current level by the model's own sigma ratio, not left unscaled (which
 *   scores an old error at today's level as if the level had not moved) nor by a ratio of recent levels (which
 *   ignores additive models' level-free errors).
 * What no rule on past windows removes: periods differ in how rough they are, and a whole batch shares its
 * period (see windowHoldOutCoverage: one window's coverage by the others' widths).
 */
export function calibrateOnValidation(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  forecasts: readonly ForecastResult[],
  options: { h: number; m: number; levels: readonly number[] },
): ConformalWidths {
  const validations = validationForecasts(forecaster, series, { ...options, windows: CALIBRATION_WINDOWS });
  const scale = widthScaleOf(validations);
  const scores = scoresByStep(validations, options.h, undefined, forecastScales(validations, forecasts), scale);
  return calibrateWidths(scores, options.levels, scale);
}

/** Coverage of one validation window by widths drawn from the others. */
export interface WindowCoverage {
  /** Windows back from the last h training points (see ValidationForecast.back). */
  back: number;
  /** Level → share of the window's points within mean ± k·scale; empty when the other windows gave no widths. */
  coverage: Record<number, number>;
}

/**
 * Leave one window out: each validation window's points checked against the widths the rule (calibrateWidths)
 * draws from the other windows' scores, in the same scales. How far these stray from the level is how far one
 * period's coverage can stray when the rule meets a period it has not seen, the test period included: a
 * calmer or rougher period moves every series of the batch with it, and no quantile of past scores sees that.
 */
export function windowHoldOutCoverage(
  validations: readonly ValidationForecast[],
  scales: readonly (readonly number[])[],
  options: { h: number; levels: readonly number[] },
): WindowCoverage[] {
  const backs = [...new Set(validations.map((v) => v.back))].sort((a, b) => a - b);
  // the scale calibrateOnValidation would score these windows on
  const scale = widthScaleOf(validations);
  return backs.map((back) => {
    const rest = validations.flatMap((v, j) => (v.back === back ? [] : [j]));
    const widths = calibrateWidths(
      scoresByStep(
        rest.map((j) => validations[j]),
        options.h,
        undefined,
        rest.map((j) => scales[j]),
        scale,
      ),
      options.levels,
      scale,
    );
    if (widths.scope === 'model') return { back, coverage: {} };
    const coverage: Record<number, number> = {};
    for (const level of options.levels) {
      let inside = 0;
      let points = 0;
      validations.forEach((v, j) => {
        if (v.back !== back) return;
        for (let i = 0; i < options.h; i++) {
          const k = widths.k[widths.scope === 'step' ? i : 0][level];
          if (errorOnScale(v.actual[i], v.mean[i], scale) <= k * scales[j][i]) inside++;
          points++;
        }
      });
      coverage[level] = inside / points;
    }
    return { back, coverage };
  });
}

/** windowHoldOutCoverage on the batch's own validation windows, scored as calibrateOnValidation scores them. */
export function windowHoldOutOnValidation(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  forecasts: readonly ForecastResult[],
  options: { h: number; m: number; levels: readonly number[] },
): WindowCoverage[] {
  const validations = validationForecasts(forecaster, series, { ...options, windows: CALIBRATION_WINDOWS });
  return windowHoldOutCoverage(validations, forecastScales(validations, forecasts), options);
}
