import { FiscalCalendar, type FiscalPeriod } from '@bsc/kpi';
import { loadValidModelFromFile } from '@bsc/twin';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';
import { DAY, demoForecasts, demoLink, periodsFrom, recordDemoOutput } from './demo-forecasts.fixture';

const DRAWS = 4000;

interface KpiWhatIf {
  kpiId: string;
  periodKey: string;
  periodsAhead: number;
  exactEffect: number;
  termsPeriodKey: string | null;
  statisticalEffect: { mean: number };
  baseline: { expected: number };
  scenario: { expected: number };
}
interface WhatIf {
  kpis: KpiWhatIf[];
  perspectives: Array<{ id: string; periodsAhead: number; baseline: number | null; scenario: number | null }>;
  unavailable: Array<{ kpiId: string; periodsAhead: number }>;
}

const QUERY = `query($scenario: ScenarioInput!) { whatIf(scenario: $scenario) {
  kpis { kpiId periodKey periodsAhead exactEffect termsPeriodKey statisticalEffect { mean } baseline { expected } scenario { expected } }
  perspectives { id periodsAhead baseline scenario } unavailable { kpiId periodsAhead }
} }`;

// measured links, all significant (standard error a quarter of the slope)
const link = (from: string, to: string, lagDays: number, slope: number, scales: Record<string, number>) =>
  demoLink(from, to, lagDays, slope, slope / 4, 0.001, scales);
const LINKS = [
  link('operational_excellence', 'deliver_on_time', 14, 0.4, {
    oee_group: 2,
    throughput: 100_000,
    on_time_delivery: 1.5,
  }),
  link('deliver_on_time', 'delight_customers', 30, 0.3, { on_time_delivery: 1.5, complaint_rate: 1 }),
  link('delight_customers', 'grow_revenue', 90, 0.5, { complaint_rate: 1, revenue: 1_000_000 }),
];

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
    sut = await startApiTestApp({}, demoForecasts(model, now, LINKS, 2));
    await recordDemoOutput(sut, months[0].start, now);
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
    // their terms are not projected term by term (they read KPIs): the result names this month's mix as used
    expect([at('oee_plant_north', 1)!.termsPeriodKey, at('oee_group', 1)!.termsPeriodKey]).toEqual([
      months[0].key,
      months[0].key,
    ]);
    expect(at('oee_line2', 1)!.termsPeriodKey).toBeNull();
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

  it('names no KPI as unavailable later: every KPI it reaches has a forecast for the next two periods', () => {
    expect(result.unavailable).toEqual([]);
  });

  it('rolls up the Financial and Customer perspectives period by period', () => {
    const customer = result.perspectives.filter((p) => p.id === 'customer').map((p) => p.periodsAhead);
    expect(customer).toEqual(expect.arrayContaining([1, 2]));
    expect(result.perspectives.some((p) => p.id === 'financial' && p.periodsAhead > 0)).toBe(true);
  });
});
