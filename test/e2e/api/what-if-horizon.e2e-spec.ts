import type { SignalSample } from '@bsc/common';
import { FiscalCalendar, type FiscalPeriod } from '@bsc/kpi';
import { loadValidModelFromFile, type ReportingPeriod, type TwinModel } from '@bsc/twin';
import type {
  ForecastProvider,
  KpiForecastView,
  LinkEstimateView,
} from '../../../apps/api/src/forecasts/forecast-provider.port';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

const DAY = 86_400_000;
const Z80 = 1.2815515655446004;
const DRAWS = 4000;

interface KpiWhatIf {
  kpiId: string;
  periodKey: string;
  periodsAhead: number;
  exactEffect: number;
  statisticalEffect: { mean: number };
  baseline: { expected: number };
  scenario: { expected: number };
}
interface WhatIf {
  kpis: KpiWhatIf[];
  perspectives: Array<{ id: string; periodsAhead: number; baseline: number | null; scenario: number | null }>;
}

const QUERY = `query($scenario: ScenarioInput!) { whatIf(scenario: $scenario) {
  kpis { kpiId periodKey periodsAhead exactEffect statisticalEffect { mean } baseline { expected } scenario { expected } }
  perspectives { id periodsAhead baseline scenario }
} }`;

// the same period-end expectation (and forecast standard deviation) for the current and the next two periods
const EXPECTED: Record<string, [number, number]> = {
  oee_line1: [80, 0],
  oee_line2: [60, 0],
  oee_line3: [70, 0],
  oee_plant_north: [75, 0],
  oee_group: [72, 0],
  on_time_delivery: [94, 1],
  complaint_rate: [6, 0.5],
  revenue: [12_000_000, 300_000],
};

const link = (from: string, to: string, lagDays: number, slope: number, scales: Record<string, number>) =>
  ({
    from,
    to,
    measuredLagSteps: lagDays,
    measuredLagMs: lagDays * DAY,
    strength: 0.5,
    pValue: 0.001,
    significant: true,
    points: 200,
    slope,
    slopeStdError: slope / 4,
    kpiScales: scales,
    computedAt: 0,
  }) satisfies LinkEstimateView;
const LINKS = [
  link('operational_excellence', 'deliver_on_time', 14, 0.4, {
    oee_group: 2,
    throughput: 100_000,
    on_time_delivery: 1.5,
  }),
  link('deliver_on_time', 'delight_customers', 30, 0.3, { on_time_delivery: 1.5, complaint_rate: 1 }),
  link('delight_customers', 'grow_revenue', 90, 0.5, { complaint_rate: 1, revenue: 1_000_000 }),
];

/** The KPI's current period and the next `count`. */
function periodsFrom(calendar: FiscalCalendar, now: number, type: ReportingPeriod, count: number): FiscalPeriod[] {
  const out = [calendar.periodOf(now, type)];
  while (out.length <= count) out.push(calendar.nextPeriod(out[out.length - 1]));
  return out;
}

