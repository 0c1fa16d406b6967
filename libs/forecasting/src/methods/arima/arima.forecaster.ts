import { levelsOf, resultFromSigma, validateInput } from '../../core/intervals';
import { ForecastInput, ForecastResult, Forecaster } from '../../core/forecast.types';
import { naiveForecaster } from '../naive.forecaster';
import { forecastArima } from './arima-model';
import { autoArima } from './auto-arima';

/** Automatic non-seasonal ARIMA (seasonality, if any, is removed outside: see deseasonalisedForecaster). */
export function arimaForecaster(name = 'arima-core'): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const fit = autoArima(input.y);
      if (!fit) return { ...naiveForecaster.forecast(input), method: name };
      const { mean, sigma } = forecastArima(fit, input.h);
      return resultFromSigma(name, mean, sigma, levelsOf(input));
    },
  };
}
