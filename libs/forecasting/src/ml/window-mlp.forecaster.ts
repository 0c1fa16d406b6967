import { ForecastInput, ForecastResult, Forecaster } from '../core/forecast.types';
import { levelsOf, resultFromSigma, validateInput } from '../core/intervals';
import type { GlobalMember } from '../methods/ensemble.forecaster';
import { mlpForward } from './mlp';
import { levelSpanFor, windowFeatures } from './window-features';
import { WindowModelStore } from './window-model-store';

/** Point forecasts of the global window MLP, or undefined when no model fits (m, h) or the window is unusable. */
export function windowMlpForecast(store: WindowModelStore, y: readonly number[], h: number, m: number): number[] | undefined {
  const model = store.find(m, h);
  if (!model) return undefined;
  const w = windowFeatures(y, y.length, model.inputLength, levelSpanFor(m, model.inputLength));
  if (!w) return undefined;
  return mlpForward(model.layers, w.x).slice(0, h).map((v) => (v + 1) * w.level);
}

/**
 * The global MLP as a standalone method. It has no model-based variance: intervals come from the
 * fallback's sigma, and series it cannot handle are forecast by the fallback entirely.
 */
export function windowMlpForecaster(name: string, store: WindowModelStore, fallback: Forecaster): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const base = fallback.forecast(input);
      const mean = windowMlpForecast(store, input.y, input.h, input.m);
      if (!mean) return { ...base, method: name };
      return resultFromSigma(name, mean, base.sigma ?? mean.map(() => 0), levelsOf(input));
    },
  };
}

/** The global MLP as an ensemble member: applies where a model with an ensemble weight covers (m, h). */
export function windowMlpMember(store: WindowModelStore): GlobalMember {
  return {
    forecast(y, h, m) {
      const weight = store.find(m, h)?.ensembleWeight ?? 0;
      if (!(weight > 0)) return undefined;
      const mean = windowMlpForecast(store, y, h, m);
      return mean && mean.every(Number.isFinite) ? { mean, weight } : undefined;
    },
  };
}
