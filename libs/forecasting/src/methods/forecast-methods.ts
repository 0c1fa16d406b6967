import { WindowModelStore } from '../ml/window-model-store';
import { windowMlpForecaster, windowMlpMember } from '../ml/window-mlp.forecaster';
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
const damped = deseasonalisedForecaster('damped', fixedEtsForecaster('damped-core', { error: 'A', trend: 'Ad', season: 'N' }));
const theta = deseasonalisedForecaster('theta', thetaForecaster());
const optimisedTheta = deseasonalisedForecaster('otheta', optimisedThetaForecaster());
const ets = autoEtsForecaster('ets');
const arima = deseasonalisedForecaster('arima', arimaForecaster());
// ten years of weekly data: validation windows favoured it over the full history (and it is 5x faster)
const recentArima = recentWindowForecaster('arima-recent', arima, 520);
const windowModels = new WindowModelStore();
const nn = windowMlpForecaster('nn', windowModels, theta);
// seasonal candidates only when the 90 % ACF test says seasonal: as accurate on validation windows, 40 % faster
const etsSeasonalTest = autoEtsForecaster('ets-st', { seasonTest: true });

// on series longer than that, the anchor's sigma at the level of its last 312 one-step errors (six years of
// weekly data): the window whose validation coverage was closest to nominal (models/forecasting/README.md)
const anchor = autoEtsForecaster('ets-st', { seasonTest: true, recentSigmaWindow: 312 });
const classicalMembers = { anchor, seasonal: [optimisedTheta], nonSeasonal: [optimisedTheta, recentArima] };
const ensemble = ensembleForecaster('ensemble', classicalMembers, { global: windowMlpMember(windowModels) });
// the same without the global model, for series unlike the ones it was trained on
const classical = ensembleForecaster('ensemble-classical', classicalMembers);

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
    nn,
    etsSeasonalTest,
    classical,
    ensemble,
  ].map((f) => [f.name, f]),
);

/** Names accepted by getForecaster, the default first. */
export const FORECAST_METHODS: readonly string[] = [ensemble.name, ...[...REGISTRY.keys()].filter((k) => k !== ensemble.name)];

/** The default method: ETS + Theta (+ ARIMA when m = 1), blended with the global window MLP where one is deployed. */
export const defaultForecaster: Forecaster = ensemble;

export function getForecaster(name: string): Forecaster {
  const f = REGISTRY.get(name);
  if (!f) throw new RangeError(`unknown forecasting method "${name}"; valid: ${FORECAST_METHODS.join(', ')}`);
  return f;
}
