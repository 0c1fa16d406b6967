import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { FiscalCalendar } from '@bsc/kpi';
import { kpiAccumulation, type TwinModel } from '@bsc/twin';
import {
  FORECAST_PROVIDER,
  type ForecastProvider,
  type KpiForecastView,
  type LinkEstimateView,
} from '../../../apps/api/src/forecasts/forecast-provider.port';

const DAY = 86_400_000;

/** Measured link of the demo model: training hours (build_skills) -> scrap rate north (first_time_right). */
export const MEASURED_LINK: LinkEstimateView = {
  from: 'training_hours_per_employee',
  to: 'scrap_rate_north',
  measuredLagSteps: 84,
  measuredLagMs: 84 * DAY,
  strength: -0.62,
  pValue: 0.004,
  significant: true,
  points: 120,
  computedAt: 0,
};

/** Why the fake's revenue forecast is provisional (the others are not): the drawer shows it as a badge. */
export const PROVISIONAL_REASON =
  'history still arriving: 120 samples for past days (from 2026-06-01), the last 5 s ago';

/**
 * Deterministic stand-in for the forecasting runtime with the real contract's shape: points are the projected
 * period-to-date value at the end of each remaining day (a running total for cumulative KPIs, growing in
 * proportion to elapsed time; flat for levels), ending at the period-end expectation of 98 % of the target with
 * probability 0.42, so the page's forecast column, fan chart and link labels have data.
 */
export function fakeForecastProvider(model: () => TwinModel, now: number): ForecastProvider {
  const forecastOf = (kpiId: string): KpiForecastView | null => {
    const { kpis, calendar } = model();
    const kpi = kpis.find((k) => k.id === kpiId);
    if (!kpi || kpi.target === undefined) return null;
    const fiscal = new FiscalCalendar(calendar);
    const period = fiscal.periodOf(now, kpi.period);
    const periodKey = period.key;
    const mean = kpi.target * 0.98;
    const width = Math.abs(kpi.target) * 0.02;
    const cumulative = kpiAccumulation(kpi) === 'cumulative';
    const dayEnds: number[] = [];
    for (let day = fiscal.periodOf(now, 'day'); day.start < period.end; day = fiscal.nextPeriod(day))
      dayEnds.push(day.end);
    const points = dayEnds.map((time, i) => {
      const share = cumulative ? (time - period.start) / (period.end - period.start) : 1;
      const open = Math.sqrt((i + 1) / dayEnds.length);
      return {
        time,
        mean: mean * share,
        lower80: mean * share - 3 * width * open,
        upper80: mean * share + 3 * width * open,
        lower95: mean * share - 5 * width * open,
        upper95: mean * share + 5 * width * open,
      };
    });
    return {
      kpiId,
      method: 'fake-flat',
      computedAt: now,
      interval: 'day',
      points,
      periodEnd: {
        periodKey,
        target: kpi.target,
        expected: mean,
        lower80: mean - width * 3,
        upper80: mean + width * 3,
        probabilityOfMeetingTarget: 0.42,
      },
      // the next period: the same expectation, nothing of it elapsed
      laterPeriods: [fiscal.nextPeriod(period)].map((next) => ({
        periodKey: next.key,
        target: kpi.target ?? null,
        expected: mean,
        lower80: mean - width * 3,
        upper80: mean + width * 3,
        probabilityOfMeetingTarget: 0.42,
      })),
      provisional: kpiId === 'revenue',
      provisionalReason: kpiId === 'revenue' ? PROVISIONAL_REASON : null,
    };
  };
  return {
    forecast: (kpiId) => Promise.resolve(forecastOf(kpiId)),
    forecasts: (kpiIds) => Promise.resolve(new Map(kpiIds.map((id) => [id, forecastOf(id)]))),
    linkEstimates: () => Promise.resolve([MEASURED_LINK]),
    refresh: () => Promise.resolve(),
  };
}

@Global()
@Module({})
export class FakeForecastModule {
  static register(now: number): DynamicModule {
    const provider = {
      provide: FORECAST_PROVIDER,
      useFactory: (active: ActiveModel) => fakeForecastProvider(() => active.current().model, now),
      inject: [ACTIVE_MODEL],
    };
    return { module: FakeForecastModule, providers: [provider], exports: [FORECAST_PROVIDER] };
  }
}
