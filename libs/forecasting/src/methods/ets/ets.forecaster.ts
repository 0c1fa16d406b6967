import { levelsOf, resultFromSigma, validateInput } from '../../core/intervals';
import { ForecastInput, ForecastResult, Forecaster } from '../../core/forecast.types';
import { naiveForecaster } from '../naive.forecaster';
import { AutoEtsOptions, autoEts } from './auto-ets';
import { fitEts, forecastEts } from './ets-model';
import { etsOneStepErrors, recentErrorScale } from './ets-residuals';
import { EtsSpec } from './ets.types';

export interface AutoEtsForecasterOptions extends AutoEtsOptions {
  /**
   * Rescale sigma to the error level of the last this-many one-step errors (see recentErrorScale) when
   * the series is longer. Off by default: plain ETS keeps the model's one variance, as R's ets() does.
   */
  recentSigmaWindow?: number;
}

/** Automatic ETS (AICc over the candidate family); falls back to naive when nothing can be fitted. */
export function autoEtsForecaster(name = 'ets', options: AutoEtsForecasterOptions = {}): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const fit = autoEts(input.y, input.m, options);
      if (!fit) return { ...naiveForecaster.forecast(input), method: name };
      const { mean, sigma } = forecastEts(fit, input.h);
      const window = options.recentSigmaWindow;
      if (window && input.y.length > window) {
        const k = recentErrorScale(etsOneStepErrors(input.y, fit), window, Math.max(2 * fit.m, 10));
        return resultFromSigma(name, mean, sigma.map((v) => v * k), levelsOf(input));
      }
      return resultFromSigma(name, mean, sigma, levelsOf(input));
    },
  };
}

/** One fixed ETS model (e.g. ETS(A,Ad,N) = damped trend). */
export function fixedEtsForecaster(name: string, spec: EtsSpec): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const fit = fitEts(input.y, spec, input.m);
      if (!fit) return { ...naiveForecaster.forecast(input), method: name };
      const { mean, sigma } = forecastEts(fit, input.h);
      return resultFromSigma(name, mean, sigma, levelsOf(input));
    },
  };
}
