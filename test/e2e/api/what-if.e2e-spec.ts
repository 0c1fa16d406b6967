import { normalCdf } from '@bsc/forecasting';
import { FiscalCalendar } from '@bsc/kpi';
import { loadValidModelFromFile } from '@bsc/twin';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';
import { DAY, demoForecasts, demoLink as link, recordDemoOutput, Z80 } from './demo-forecasts.fixture';

interface Effect {
  mean: number;
  lower80: number;
  upper80: number;
}
interface Outlook {
  expected: number;
  lower80: number;
  upper80: number;
  target: number | null;
  probabilityOfMeetingTarget: number | null;
}
interface KpiWhatIf {
  kpiId: string;
  periodKey: string;
  baseline: Outlook;
  scenario: Outlook;
  exactEffect: number;
  statisticalEffect: Effect;
  steadyStateEffect: Effect;
  paths: Array<{ kind: string; via: string[]; lagMs: number; effect: number }>;
}
interface WhatIf {
  kpis: KpiWhatIf[];
  objectives: Array<{ id: string; baseline: number | null; scenario: number | null }>;
  perspectives: Array<{ id: string; baseline: number | null; scenario: number | null }>;
  linksUsed: string[];
  linksExcluded: string[];
}

const EFFECT = 'mean lower80 upper80';
const OUTLOOK = 'expected lower80 upper80 target probabilityOfMeetingTarget';
const QUERY = `query($scenario: ScenarioInput!) { whatIf(scenario: $scenario) {
  kpis { kpiId periodKey exactEffect statisticalEffect { ${EFFECT} } steadyStateEffect { ${EFFECT} }
    baseline { ${OUTLOOK} } scenario { ${OUTLOOK} }
    paths { kind via lagMs effect } }
  objectives { id baseline scenario } perspectives { id baseline scenario } linksUsed linksExcluded
} }`;

const LINKS = [
  link('operational_excellence', 'deliver_on_time', 14, 0.4, 0.1, 0.001, {
    oee_group: 2,
    throughput: 100_000,
    on_time_delivery: 1.5,
  }),
  link('deliver_on_time', 'delight_customers', 30, 0.3, 0.05, 0.002, { on_time_delivery: 1.5, complaint_rate: 1 }),
  link('delight_customers', 'grow_revenue', 90, 0.5, 0.1, 0.01, { complaint_rate: 1, revenue: 1_000_000 }),
  // not supported by the data: must not carry any effect
  link('north_reliability', 'operational_excellence', 7, 0.9, 0.6, 0.2, { oee_plant_north: 3, oee_group: 2 }),
];