function forecasts(model: TwinModel, now: number): ForecastProvider {
  const calendar = new FiscalCalendar(model.calendar);
  const forecastOf = (kpiId: string): KpiForecastView | null => {
    const kpi = model.kpis.find((k) => k.id === kpiId);
    const known = EXPECTED[kpiId];
    if (!kpi || !known) return null;
    const [expected, sd] = known;
    const [current, ...later] = periodsFrom(calendar, now, kpi.period, 2).map((p) => ({
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
      laterPeriods: later,
    };
  };
  return {
    forecast: (id) => Promise.resolve(forecastOf(id)),
    forecasts: (ids) => Promise.resolve(new Map(ids.map((id) => [id, forecastOf(id)]))),
    linkEstimates: () => Promise.resolve(LINKS),
    refresh: () => Promise.resolve(),
  };
}

describe('whatIf over a horizon: raise OEE on line 2 by 5 points from next month (demo model)', () => {
  let sut: ApiTestApp;
  let result: WhatIf;
  const now = Date.now();
  let months: FiscalPeriod[];
  let quarters: FiscalPeriod[];

  beforeAll(async () => {
    const model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
    const calendar = new FiscalCalendar(model.calendar);
    months = periodsFrom(calendar, now, 'month', 2);
    quarters = periodsFrom(calendar, now, 'quarter', 2);
    sut = await startApiTestApp({}, forecasts(model, now));
    // this month's good output: line 1 300, line 2 100, line 3 600 (weights of the output-weighted OEEs)
    const ts = Math.max(months[0].start, now - 60_000);
    const good = (signalId: string, value: number): SignalSample => ({
      signalId,
      ts,
      value,
      quality: 'good',
      source: 'test',
    });
    await sut.samples.insertBatch(
      [good('line1.good_count', 300), good('line2.good_count', 100), good('line3.good_count', 600)],
      ts,
    );
    const scenario = {
      drivers: [
        { kind: 'kpi', id: 'oee_line2', change: 'absolute', value: 5, from: new Date(months[1].start).toISOString() },
      ],
      draws: DRAWS,
      horizonPeriods: 3,
    };
    const res = await gql<{ whatIf: WhatIf }>(sut.url, QUERY, { scenario }, bearer(sut.token('viewer')));
    expect(res.errors).toBeUndefined();
    result = res.data!.whatIf;
  });
  afterAll(() => sut?.close());

  const at = (id: string, ahead: number) => result.kpis.find((k) => k.kpiId === id && k.periodsAhead === ahead);
  // share of a period from `t` on
  const share = (p: FiscalPeriod, t: number) =>
    Math.min(1, Math.max(0, (p.end - Math.max(t, p.start)) / (p.end - p.start)));
  const tolerance = (n: number, relSd: number) => (4 * Math.abs(n) * relSd) / Math.sqrt(DRAWS) + 1e-9;

  it('leaves this month unchanged and moves next month by the full 5 points', () => {
    expect(at('oee_line2', 0)).toBeUndefined();
    expect(at('oee_line2', 1)).toMatchObject({ periodKey: months[1].key, exactEffect: 5 });
    expect(at('oee_line2', 1)!.scenario.expected).toBeCloseTo(65, 9);
    expect(at('oee_line2', 2)).toMatchObject({ periodKey: months[2].key, exactEffect: 5 });
  });

  it("recomputes the output-weighted OEEs of next month through their formulas (this month's output mix)", () => {
    // plant north = (oee1 * 300 + oee2 * 100) / 400: +1.25; group = (north * 400 + oee3 * 600) / 1000: +0.5
    expect(at('oee_plant_north', 1)!.exactEffect).toBeCloseTo(1.25, 9);
    expect(at('oee_group', 1)!.exactEffect).toBeCloseTo(0.5, 9);
  });

  it('carries the effect to on-time delivery (Customer) in the months after, from 14 days into next month', () => {
    // steady: +0.5 on oee_group = 0.25 sd at weight 0.7 -> 0.175 sd; slope 0.4 -> 0.07 sd = 0.105 points (scale 1.5)
    const arrives = months[1].start + 14 * DAY;
    expect(at('on_time_delivery', 0)?.statisticalEffect.mean ?? 0).toBe(0);
    for (const ahead of [1, 2]) {
      const expected = 0.105 * share(months[ahead], arrives);
      expect(Math.abs(at('on_time_delivery', ahead)!.statisticalEffect.mean - expected)).toBeLessThan(
        tolerance(expected, 0.25),
      );
    }
    expect(at('on_time_delivery', 2)!.statisticalEffect.mean).toBeGreaterThan(0.09);
  });

  it('reaches revenue (Financial) in the quarter 134 days of lag after next month begins', () => {
    // delight 0.3 * 0.07 = 0.021 sd; revenue 0.5 * 0.021 sd * 1 000 000 = 10 500 at steady state
    const arrives = months[1].start + 134 * DAY;
    const effects = [0, 1, 2].map((ahead) => at('revenue', ahead)?.statisticalEffect.mean ?? 0);
    expect(effects[0]).toBe(0);
    // 1 month + 134 days after the start of this quarter at the latest: always within the next two quarters
    expect(effects[1] + effects[2]).toBeGreaterThan(0);
    for (const ahead of [1, 2]) {
      const expected = 10_500 * share(quarters[ahead], arrives);
      // three slopes each with a relative sd of 0.25
      expect(Math.abs(effects[ahead] - expected)).toBeLessThan(tolerance(expected, 0.45));
    }
  });

  it('rolls up the Financial and Customer perspectives period by period', () => {
    const customer = result.perspectives.filter((p) => p.id === 'customer').map((p) => p.periodsAhead);
    expect(customer).toEqual(expect.arrayContaining([1, 2]));
    expect(result.perspectives.some((p) => p.id === 'financial' && p.periodsAhead > 0)).toBe(true);
  });
});
