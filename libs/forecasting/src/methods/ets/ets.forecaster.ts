import { levelsOf, resultFromSigma, validateInput } from '../../core/intervals';
import { ForecastInput, ForecastResult, Forecaster } from '../../core/forecast.types';
import { naiveForecaster } from '../naive.forecaster';
import { AutoEtsOptions, autoEts } from './auto-ets';
import { forecastEts } from './ets-model';
import { EtsSpec } from './ets.types';
import { fitEts } from './ets-model';

/** Automatic ETS (AICc over the candidate family); falls back to naive when nothing can be fitted. */
export function autoEtsForecaster(name = 'ets', options: AutoEtsOptions = {}): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const fit = autoEts(input.y, input.m, options);
      if (!fit) return { ...naiveForecaster.forecast(input), method: name };
      const { mean, sigma } = forecastEts(fit, input.h);
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