describe('whatIf: raise OEE on line 2 by 5 points from next week (demo model)', () => {
  let sut: ApiTestApp;
  let viewer: Record<string, string>;
  let result: WhatIf;
  const now = Date.now();
  let month: { start: number; end: number };
  let nextWeek: number;

  beforeAll(async () => {
    const model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
    const calendar = new FiscalCalendar(model.calendar);
    month = calendar.periodOf(now, 'month');
    nextWeek = calendar.nextPeriod(calendar.periodOf(now, 'week')).start;
    sut = await startApiTestApp({}, demoForecasts(model, now, LINKS));
    viewer = bearer(sut.token('viewer'));
    await recordDemoOutput(sut, month.start, now);
    const res = await gql<{ whatIf: WhatIf }>(
      sut.url,
      QUERY,
      {
        scenario: {
          drivers: [
            { kind: 'kpi', id: 'oee_line2', change: 'absolute', value: 5, from: new Date(nextWeek).toISOString() },
          ],
          draws: 4000,
        },
      },
      viewer,
    );
    expect(res.errors).toBeUndefined();
    result = res.data!.whatIf;
  });
  afterAll(() => sut?.close());

  const kpi = (id: string) => result.kpis.find((k) => k.kpiId === id)!;
  // share of this month after next Monday: the driver's weight in the monthly OEE values
  const coverage = () => Math.max(0, month.end - Math.max(nextWeek, month.start)) / (month.end - month.start);

  it('moves OEE line 2 by 5 points for the part of the month from next week on', () => {
    expect(kpi('oee_line2').exactEffect).toBeCloseTo(5 * coverage(), 9);
    expect(kpi('oee_line2').scenario.expected).toBeCloseTo(60 + 5 * coverage(), 9);
  });

  it('recomputes the output-weighted OEEs exactly through their formulas', () => {
    // plant north = (oee1 * 300 + oee2 * 100) / 400; group = (north * 400 + oee3 * 600) / 1000
    const north = (5 * coverage() * 100) / 400;
    expect(kpi('oee_plant_north').exactEffect).toBeCloseTo(north, 9);
    expect(kpi('oee_group').exactEffect).toBeCloseTo((north * 400) / 1000, 9);
    expect(kpi('oee_group').paths).toEqual([
      expect.objectContaining({ kind: 'exact', via: ['oee_line2', 'oee_plant_north', 'oee_group'] }),
    ]);
  });

  it('carries the improvement to on-time delivery along the measured link, after its lag', () => {
    // steady: oee_group +5 * 100/400 * 400/1000 = +0.5 = 0.25 sd (scale 2) at weight 0.7 of 1.0 -> 0.175 sd of
    // operational excellence; slope 0.4 -> 0.07 sd of delivery -> 0.105 points of on-time delivery (scale 1.5)
    const otd = kpi('on_time_delivery');
    const tolerance = (n: number, relSd: number) => (4 * Math.abs(n) * relSd) / Math.sqrt(4000);
    expect(otd.exactEffect).toBe(0);
    expect(Math.abs(otd.steadyStateEffect.mean - 0.105)).toBeLessThan(tolerance(0.105, 0.25));
    expect(otd.paths).toEqual([
      expect.objectContaining({
        kind: 'statistical',
        via: ['operational_excellence', 'deliver_on_time', 'on_time_delivery'],
        lagMs: 14 * DAY,
      }),
    ]);
    // within the month only from next Monday + 14 days on
    const share = Math.max(0, month.end - (nextWeek + 14 * DAY)) / (month.end - month.start);
    expect(Math.abs(otd.statisticalEffect.mean - 0.105 * share)).toBeLessThanOrEqual(
      tolerance(0.105 * share, 0.25) + 1e-12,
    );
    expect(otd.scenario.probabilityOfMeetingTarget!).toBeGreaterThanOrEqual(otd.baseline.probabilityOfMeetingTarget!);
  });

  it('lowers complaints (lower is better) and raises revenue at steady state, beyond this quarter', () => {
    // delight: 0.3 * 0.07 = 0.021 sd -> complaints -0.021 (scale 1); revenue: 0.5 * 0.021 sd * 1 000 000 = 10 500
    const complaints = kpi('complaint_rate');
    expect(complaints.steadyStateEffect.mean).toBeLessThan(0);
    expect(Math.abs(complaints.steadyStateEffect.mean + 0.021)).toBeLessThan((4 * 0.021 * 0.3) / Math.sqrt(4000));
    const revenue = kpi('revenue');
    expect(Math.abs(revenue.steadyStateEffect.mean - 10_500)).toBeLessThan((4 * 10_500 * 0.4) / Math.sqrt(4000));
    // 14 + 30 + 90 days of lag from next week end after any quarter that contains today
    expect(revenue.statisticalEffect.mean).toBe(0);
    expect(revenue.paths[0].via).toEqual([
      'operational_excellence',
      'deliver_on_time',
      'delight_customers',
      'grow_revenue',
      'revenue',
    ]);
    expect(revenue.paths[0].lagMs).toBe(134 * DAY);
  });

  it('follows no link the data does not support significantly', () => {
    expect(result.linksExcluded).toEqual(['north_reliability->operational_excellence']);
    expect(result.kpis.flatMap((k) => k.paths).some((p) => p.via.includes('north_reliability'))).toBe(false);
    expect(result.kpis.map((k) => k.kpiId)).not.toContain('throughput');
  });

  it('rolls up to the Financial and Customer perspectives', () => {
    const ids = result.perspectives.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['financial', 'customer', 'internal_process']));
    const deliver = result.objectives.find((o) => o.id === 'deliver_on_time')!;
    expect(deliver.scenario!).toBeGreaterThanOrEqual(deliver.baseline!);
  });

  it('gives the Customer and Financial KPIs 80 % intervals and probabilities of meeting target', () => {
    // forecasts N(94, 1), N(6, 0.5), N(12 000 000, 300 000): intervals expected -/+ 1.2816 sd; on-time delivery
    // (target 95, higher is better) 1 - Phi(1) = 0.1587; complaints (target 5, lower is better) Phi(-2) = 0.0228;
    // revenue 1 - Phi((target - 12 000 000) / 300 000), e.g. 12 500 000 in Q4: 1 - Phi(1.667) = 0.0478
    const tolerance = (p: number) => 4 * Math.sqrt((p * (1 - p)) / 4000);
    const cases: Array<[string, number, (target: number) => number]> = [
      ['on_time_delivery', 1, () => 1 - normalCdf(1)],
      ['complaint_rate', 0.5, () => normalCdf(-2)],
      ['revenue', 300_000, (target) => 1 - normalCdf((target - 12_000_000) / 300_000)],
    ];
    for (const [id, sd, meets] of cases) {
      const { baseline, scenario, statisticalEffect } = kpi(id);
      // a draw's 10 % quantile of 4000 is within 0.11 sd of the normal's at four standard errors
      expect(Math.abs(baseline.lower80 - (baseline.expected - Z80 * sd))).toBeLessThan(0.11 * sd);
      expect(Math.abs(baseline.upper80 - (baseline.expected + Z80 * sd))).toBeLessThan(0.11 * sd);
      const p = meets(baseline.target!);
      expect(Math.abs(baseline.probabilityOfMeetingTarget! - p)).toBeLessThan(tolerance(p) + 1e-9);
      // the scenario moves by its statistical effect within the period (none for complaints and revenue: lags of
      // 44 and 134 days from next week end beyond their periods)
      expect(scenario.lower80).toBeLessThanOrEqual(scenario.expected);
      expect(scenario.upper80).toBeGreaterThanOrEqual(scenario.expected);
      expect(scenario.expected).toBeCloseTo(baseline.expected + statisticalEffect.mean, 9);
    }
    expect(kpi('complaint_rate').scenario.probabilityOfMeetingTarget).toBe(
      kpi('complaint_rate').baseline.probabilityOfMeetingTarget,
    );
  });

  it("shows a unit-scoped caller only their unit's KPIs and refuses drivers outside it", async () => {
    const north = bearer(sut.token('viewer', ['plant-north']));
    const driver = (id: string) => ({ drivers: [{ kind: 'kpi', id, change: 'absolute', value: 5 }], draws: 200 });
    const own = await gql<{ whatIf: WhatIf }>(sut.url, QUERY, { scenario: driver('oee_line2') }, north);
    expect(own.errors).toBeUndefined();
    // oee_group and on_time_delivery belong to acme and sales-service
    expect(own.data!.whatIf.kpis.map((k) => k.kpiId).sort()).toEqual(['oee_line2', 'oee_plant_north']);
    const other = await gql(sut.url, QUERY, { scenario: driver('on_time_delivery') }, north);
    // answered as an unknown KPI: the answer does not tell that it exists
    expect(other.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('saves scenarios, lists them newest first and runs them side by side', async () => {
    const strategist = bearer(sut.token('strategist'));
    const save = (name: string, value: number) =>
      gql<{
        saveScenario: { id: string; name: string; createdBy: string; drivers: Array<{ value: number; from: string }> };
      }>(
        sut.url,
        `mutation($name: String!, $scenario: ScenarioInput!) { saveScenario(name: $name, scenario: $scenario) {
          id name createdBy drivers { value from } } }`,
        {
          name,
          scenario: {
            drivers: [
              { kind: 'kpi', id: 'oee_line2', change: 'absolute', value, from: new Date(nextWeek).toISOString() },
            ],
            draws: 200,
          },
        },
        strategist,
      );
    const five = await save('OEE line 2 +5', 5);
    const ten = await save('OEE line 2 +10', 10);
    expect(five.errors).toBeUndefined();
    expect(five.data!.saveScenario).toMatchObject({ name: 'OEE line 2 +5', createdBy: 'strategist-user' });
    expect(Date.parse(five.data!.saveScenario.drivers[0].from)).toBe(nextWeek);

    const listed = await gql<{ scenarios: Array<{ name: string }> }>(sut.url, '{ scenarios { name } }', {}, viewer);
    expect(listed.data!.scenarios.map((s) => s.name)).toEqual(['OEE line 2 +10', 'OEE line 2 +5']);

    const compared = await gql<{
      compareScenarios: Array<{
        scenario: { name: string };
        result: { kpis: Array<{ kpiId: string; exactEffect: number }> };
      }>;
    }>(
      sut.url,
      'query($ids: [ID!]!) { compareScenarios(ids: $ids) { scenario { name } result { kpis { kpiId exactEffect } } } }',
      { ids: [five.data!.saveScenario.id, ten.data!.saveScenario.id] },
      viewer,
    );
    expect(compared.errors).toBeUndefined();
    const north = compared.data!.compareScenarios.map(
      (r) => r.result.kpis.find((k) => k.kpiId === 'oee_plant_north')!.exactEffect,
    );
    // plant north moves by a quarter of line 2's change (output 100 of 400): twice as much for +10
    expect(north[0]).toBeCloseTo((5 * coverage()) / 4, 9);
    expect(north[1]).toBeCloseTo((10 * coverage()) / 4, 9);
  });

  it('lets only strategists save, and names unknown scenarios', async () => {
    const scenario = { drivers: [{ kind: 'kpi', id: 'oee_line2', change: 'absolute', value: 1 }] };
    const refused = await gql(
      sut.url,
      'mutation($s: ScenarioInput!) { saveScenario(name: "x", scenario: $s) { id } }',
      { s: scenario },
      viewer,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const unknown = await gql(sut.url, '{ compareScenarios(ids: ["424242"]) { scenario { id } } }', {}, viewer);
    expect(unknown.errors?.[0].message).toContain('424242');
  });

  it.each([
    ['too few draws', { drivers: [{ kind: 'kpi', id: 'oee_line2', change: 'absolute', value: 5 }], draws: 10 }],
    ['an unknown KPI', { drivers: [{ kind: 'kpi', id: 'nope', change: 'absolute', value: 5 }] }],
    ['no driver', { drivers: [] }],
  ])('refuses %s', async (_case, scenario) => {
    const res = await gql(sut.url, QUERY, { scenario }, viewer);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
