import { storedFit, type FitStore } from '../../core/fit-store';
import { fitWithStructureHint } from '../../core/structure-hints';
import { RecentFits } from '../../core/recent-fits';
import { levelsOf, resultFromSigma, validateInput } from '../../core/intervals';
import { ForecastInput, ForecastResult, Forecaster, OriginForecast } from '../../core/forecast.types';
import { naiveForecaster } from '../naive.forecaster';
import { arimaAtOrigin, forecastArima } from './arima-forecast';
import { arimaOfOrder, autoArima } from './auto-arima';
import type { ArimaFit } from './arima-model';

/** Shared by every ARIMA forecaster of this thread: a candidate alone and inside an ensemble fit alike. */
const recentFits = new RecentFits<ArimaFit>();
const fitted = (y: readonly number[], structures?: FitStore) =>
  structures
    ? recentFits.fit('auto-arima|kept-order', y, () =>
        fitWithStructureHint(
          structures,
          'auto-arima',
          y,
          () => autoArima(y),
          (fit) => fit.order,
          (order) => arimaOfOrder(y, order),
        ),
      )
    : recentFits.fit('auto-arima', y, () => autoArima(y));

function withoutSeries(fit: ArimaFit | undefined): ArimaFit | undefined {
  return fit && { ...fit, w: [], tails: [] };
}

/** Automatic non-seasonal ARIMA (seasonality, if any, is removed outside: see deseasonalisedForecaster). */
export function arimaForecaster(name = 'arima-core'): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const fit = fitted(input.y, input.structures);
      if (!fit) return { ...naiveForecaster.forecast(input), method: name };
      const { mean, sigma } = forecastArima(fit, input.h);
      return resultFromSigma(name, mean, sigma, levelsOf(input));
    },
    forecastFromOrigins(input, origins, fitOn = input.y.length, fits): OriginForecast[] {
      validateInput(input);
      const y = input.y.slice(0, fitOn);
      // each origin differences its own leading part (arimaAtOrigin): the fit's own series need not be kept
      const fit = storedFit(fits, 'auto-arima', y, () => withoutSeries(fitted(y)));
      return origins.map((o) =>
        fit && o > fit.order.d + fit.order.p
          ? forecastArima(arimaAtOrigin(fit, input.y, o), input.h)
          : naiveForecaster.forecast({ ...input, y: input.y.slice(0, o), levels: [] }),
      );
    },
  };
}
