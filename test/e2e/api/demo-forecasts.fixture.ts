import type { SignalSample } from '@bsc/common';
import { FiscalCalendar, type FiscalPeriod } from '@bsc/kpi';
import type { ReportingPeriod, TwinModel } from '@bsc/twin';
import type {
  ForecastProvider,
  KpiForecastView,
  LinkEstimateView,
} from '../../../apps/api/src/forecasts/forecast-provider.port';
import type { ApiTestApp } from './api-test-app';

export const DAY = 86_400_000;
export const Z80 = 1.2815515655446004;

/** Period-end expectation and forecast standard deviation of the demo's KPIs, the same for every period. */
export const DEMO_EXPECTED: Record<string, [number, number]> = {
  oee_line1: [80, 0],
  oee_line2: [60, 0],
  oee_line3: [70, 0],
  oee_plant_north: [75, 0],
  oee_group: [72, 0],
  on_time_delivery: [94, 1],
  complaint_rate: [6, 0.5],
  revenue: [12_000_000, 300_000],
};

/** A measured objective link: slope and its standard error in standardised units, daily KPI scales in KPI units. */
export function demoLink(
  from: string,
  to: string,
  lagDays: number,
  slope: number,
  se: number,
  p: number,
  scales: Record<string, number>,
): LinkEstimateView {
  return {
    from,
    to,
    measuredLagSteps: lagDays,
    measuredLagMs: lagDays * DAY,
    strength: 0.5,
    pValue: p,
    significant: p < 0.05,
    points: 200,
    slope,
    slopeStdError: se,
    kpiScales: scales,
    computedAt: 0,
  };
}

/** Operational excellence -> on-time delivery after 14 days, significant (standard error a quarter of the slope). */
export function oeeToDeliveryLink(): LinkEstimateView {
  return demoLink('operational_excellence', 'deliver_on_time', 14, 0.4, 0.1, 0.001, {
    oee_group: 2,
    throughput: 100_000,
    on_time_delivery: 1.5,
  });
}

/** The KPI's current period and the next `count`. */
export function periodsFrom(
  calendar: FiscalCalendar,
  now: number,
  type: ReportingPeriod,
  count: number,
): FiscalPeriod[] {
  const out = [calendar.periodOf(now, type)];
  while (out.length <= count) out.push(calendar.nextPeriod(out[out.length - 1]));
  return out;
}

/**
 * A stand-in forecasting runtime for the demo model: DEMO_EXPECTED at the end of each KPI's current period and,
 * with `laterPeriods`, of as many periods after it; the given measured links.
 */
export function demoForecasts(
  model: TwinModel,
  now: number,
  links: LinkEstimateView[],
  laterPeriods = 0,
): ForecastProvider {
  const calendar = new FiscalCalendar(model.calendar);
  const forecastOf = (kpiId: string): KpiForecastView | null => {
    const kpi = model.kpis.find((k) => k.id === kpiId);
    const known = DEMO_EXPECTED[kpiId];
    if (!kpi || !known) return null;
    const [expected, sd] = known;
    const [current, ...later] = periodsFrom(calendar, now, kpi.period, laterPeriods).map((p) => ({
      periodKey: p.key,
      target: kpi.target ?? null,
      expected,
      lower80: expected - Z80 * sd,
      upper80: expected + Z80 * sd,
      probabilityOfMeetingTarget: null,
    }));
    return {
      kpiId,
      method: 'stand-in',
      computedAt: now,
      interval: 'day',
      points: [],
      periodEnd: current,
      ...(laterPeriods > 0 ? { laterPeriods: later } : {}),
    };
  };
  return {
    forecast: (id) => Promise.resolve(forecastOf(id)),
    forecasts: (ids) => Promise.resolve(new Map(ids.map((id) => [id, forecastOf(id)]))),
    linkEstimates: () => Promise.resolve(links),
    refresh: () => Promise.resolve(),
  };
}

/**
 * This month's good output, the weights of the output-weighted OEEs: line 1 300, line 2 100, line 3 600, a minute
 * ago (or at the month's start, if that is later).
 */
export async function recordDemoOutput(app: ApiTestApp, monthStart: number, now: number): Promise<void> {
  const ts = Math.max(monthStart, now - 60_000);
  const good = (signalId: string, value: number): SignalSample => ({
    signalId,
    ts,
    value,
    quality: 'good',
    source: 'test',
  });
  await app.samples.insertBatch(
    [good('line1.good_count', 300), good('line2.good_count', 100), good('line3.good_count', 600)],
    ts,
  );
}
