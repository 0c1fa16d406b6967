import type { FitStore } from './fit-store';
import { forecastsFromOrigins, type Forecaster, type OriginForecast } from './forecast.types';

/**
 * How a past origin's forecast is made. 'each': the method refitted on the points before every origin. 'doubling':
 * one fit per doubling of the history, on its first t·2^k points (t the least training length), run without
 * refitting to every origin from there to twice as far (rolling origins without recalibration, Tashman 2000; see
 * Forecaster.forecastFromOrigins): each origin's model has seen at least half of the points before it and none
 * after, and the fits cost about twice the longest one instead of one per origin. The fit lengths do not move as
 * days are added. Methods without forecastFromOrigins are refitted at each origin either way.
 */
export type OriginFits = 'each' | 'doubling';

/**
 * Forecasts of h steps from each past origin (a count of the series' leading points), fitted as `mode` says, in
 * the origins' order. A fit per doubling is made on a leading part of the series that the points after it do not
 * change: `fits` keeps it for the next run (the next day's). Nothing after a group's latest origin is passed to its
 * fit, so no fit or state update sees a window it is scored on.
 */
export function pastOriginForecasts(
  series: readonly number[],
  origins: readonly number[],
  h: number,
  forecaster: Forecaster,
  m: number,
  minTrain: number,
  mode: OriginFits,
  fits?: FitStore,
): OriginForecast[] {
  if (mode === 'each' || !forecaster.forecastFromOrigins)
    return origins.map((origin) => {
      const r = forecaster.forecast({ y: series.slice(0, origin), h, m, levels: [] });
      return { mean: r.mean, sigma: r.sigma };
    });
  const byFit = new Map<number, number[]>();
  for (const origin of origins) {
    let fitOn = minTrain;
    while (fitOn * 2 <= origin) fitOn *= 2;
    const group = byFit.get(fitOn);
    if (group) group.push(origin);
    else byFit.set(fitOn, [origin]);
  }
  const forecasts = new Map<number, OriginForecast>();
  for (const [fitOn, group] of byFit) {
    const input = { y: series.slice(0, Math.max(...group)), h, m, levels: [] };
    forecastsFromOrigins(forecaster, input, group, fitOn, fits).forEach((r, j) => forecasts.set(group[j], r));
  }
  return origins.map((origin) => forecasts.get(origin)!);
}
