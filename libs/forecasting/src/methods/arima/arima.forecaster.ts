import { levelsOf, resultFromSigma, validateInput } from '../../core/intervals';
import { ForecastInput, ForecastResult, Forecaster, OriginForecast } from '../../core/forecast.types';
import { naiveForecaster } from '../naive.forecaster';
import { arimaAtOrigin, forecastArima } from './arima-forecast';
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
    forecastFromOrigins(input: ForecastInput, origins: readonly number[], fitOn = input.y.length): OriginForecast[] {
      validateInput(input);
      const fit = autoArima(input.y.slice(0, fitOn));
      return origins.map((o) =>
        fit && o > fit.order.d + fit.order.p
          ? forecastArima(arimaAtOrigin(fit, input.y, o), input.h)
          : naiveForecaster.forecast({ ...input, y: input.y.slice(0, o), levels: [] }),
      );
    },
  };
}
