import { storedFit } from '../../core/fit-store';
import { fitWithStructureHint, runOnKeptFit, type SeriesStructures } from '../../core/structure-hints';
import { RecentFits } from '../../core/recent-fits';
import { levelsOf, resultFromSigma, validateInput } from '../../core/intervals';
import { ForecastInput, ForecastResult, Forecaster, OriginForecast } from '../../core/forecast.types';
import { naiveForecaster } from '../naive.forecaster';
import { arimaAtOrigin, forecastArima } from './arima-forecast';
import { arimaOfOrder, autoArima } from './auto-arima';
import type { ArimaFit, ArimaOrder } from './arima-model';

/** Shared by every ARIMA forecaster of this thread: a candidate alone and inside an ensemble fit alike. */
const recentFits = new RecentFits<ArimaFit>();
const searched = (y: readonly number[]) => recentFits.fit('auto-arima', y, () => autoArima(y));
const orderKey = (o: ArimaOrder) => `arima|${o.p},${o.d},${o.q},${o.constant}`;
/**
 * The search's fit, or with `structures` the fit of the orders kept there (see fitWithStructureHint), with
 * `structures.parameters` the earlier search's coefficients run on over y (arimaAtOrigin); the store is asked every
 * time (what it lists is what the next day finds), the fits themselves come from recentFits (a search's fit is also
 * its orders' fit: autoArima estimates its model as arimaOfOrder does).
 */
function fitted(y: readonly number[], structures?: SeriesStructures): ArimaFit | undefined {
  if (!structures) return searched(y);
  const search = () => {
    const fit = searched(y);
    if (fit) recentFits.fit(orderKey(fit.order), y, () => fit);
    return fit;
  };
  const ordersFit = (o: ArimaOrder) => recentFits.fit(orderKey(o), y, () => arimaOfOrder(y, o));
  if (structures.parameters)
    return runOnKeptFit(structures, 'auto-arima-fit', y, {
      search,
      runOn: (kept) => arimaAtOrigin(kept, y, y.length),
      refit: (kept) => ordersFit(kept.order),
      keep: (fit) => withoutSeries(fit)!,
    });
  return fitWithStructureHint(structures, 'auto-arima', y, search, (fit) => fit.order, ordersFit);
}

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
