import { levelsOf, resultFromSigma, validateInput } from '../core/intervals';
import { ForecastInput, ForecastResult, Forecaster } from '../core/forecast.types';

export type Combiner = 'mean' | 'median';

/** The mean or the median (of an even count: the mean of the middle two) of `values`. */
export function combineValues(values: readonly number[], how: Combiner): number {
  if (how === 'mean') return values.reduce((a, b) => a + b, 0) / values.length;
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Equal-weight combination of member forecasts (mean or median per step). The combined sigma is the
 * mean of member sigmas: members are highly correlated, so averaging variances as if independent would
 * make intervals far too narrow.
 */
export function combinationForecaster(
  name: string,
  members: readonly Forecaster[],
  how: Combiner = 'mean',
): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const results = members.map((f) => f.forecast({ ...input, levels: [] }));
      const mean: number[] = [];
      const sigma: number[] = [];
      for (let i = 0; i < input.h; i++) {
        mean.push(
          combineValues(
            results.map((r) => r.mean[i]),
            how,
          ),
        );
        sigma.push(
          combineValues(
            results.map((r) => r.sigma?.[i] ?? 0),
            'mean',
          ),
        );
      }
      return resultFromSigma(name, mean, sigma, levelsOf(input));
    },
  };
}
