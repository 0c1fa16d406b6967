import { storedFit } from '../../core/fit-store';
import { fitWithStructureHint, runOnKeptFit, type SeriesStructures } from '../../core/structure-hints';
import { RecentFits } from '../../core/recent-fits';
import { levelsOf, resultFromSigma, validateInput } from '../../core/intervals';
import { ForecastInput, ForecastResult, Forecaster, OriginForecast } from '../../core/forecast.types';
import { naiveForecaster } from '../naive.forecaster';
import { AutoEtsOptions, autoEts, autoEtsOptionsKey } from './auto-ets';
import { etsAtOrigin, etsAtOrigins, fitEts, forecastEts } from './ets-model';
import { currentRegimeErrorScale, etsOneStepErrors } from './ets-residuals';
import { EtsFit, EtsSpec, specName } from './ets.types';
export interface AutoEtsForecasterOptions extends AutoEtsOptions {
  /**
   * Rescale sigma to the error level of the current regime: the one-step errors after the last variance change
   * the series' own errors show (see currentRegimeErrorScale). Off by default, as in R's ets().
   */
  currentRegimeSigma?: boolean;
}

/** Shared by every automatic ETS forecaster of this thread: the ensemble's anchor and the candidate alone fit alike. */
const recentFits = new RecentFits<EtsFit>();

/**
 * A kept fit run on over the longer series `y` (etsAtOrigin: its parameters and initial states, the states carried
 * through the new values); undefined when the run fails (a multiplicative model meeting a value that stops it).
 */
function resumedEts(kept: EtsFit, y: readonly number[]): EtsFit | undefined {
  const fit = etsAtOrigin(kept, y, y.length);
  return Number.isFinite(fit.lik) ? fit : undefined;
}

/**
 * autoEts's fit, its form kept from an earlier search when `structures` holds one that serves (see
 * fitWithStructureHint), with `structures.parameters` the earlier search's whole fit run on over y.
 */
function fittedEts(y: readonly number[], m: number, options: AutoEtsOptions, structures?: SeriesStructures) {
  const key = autoEtsOptionsKey(m, options);
  const searched = () => recentFits.fit(key, y, () => autoEts(y, m, options));
  if (!structures) return searched();
  const formKey = (spec: EtsSpec) => `ets|${m}|${specName(spec)}`;
  const formFit = (spec: EtsSpec) => recentFits.fit(formKey(spec), y, () => fitEts(y, spec, m));
  // the store is asked every time (what it lists is what the next day finds), the fits come from recentFits (a
  // search's fit is its form's: autoEts keeps the best of fitEts's fits)
  const search = () => {
    const fit = searched();
    if (fit) recentFits.fit(formKey(fit.spec), y, () => fit);
    return fit;
  };
  if (structures.parameters)
    return runOnKeptFit(structures, `auto-ets-fit|${key}`, y, {
      search,
      runOn: (kept) => resumedEts(kept, y),
      refit: (kept) => formFit(kept.spec),
    });
  return fitWithStructureHint(structures, `auto-ets|${key}`, y, search, (fit) => fit.spec, formFit);
}

/** Automatic ETS (AICc over the candidate family); falls back to naive when nothing can be fitted. */
export function autoEtsForecaster(name = 'ets', options: AutoEtsForecasterOptions = {}): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const fit = fittedEts(input.y, input.m, options, input.structures);
      if (!fit) return { ...naiveForecaster.forecast(input), method: name };
      const { mean, sigma } = forecastEts(fit, input.h);
      if (options.currentRegimeSigma) {
        // the first errors are left out while the states settle
        const k = currentRegimeErrorScale(etsOneStepErrors(input.y, fit), Math.max(2 * fit.m, 10));
        return resultFromSigma(
          name,
          mean,
          sigma.map((v) => v * k),
          levelsOf(input),
        );
      }
      return resultFromSigma(name, mean, sigma, levelsOf(input));
    },
    forecastFromOrigins(input, origins, fitOn = input.y.length, fits): OriginForecast[] {
      validateInput(input);
      const y = input.y.slice(0, fitOn);
      const key = autoEtsOptionsKey(input.m, options);
      const fit = storedFit(fits, `auto-ets|${key}`, y, () =>
        recentFits.fit(key, y, () => autoEts(y, input.m, options)),
      );
      if (!fit) return origins.map((o) => naiveForecaster.forecast({ ...input, y: input.y.slice(0, o), levels: [] }));
      return etsAtOrigins(fit, input.y, origins).map((atOrigin) => forecastEts(atOrigin, input.h));
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
