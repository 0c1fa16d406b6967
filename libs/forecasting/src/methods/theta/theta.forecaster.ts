import { storedFit } from '../../core/fit-store';
import { runOnKeptFit, type SeriesStructures } from '../../core/structure-hints';
import { RecentFits } from '../../core/recent-fits';
import { levelsOf, resultFromSigma, validateInput } from '../../core/intervals';
import { ForecastInput, ForecastResult, Forecaster, OriginForecast } from '../../core/forecast.types';
import { fitEts, forecastEts } from '../ets/ets-model';
import { naiveForecaster } from '../naive.forecaster';
import {
  fitOptimisedTheta,
  forecastOptimisedTheta,
  forecastOptimisedThetaFrom,
  linearFit,
  type OptimisedThetaFit,
} from './optimised-theta';

/**
 * Theta method (Assimakopoulos & Nikolopoulos 2000) in Hyndman & Billah's form: SES plus half the
 * linear-trend slope, with theta = 2; `theta` generalises the drift weight to (1 - 1/theta).
 * Seasonality is handled outside (see deseasonalisedForecaster).
 */
export function thetaForecast(
  y: readonly number[],
  h: number,
  theta = 2,
): { mean: number[]; sigma: number[] } | undefined {
  const fit = fitEts(y, { error: 'A', trend: 'N', season: 'N' }, 1);
  if (!fit) return undefined;
  const ses = forecastEts(fit, h);
  const b = linearFit(y).b * (1 - 1 / theta);
  const alpha = Math.max(1e-10, fit.params.alpha);
  const n = y.length;
  const offset = (1 - (1 - alpha) ** n) / alpha;
  return { mean: ses.mean.map((f, i) => f + b * (i + offset)), sigma: ses.sigma };
}

export function thetaForecaster(name = 'theta-core', theta = 2): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const r = thetaForecast(input.y, input.h, theta);
      if (!r) return { ...naiveForecaster.forecast(input), method: name };
      return resultFromSigma(name, r.mean, r.sigma, levelsOf(input));
    },
  };
}

/** Shared by every optimised Theta forecaster of this thread: a candidate alone and inside the ensemble fit alike. */
const recentFits = new RecentFits<OptimisedThetaFit>();
const fitted = (y: readonly number[]) => recentFits.fit('optimised-theta', y, () => fitOptimisedTheta(y));

/**
 * The fit of y, or with `structures.parameters` an earlier day's fit kept there (see fitWithStructureHint: Optimised
 * Theta has no structure to search, so its whole fit is kept on the same days), run on by forecastOptimisedTheta
 * from the longer series while the series has grown by no more than RUN_ON_SHARE.
 */
const keptFit = (y: readonly number[], structures?: SeriesStructures) =>
  structures?.parameters
    ? runOnKeptFit(structures, 'optimised-theta-fit', y, {
        search: () => fitted(y),
        runOn: (kept) => kept,
        refit: () => fitted(y),
      })
    : fitted(y);

/** Optimised Theta: θ chosen on a grid by in-sample one-step MSE (see fitOptimisedTheta). */
export function optimisedThetaForecaster(name = 'otheta-core'): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const fit = keptFit(input.y, input.structures);
      const r = fit && forecastOptimisedTheta(fit, input.y, input.h);
      if (!r) return { ...naiveForecaster.forecast(input), method: name };
      return resultFromSigma(name, r.mean, r.sigma, levelsOf(input));
    },
    forecastFromOrigins(input, origins, fitOn = input.y.length, fits): OriginForecast[] {
      validateInput(input);
      const y = input.y.slice(0, fitOn);
      const fit = storedFit(fits, 'optimised-theta', y, () => fitted(y));
      if (!fit) return origins.map((o) => naiveForecaster.forecast({ ...input, y: input.y.slice(0, o), levels: [] }));
      return forecastOptimisedThetaFrom(fit, input.y, input.h, origins);
    },
  };
}
