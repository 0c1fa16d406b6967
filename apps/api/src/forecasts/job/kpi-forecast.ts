import { backtest, chooseMethod, defaultForecaster, getForecaster, MIN_PROJECTION_POINTS, projectPeriodEnd, type Forecaster, type TargetRule } from '@bsc/forecasting';
import type { FiscalCalendar } from '@bsc/kpi';
import { resolveTarget, type TargetOverrides } from '@bsc/scorecard';
import type { KpiDef } from '@bsc/twin';
import type { KpiForecastView } from '../forecast-provider.port';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';
import { projectionAggregation } from './projection-aggregation';

/** Weekly rhythm of daily business data. */
const DAILY_SEASON = 7;
const BACKTEST = { h: 14, m: DAILY_SEASON, origins: 3 } as const;
const MIN_HORIZON_DAYS = 7;
const MAX_HORIZON_DAYS = 120;

/** The default first: it is kept unless a challenger backtests clearly better on this KPI. */
export function candidateForecasters(): Forecaster[] {
  return [defaultForecaster, getForecaster('theta'), getForecaster('damped'), getForecaster('snaive')];
}

export interface KpiForecastContext {
  calendar: FiscalCalendar;
  now: number;
  overrides?: TargetOverrides;
  candidates?: readonly Forecaster[];
}

/**
 * Forecast of one KPI from its daily series: the method chosen by rolling-origin backtest, daily points to the end
 * of the KPI's current period (at least a week), and the period-end projection with the probability of meeting
 * the period's target. Only complete days are used: today's partial value would read as a drop.
 */
export function forecastKpi(kpi: KpiDef, series: DailySeries, ctx: KpiForecastContext): KpiForecastView | null {
  const today = ctx.calendar.periodOf(ctx.now, 'day').start;
  const complete = Math.max(0, Math.min(series.values.length, Math.round((today - series.start) / DAY_MS)));
  const y = series.values.slice(0, complete);
  if (y.length < MIN_PROJECTION_POINTS) return null;

  const period = ctx.calendar.periodOf(ctx.now, kpi.period);
  const elapsedDays = Math.min(y.length, Math.max(0, Math.round((today - Math.max(period.start, series.start)) / DAY_MS)));
  const remaining = Math.max(0, Math.round((period.end - today) / DAY_MS));
  const m = y.length >= 2 * DAILY_SEASON ? DAILY_SEASON : 1;

  const { chosen } = chooseMethod(y, ctx.candidates ?? candidateForecasters(), { ...BACKTEST, m });
  const horizon = Math.min(MAX_HORIZON_DAYS, Math.max(MIN_HORIZON_DAYS, remaining));
  const fc = chosen.forecast({ y, h: horizon, m, levels: [80, 95] });
  const target = targetRule(kpi, period.key, ctx.overrides);
  const projection = projectPeriodEnd({
    history: y.slice(0, y.length - elapsedDays),
    elapsed: y.slice(y.length - elapsedDays),
    remaining,
    aggregation: projectionAggregation(kpi),
    m,
    target: target?.rule,
    forecaster: chosen,
    maxOrigins: 20,
  });
  const bt = backtest(y, chosen, { ...BACKTEST, m });

  return {
    kpiId: kpi.id,
    method: chosen.name,
    computedAt: ctx.now,
    interval: 'day',
    points: fc.mean.map((mean, i) => ({
      time: today + i * DAY_MS,
      mean,
      lower80: fc.lower[80][i],
      upper80: fc.upper[80][i],
      lower95: fc.lower[95][i],
      upper95: fc.upper[95][i],
    })),
    periodEnd: projection && {
      periodKey: period.key,
      target: target?.value ?? null,
      expected: projection.expected,
      lower80: projection.lower80,
      upper80: projection.upper80,
      probabilityOfMeetingTarget: projection.probabilityOfMeetingTarget,
    },
    backtest: bt ? { smape: bt.smape, mase: bt.mase, coverage80: bt.coverage80, coverage95: bt.coverage95, origins: bt.origins } : undefined,
  };
}

function targetRule(kpi: KpiDef, periodKey: string, overrides?: TargetOverrides): { rule: TargetRule; value: number } | null {
  const target = resolveTarget(kpi, periodKey, overrides);
  if (!target) return null;
  const rule: TargetRule =
    kpi.direction === 'band'
      ? { direction: 'band', lower: target.band?.lower, upper: target.band?.upper }
      : { direction: kpi.direction, value: target.value };
  return { rule, value: target.value };
}
