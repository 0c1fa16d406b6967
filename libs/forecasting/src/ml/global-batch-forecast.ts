import { BatchOptions, forecastEach } from '../core/batch-forecast';
import { ForecastResult, Forecaster } from '../core/forecast.types';
import { ConformalWidths, applyWidths, calibrateWidths } from '../core/intervals';
import { mase, maseScale, smape } from '../metrics/accuracy';
import {
  CALIBRATION_WINDOWS,
  ValidationForecast,
  forecastScales,
  scoresByStep,
  widthScaleOf,
  validationForecasts,
} from '../methods/interval-calibration';
import { blendMeans, recentre } from './global-blend.forecaster';
import { blendOnValidation, partsBeforeValidation } from './global-calibration';
import { JoinDecision, WindowValidationErrors, describeJoin, errorsBySeries, judgeJoin } from './global-join-rule';
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
  /** Whether the global model joined the forecasts (it beat the classical combination on validation: judgeJoin). */
  joined: boolean;
  reason: string;
  /**
   * Validation errors (last h points of every training part) of the method alone and blended, their ratio by the
   * M4 criterion and the sign test of the per-series differences.
   */
  validation?: JoinDecision;
  /** The trained model; `nets`: how many nets it averages. */
  model?: Pick<GlobalWindowModel, 'windows' | 'epochs' | 'stoppedBy' | 'trainMs' | 'backend' | 'hiddenUnits'> & {
    nets: number;
  };
  /**
   * Training time of the model that forecasts the earlier validation windows out of sample, for the join and the
   * blend's widths.
   */
  calibrationTrainMs?: number;
  /** How the interval widths were set (see calibrateWidths), on the errors of the forecasts delivered. */
  widths: Pick<ConformalWidths, 'scope' | 'scores'>;
  /** Training plus validation, wall time. */
  totalMs: number;
}

/** Each window's errors, the method alone and the equal-weight blend, where the global model applies. */
function validate(
  validations: readonly ValidationForecast[],
  global: (history: readonly number[]) => number[] | undefined,
  m: number,
): WindowValidationErrors[] {
  return validations.flatMap((v) => {
    const g = global(v.train);
    if (!g || !(maseScale(v.train, m) > 0)) return [];
    const blend = blendMeans(v.mean, g);
    return [
      {
        series: v.index,
        method: { smape: smape(v.actual, v.mean), mase: mase(v.train, v.actual, v.mean, m) },
        blend: { smape: smape(v.actual, blend), mase: mase(v.train, v.actual, blend, m) },
      },
    ];
  });
}

/**
 * Forecasts a batch with a method and, when the batch is large enough, a global window model trained now on
 * the training parts of the batch's own series (each series minus its last h points, which stay unseen for
 * validation). The global model joins (equal weights with the method) only when the blend beats the method
 * alone on the validation windows (those points, and the windows before them forecast by a second model
 * trained before the oldest; each series' errors averaged over its windows), by the M4 criterion (mean of the relative sMAPE and relative MASE below 1)
 * and on significantly more series than not (one-sided sign test at 5 %, see judgeJoin).
 * Interval widths are calibrated (unless `intervals: 'model'`) on the errors of what is delivered, on the windows
 * of calibrateOnValidation: the method's, or the blend's when the model joined (see blendWidths).
 */
export async function forecastBatchWithGlobal(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  options: GlobalBatchOptions,
): Promise<{ results: ForecastResult[]; global: GlobalBatchReport }> {
  const started = Date.now();
  const { h, m } = options;
  const levels = options.levels ?? [80, 95];
  const trainParts = series.filter((y) => y.length > h).map((y) => y.slice(0, y.length - h));
  const model = await trainGlobalWindowModel(trainParts, m, h, options.global);
  const results = forecastEach(forecaster, series, options);
  const validations = validationForecasts(forecaster, series, { h, m, windows: CALIBRATION_WINDOWS });
  const scales = forecastScales(validations, results);
  const calibrate = (on = validations.map((_, j) => j), means?: number[][]): ConformalWidths => {
    if (options.intervals === 'model') return { scope: 'model', scores: 0, k: [] };
    const windows = on.map((j) => validations[j]);
    const scale = widthScaleOf(windows, means);
    const scores = scoresByStep(
      windows,
      h,
      means,
      on.map((j) => scales[j]),
      scale,
    );
    return calibrateWidths(scores, levels, scale);
  };
  if (!model) {
    const widths = calibrate();
    return {
      results: results.map((r) => applyWidths(r, widths)),
      global: {
        joined: false,
        reason: 'too few training windows for a global model',
        widths: { scope: widths.scope, scores: widths.scores },
        totalMs: Date.now() - started,
      },
    };
  }
  const summary = {
    windows: model.windows,
    epochs: model.epochs,
    stoppedBy: model.stoppedBy,
    trainMs: model.trainMs,
    backend: model.backend,
    hiddenUnits: model.hiddenUnits,
    nets: model.members.length,
  };
  // The model trained on the points before each series' last window, earlier windows included: on those its
  // errors are in sample. A second model, trained by the same rule on the points before each series' oldest
  // window, forecasts the earlier windows out of sample. The join is judged on every window (the last by the
  // model that would join, the earlier ones by the second model; each series' errors averaged over its windows),
  // and the blend is calibrated on all of them, as the method is. Without the second model (too few windows
  // before the oldest origins) both rest on the last windows only.
  const last = validations.flatMap((v, j) => (v.back === 0 ? [j] : []));
  const lastWindows = last.map((j) => validations[j]);
  const earlier = await trainGlobalWindowModel(partsBeforeValidation(validations), m, h, options.global);
  const olderWindows = earlier ? validations.filter((v) => v.back > 0) : [];
  const decision = judgeJoin(
    errorsBySeries([
      ...validate(lastWindows, (y) => globalWindowForecast(model, y), m),
      ...(earlier ? validate(olderWindows, (y) => globalWindowForecast(earlier, y), m) : []),
    ]),
  );
  const joined = decision?.joined ?? false;
  const judgedOn = earlier ? 'every validation window' : 'the last validation windows';
  const reason = decision ? `${describeJoin(decision)}; judged on ${judgedOn}` : 'no series to validate on';
  const widths = !joined
    ? calibrate()
    : earlier
      ? calibrate(
          undefined,
          blendOnValidation(validations, (y) => globalWindowForecast(earlier, y)),
        )
      : calibrate(
          last,
          blendOnValidation(lastWindows, (y) => globalWindowForecast(model, y)),
        );
  const out = results.map((r, i) => {
    const g = joined ? globalWindowForecast(model, series[i]) : undefined;
    return applyWidths(g ? recentre(r, blendMeans(r.mean, g)) : r, widths);
  });
  return {
    results: out,
    global: {
      joined,
      reason,
      validation: decision,
      model: summary,
      calibrationTrainMs: earlier?.trainMs,
      widths: { scope: widths.scope, scores: widths.scores },
      totalMs: Date.now() - started,
    },
  };
}
