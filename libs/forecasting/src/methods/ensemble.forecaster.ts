import { LevelFactors, calibratedMultiplier, heavyTailMultiplier, levelsOf, resultFromSigma, validateInput } from '../core/intervals';
import { ForecastInput, ForecastResult, Forecaster } from '../core/forecast.types';

export interface EnsembleMembers {
  /** Model-based member whose per-step sigma shapes the intervals (automatic ETS). */
  anchor: Forecaster;
  /** Other members for seasonal data (m > 1): combined with the anchor by the mean. */
  seasonal: readonly Forecaster[];
  /** Other members for non-seasonal data (m = 1): combined with the anchor by the median. */
  nonSeasonal: readonly Forecaster[];
}

/** A model trained across many series; it returns undefined where it does not apply. */
export interface GlobalMember {
  forecast(y: readonly number[], h: number, m: number): { mean: number[]; weight: number } | undefined;
}

export interface EnsembleOptions {
  /** Multiplier on the anchor's sigma (interval calibration). */
  sigmaScale?: number;
  /** Blended in with its own weight where it applies: w·global + (1 − w)·classical. */
  global?: GlobalMember;
  /** Per seasonal period, width factors per level on top of the heavy-tailed multiplier (see interval-calibration). */
  widthFactors?: ReadonlyMap<number, LevelFactors>;
}

function median(v: number[]): number {
  const s = v.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The default method. The composition was chosen on validation windows carved from the training parts
 * of the benchmark sets (last h points of each training series), never on their test parts:
 * - seasonal periods: mean of ETS and optimised Theta (ETS(·,·,A/M) and deseasonalised Theta err differently);
 * - m = 1: median of ETS, optimised Theta and ARIMA on the last ten years (520 points);
 * - where a global window model is deployed for (m, h), w·global + (1 − w)·classical with the model file's
 *   weight (w chosen on the same validation windows; the model joined because it improved the benchmark).
 * Intervals: centred on the combined forecast, the anchor ETS model's sigma (the default's anchor rescales
 * it to its recent error level on long series, see recentErrorScale), heavy-tailed
 * multipliers (see heavyTailMultiplier: tail shape measured on the same validation windows), optionally
 * rescaled per level and seasonal period (widthFactors, e.g. from calibrateOnValidation).
 */
export function ensembleForecaster(name: string, members: EnsembleMembers, options: EnsembleOptions = {}): Forecaster {
  const k = options.sigmaScale ?? 1;
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const sub = { ...input, levels: [] };
      const anchor = members.anchor.forecast(sub);
      const seasonal = input.m > 1;
      const others = (seasonal ? members.seasonal : members.nonSeasonal).map((f) => f.forecast(sub));
      const classical = anchor.mean.map((a, i) => {
        const values = [a, ...others.map((r) => r.mean[i])];
        return seasonal ? values.reduce((s, v) => s + v, 0) / values.length : median(values);
      });
      const g = options.global?.forecast(input.y, input.h, input.m);
      const mean = g ? classical.map((c, i) => g.weight * g.mean[i] + (1 - g.weight) * c) : classical;
      const sigma = (anchor.sigma ?? mean.map(() => 0)).map((s) => s * k);
      const factors = options.widthFactors?.get(input.m);
      const multiplier = factors ? calibratedMultiplier(heavyTailMultiplier, factors) : heavyTailMultiplier;
      return resultFromSigma(name, mean, sigma, levelsOf(input), multiplier);
    },
  };
}
