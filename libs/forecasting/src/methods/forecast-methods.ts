import { recentWindowForecaster } from './recent-window.forecaster';
import { arimaForecaster } from './arima/arima.forecaster';
import { Forecaster } from '../core/forecast.types';
import { ensembleForecaster } from './ensemble.forecaster';
import { combinationForecaster } from './combination.forecaster';
import { deseasonalisedForecaster } from './deseasonalised.forecaster';
import { autoEtsForecaster, fixedEtsForecaster } from './ets/ets.forecaster';
import { driftForecaster, naive2Forecaster, naiveForecaster, seasonalNaiveForecaster } from './naive.forecaster';
import { optimisedThetaForecaster, thetaForecaster } from './theta/theta.forecaster';

const ses = deseasonalisedForecaster('ses', fixedEtsForecaster('ses-core', { error: 'A', trend: 'N', season: 'N' }));
const holt = deseasonalisedForecaster('holt', fixedEtsForecaster('holt-core', { error: 'A', trend: 'A', season: 'N' }));
const damped = deseasonalisedForecaster(
  'damped',
  fixedEtsForecaster('damped-core', { error: 'A', trend: 'Ad', season: 'N' }),
);
const theta = deseasonalisedForecaster('theta', thetaForecaster());
const optimisedTheta = deseasonalisedForecaster('otheta', optimisedThetaForecaster());
const ets = autoEtsForecaster('ets');
const arima = deseasonalisedForecaster('arima', arimaForecaster());
const recentArima = recentWindowForecaster('arima-recent', arima, 520);
// seasonal candidates only when the 90 % ACF test says seasonal (the M4 benchmarks' test)
const etsSeasonalTest = autoEtsForecaster('ets-st', { seasonTest: true });

// The anchor's sigma is the model's, rescaled to the current error regime when the series' own one-step errors
// show a variance change (a textbook test at 5 %; no window chosen on any data set).
const anchor = autoEtsForecaster('ets-st', { seasonTest: true, currentRegimeSigma: true });
/** The default: ETS with optimised Theta, plus ARIMA on non-seasonal data; equal weights (see ensembleForecaster). */
const ensemble = ensembleForecaster('ensemble', {
  anchor,
  seasonal: [optimisedTheta],
  nonSeasonal: [optimisedTheta, arima],
});
// Alternative pool members for the benchmark's leave-one-set-out choice: one combination rule for every period.
const ensembleMean3 = ensembleForecaster(
  'ensemble-mean3',
  { anchor, seasonal: [optimisedTheta, arima], nonSeasonal: [optimisedTheta, arima] },
  { combine: 'mean' },
);
const ensembleMedian3 = ensembleForecaster(
  'ensemble-median3',
  { anchor, seasonal: [optimisedTheta, arima], nonSeasonal: [optimisedTheta, arima] },
  { combine: 'median' },
);

const REGISTRY: ReadonlyMap<string, Forecaster> = new Map(
  [
    naiveForecaster,
    seasonalNaiveForecaster,
    driftForecaster,
    naive2Forecaster,
    ses,
    holt,
    damped,
    combinationForecaster('comb', [ses, holt, damped], 'mean'),
    theta,
    optimisedTheta,
    ets,
    arima,
    recentArima,
    etsSeasonalTest,
    ensemble,
    ensembleMean3,
    ensembleMedian3,
  ].map((f) => [f.name, f]),
);

/** Names accepted by getForecaster, the default first. */
export const FORECAST_METHODS: readonly string[] = [
  ensemble.name,
  ...[...REGISTRY.keys()].filter((k) => k !== ensemble.name),
];

/** The default method: ETS + optimised Theta (+ ARIMA when m = 1), nothing fitted to any benchmark set. */
export const defaultForecaster: Forecaster = ensemble;

export function getForecaster(name: string): Forecaster {
  const f = REGISTRY.get(name);
  if (!f) throw new RangeError(`unknown forecasting method "${name}"; valid: ${FORECAST_METHODS.join(', ')}`);
  return f;
}
