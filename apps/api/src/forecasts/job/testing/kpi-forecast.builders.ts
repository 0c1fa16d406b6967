import type { Forecaster } from '@bsc/forecasting';
import type { KpiDef } from '@bsc/twin';
import type { DailySeries } from '../../series/daily-kpi-series';

/** Deterministic: every future day repeats the last observed one, with no spread of its own. */
export const naiveForecaster: Forecaster = {
  name: 'naive',
  forecast: ({ y, h }) => {
    const mean = Array.from({ length: h }, () => y[y.length - 1]);
    return {
      method: 'naive',
      mean,
      lower: { 80: mean, 95: mean },
      upper: { 80: mean, 95: mean },
      sigma: mean.map(() => 0),
    };
  },
};

/** A monthly KPI of the last value, higher is better, with no targets unless given. */
export const kpiDef = (over: Partial<KpiDef>): KpiDef =>
  ({ id: 'k', direction: 'higher_is_better', period: 'month', targets: [], aggregation: 'last', ...over }) as KpiDef;

/** `length` complete days from `start` of `base`, the last `tail.length` replaced by `tail`. */
export const dailySeries = (start: number, length: number, base: number, tail: number[] = []): DailySeries => ({
  start,
  values: [...Array.from({ length: length - tail.length }, () => base), ...tail],
});
