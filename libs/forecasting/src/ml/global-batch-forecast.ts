import { BatchOptions, forecastBatch } from '../core/batch-forecast';
import { ForecastResult, Forecaster } from '../core/forecast.types';
import { mase, maseScale, smape } from '../metrics/accuracy';
import { GLOBAL_WEIGHT, recentre } from './global-blend.forecaster';
import {
  GlobalTrainingOptions,
  GlobalWindowModel,
  globalWindowForecast,
  trainGlobalWindowModel,
} from './global-window-model';

export interface GlobalBatchOptions extends BatchOptions {
  global?: GlobalTrainingOptions;
}

export interface GlobalBatchReport {
  /** Whether the global model joined the forecasts (it beat the classical combination on validation). */
  joined: boolean;
  reason: string;
  /** Validation errors (last h points of every training part) of the method alone and blended. */
  validation?: { series: number; method: { smape: number; mase: number }; blend: { smape: number; mase: number } };
  model?: Pick<GlobalWindowModel, 'windows' | 'epochs' | 'stoppedBy' | 'trainMs' | 'backend'>;
  /** Training plus validation, wall time. */
  totalMs: number;
}

interface ValidationScore {
  series: number;
  method: { smape: number; mase: number };
  blend: { smape: number; mase: number };
}

/** The method and the 1/2–1/2 blend, forecasting the last h points of every series from the rest. */
function validate(
  forecaster: Forecaster,
  model: GlobalWindowModel,
  series: readonly (readonly number[])[],
  options: BatchOptions,
): ValidationScore | undefined {
  const { h, m } = options;
  const sums = { ms: 0, mm: 0, bs: 0, bm: 0, n: 0 };
  for (const y of series) {
    if (y.length <= h) continue;
    const train = y.slice(0, y.length - h);
    const actual = y.slice(y.length - h);
    const g = globalWindowForecast(model, train);
    if (!g || !(maseScale(train, m) > 0)) continue;
    const c = forecaster.forecast({ y: train, h, m, levels: [] }).mean;
    const blend = c.map((v, i) => GLOBAL_WEIGHT * g[i] + (1 - GLOBAL_WEIGHT) * v);
    sums.ms += smape(actual, c);
    sums.mm += mase(train, actual, c, m);
    sums.bs += smape(actual, blend);
    sums.bm += mase(train, actual, blend, m);
    sums.n++;
  }
  if (sums.n === 0) return undefined;
  const n = sums.n;
  return {
    series: n,
    method: { smape: sums.ms / n, mase: sums.mm / n },
    blend: { smape: sums.bs / n, mase: sums.bm / n },
  };
}

/**
 * Forecasts a batch with a method and, when the batch is large enough, a global window model trained now on
 * the training parts of the batch's own series (each series minus its last h points, which stay unseen for
 * validation). The global model joins (equal weights with the method) only when the blend beats the method
 * alone on those validation windows, by the M4 criterion: mean of the relative sMAPE and relative MASE below 1.
 */
export async function forecastBatchWithGlobal(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  options: GlobalBatchOptions,
): Promise<{ results: ForecastResult[]; global: GlobalBatchReport }> {
  const started = Date.now();
  const { h, m } = options;
  const trainParts = series.filter((y) => y.length > h).map((y) => y.slice(0, y.length - h));
  const model = await trainGlobalWindowModel(trainParts, m, h, options.global);
  const results = forecastBatch(forecaster, series, options);
  if (!model) {
    return {
      results,
      global: { joined: false, reason: 'too few training windows for a global model', totalMs: Date.now() - started },
    };
  }
  const summary = {
    windows: model.windows,
    epochs: model.epochs,
    stoppedBy: model.stoppedBy,
    trainMs: model.trainMs,
    backend: model.backend,
  };
  const validation = validate(forecaster, model, series, options);
  const ratio = validation
    ? 0.5 * (validation.blend.smape / validation.method.smape + validation.blend.mase / validation.method.mase)
    : Infinity;
  const joined = ratio < 1;
  const reason = validation
    ? `blend/method on validation windows: ${ratio.toFixed(3)} (${validation.series} series)`
    : 'no series to validate on';
  const out = joined
    ? results.map((r, i) => {
        const g = globalWindowForecast(model, series[i]);
        return g
          ? recentre(
              r,
              r.mean.map((v, k) => GLOBAL_WEIGHT * g[k] + (1 - GLOBAL_WEIGHT) * v),
            )
          : r;
      })
    : results;
  return { results: out, global: { joined, reason, validation, model: summary, totalMs: Date.now() - started } };
}
