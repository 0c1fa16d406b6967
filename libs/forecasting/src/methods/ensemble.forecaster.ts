import { levelsOf, resultFromSigma, validateInput } from '../core/intervals';
import {
  ForecastInput,
  ForecastResult,
  Forecaster,
  OriginForecast,
  forecastsFromOrigins,
} from '../core/forecast.types';
import { combineValues, type Combiner } from './combination.forecaster';

export interface EnsembleMembers {
  /** Model-based member whose per-step sigma shapes the intervals (automatic ETS). */
  anchor: Forecaster;
  /** Other members for seasonal data (m > 1): combined with the anchor by the mean. */
  seasonal: readonly Forecaster[];
  /** Other members for non-seasonal data (m = 1): combined with the anchor by the median. */
  nonSeasonal: readonly Forecaster[];
}

export interface EnsembleOptions {
  /** Multiplier on the anchor's sigma (interval calibration). */
  sigmaScale?: number;
  /** How members are combined for every period (default: mean when seasonal, median otherwise). */
  combine?: Combiner;
}

/**
 * The default method's shape: an equal-weight combination of ETS (the anchor) and other classical methods.
 * Nothing in it is fitted to a data set; each choice is a rule expected to hold across business series:
 * - equal weights (M4: simple combinations of ETS, Theta and ARIMA are robust; weights estimated per series
 *   from a few validation windows are noisier than the differences they chase);
 * - seasonal periods: the mean of the members; m = 1: the median (robust to one member that runs away).
 * Intervals: centred on the combined forecast with the anchor ETS model's sigma (rescaled to the current error
 * regime, see currentRegimeErrorScale) and normal quantiles; a batch replaces those widths with conformal ones
 * from its own validation windows (see forecastBatch).
 */
export function ensembleForecaster(name: string, members: EnsembleMembers, options: EnsembleOptions = {}): Forecaster {
  const k = options.sigmaScale ?? 1;
  const combine = (input: ForecastInput, anchor: OriginForecast, others: readonly OriginForecast[]): OriginForecast => {
    const how = options.combine ?? (input.m > 1 ? 'mean' : 'median');
    const mean = anchor.mean.map((a, i) => combineValues([a, ...others.map((r) => r.mean[i])], how));
    return { mean, sigma: (anchor.sigma ?? mean.map(() => 0)).map((s) => s * k) };
  };
  const othersFor = (input: ForecastInput): readonly Forecaster[] =>
    input.m > 1 ? members.seasonal : members.nonSeasonal;
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const sub = { ...input, levels: [] };
      const { mean, sigma } = combine(
        input,
        members.anchor.forecast(sub),
        othersFor(input).map((f) => f.forecast(sub)),
      );
      return resultFromSigma(name, mean, sigma ?? [], levelsOf(input));
    },
    forecastFromOrigins(input, origins, fitOn = input.y.length, fits): OriginForecast[] {
      validateInput(input);
      const sub = { ...input, levels: [] };
      const anchor = forecastsFromOrigins(members.anchor, sub, origins, fitOn, fits);
      const others = othersFor(input).map((f) => forecastsFromOrigins(f, sub, origins, fitOn, fits));
      return origins.map((_, j) =>
        combine(
          input,
          anchor[j],
          others.map((r) => r[j]),
        ),
      );
    },
  };
}
