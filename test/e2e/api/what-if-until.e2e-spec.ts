import { FiscalCalendar, type FiscalPeriod } from '@bsc/kpi';
import { loadValidModelFromFile } from '@bsc/twin';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';
import { DAY, demoForecasts, oeeToDeliveryLink, periodsFrom, recordDemoOutput } from './demo-forecasts.fixture';

const DRAWS = 4000;

interface KpiWhatIf {
  kpiId: string;
  periodsAhead: number;
  exactEffect: number;
  statisticalEffect: { mean: number };
  baseline: Outlook;
  scenario: Outlook;
}
interface Outlook {
  target: number | null;
  probabilityOfMeetingTarget: number | null;
}

const QUERY = `query($scenario: ScenarioInput!) { whatIf(scenario: $scenario) {
  kpis { kpiId periodsAhead exactEffect statisticalEffect { mean }
    baseline { target probabilityOfMeetingTarget } scenario { target probabilityOfMeetingTarget } }
} }`;

const LINKS = [oeeToDeliveryLink()];

describe('whatIf with an end: raise OEE on line 2 by 5 points from the 1st of next month until the 16th', () => {
  let sut: ApiTestApp;
  let months: FiscalPeriod[];
  let from: number;
  let until: number;
  let scenario: Record<string, unknown>;
  const now = Date.now();

  beforeAll(async () => {
    const model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
    months = periodsFrom(new FiscalCalendar(model.calendar), now, 'month', 2);
    sut = await startApiTestApp({}, demoForecasts(model, now, LINKS, 2));
    await recordDemoOutput(sut, months[0].start, now);
    from = months[1].start;
    until = from + 15 * DAY;
    const driver = { kind: 'kpi', id: 'oee_line2', change: 'absolute', value: 5 };
    const iso = (t: number) => new Date(t).toISOString();
    scenario = { drivers: [{ ...driver, from: iso(from), until: iso(until) }], draws: DRAWS, horizonPeriods: 3 };
  });
  afterAll(() => sut?.close());

  // share of period p between a and b
  const overlap = (p: FiscalPeriod, a: number, b: number) =>
    Math.max(0, Math.min(p.end, b) - Math.max(p.start, a)) / (p.end - p.start);

  it('moves next month by 5 points for 15 of its days, and neither this month nor the one after', async () => {
    const res = await gql<{ whatIf: { kpis: KpiWhatIf[] } }>(sut.url, QUERY, { scenario }, bearer(sut.token('viewer')));
    expect(res.errors).toBeUndefined();
    const at = (id: string, ahead: number) =>
      res.data!.whatIf.kpis.find((k) => k.kpiId === id && k.periodsAhead === ahead);
    // e.g. a 30-day month: 5 * 15 / 30 = 2.5; plant north = (oee1 * 300 + oee2 * 100) / 400 moves a quarter of it
    const share = (15 * DAY) / (months[1].end - months[1].start);
    expect(at('oee_line2', 0)).toBeUndefined();
    expect(at('oee_line2', 1)!.exactEffect).toBeCloseTo(5 * share, 9);
    expect(at('oee_plant_north', 1)!.exactEffect).toBeCloseTo(1.25 * share, 9);
    expect(at('oee_line2', 2)).toBeUndefined();

    // steady +0.5 on oee_group = 0.25 sd at weight 0.7 -> 0.175 sd; slope 0.4 -> 0.07 sd = 0.105 points (scale
    // 1.5), in force from 14 days after the start until 14 days after the end
    for (const ahead of [1, 2]) {
      const expected = 0.105 * overlap(months[ahead], from + 14 * DAY, until + 14 * DAY);
      const effect = at('on_time_delivery', ahead)?.statisticalEffect.mean ?? 0;
      expect(Math.abs(effect - expected)).toBeLessThan((4 * expected * 0.25) / Math.sqrt(DRAWS) + 1e-9);
    }
  });

  it('sends each of two drivers along the link with its own window, and adds their effects', async () => {
    // +5 from the 1st of next month (open-ended) and -5 from its 11th until its 16th: line 2 moves by
    // 5 - 5 * 5 / days of next month; on-time delivery by +0.105 from 14 days after the 1st and by -0.105 from 14
    // days after the 11th until 14 days after the 16th
    const driver = { kind: 'kpi', id: 'oee_line2', change: 'absolute' };
    const iso = (t: number) => new Date(t).toISOString();
    const [start, stop] = [from + 10 * DAY, from + 15 * DAY];
    const drivers = [
      { ...driver, value: 5, from: iso(from) },
      { ...driver, value: -5, from: iso(start), until: iso(stop) },
    ];
    const res = await gql<{ whatIf: { kpis: KpiWhatIf[] } }>(
      sut.url,
      QUERY,
      { scenario: { drivers, draws: DRAWS, horizonPeriods: 3 } },
      bearer(sut.token('viewer')),
    );
    expect(res.errors).toBeUndefined();
    const at = (id: string, ahead: number) =>
      res.data!.whatIf.kpis.find((k) => k.kpiId === id && k.periodsAhead === ahead);
    expect(at('oee_line2', 1)!.exactEffect).toBeCloseTo(5 - 5 * overlap(months[1], start, stop), 9);
    for (const ahead of [1, 2]) {
      const p = months[ahead];
      const expected = 0.105 * (overlap(p, from + 14 * DAY, Infinity) - overlap(p, start + 14 * DAY, stop + 14 * DAY));
      const effect = at('on_time_delivery', ahead)?.statisticalEffect.mean ?? 0;
      expect(Math.abs(effect - expected)).toBeLessThan((4 * expected * 0.25) / Math.sqrt(DRAWS) + 1e-9);
    }
  });

  it('judges a target change from after this month by next month only, where it is in force at the end', async () => {
    // on-time delivery 94 with a forecast sd of 1 against 95: P = 1 - Phi(1) = 0.159; against 93 next month:
    // Phi(1) = 0.841. The change starts on the 4th of next month: this month ends under the old target
    const target = { kind: 'target', id: 'on_time_delivery', change: 'set', value: 93, from: new Date(from + 3 * DAY) };
    const res = await gql<{ whatIf: { kpis: KpiWhatIf[] } }>(
      sut.url,
      QUERY,
      { scenario: { drivers: [target], draws: DRAWS, horizonPeriods: 2 } },
      bearer(sut.token('viewer')),
    );
    expect(res.errors).toBeUndefined();
    const otd = res.data!.whatIf.kpis.filter((k) => k.kpiId === 'on_time_delivery');
    expect(otd.map((k) => k.periodsAhead)).toEqual([1]);
    expect(otd[0].baseline.target).toBe(95);
    expect(otd[0].baseline.probabilityOfMeetingTarget).toBeCloseTo(0.159, 1);
    expect(otd[0].scenario.target).toBe(93);
    expect(otd[0].scenario.probabilityOfMeetingTarget).toBeCloseTo(0.841, 1);
  });

  it('saves the end with the scenario and runs it again the same', async () => {
    const strategist = bearer(sut.token('strategist'));
    const saved = await gql<{ saveScenario: { id: string; drivers: Array<{ from: string; until: string | null }> } }>(
      sut.url,
      `mutation($scenario: ScenarioInput!) { saveScenario(name: "OEE line 2 +5, two weeks", scenario: $scenario) {
        id drivers { from until } } }`,
      { scenario: { ...scenario, draws: 200 } },
      strategist,
    );
    expect(saved.errors).toBeUndefined();
    const [driver] = saved.data!.saveScenario.drivers;
    expect([Date.parse(driver.from), Date.parse(driver.until!)]).toEqual([from, until]);

    const compared = await gql<{ compareScenarios: Array<{ result: { kpis: KpiWhatIf[] } }> }>(
      sut.url,
      'query($ids: [ID!]!) { compareScenarios(ids: $ids) { result { kpis { kpiId periodsAhead exactEffect } } } }',
      { ids: [saved.data!.saveScenario.id] },
      strategist,
    );
    expect(compared.errors).toBeUndefined();
    const line2 = compared.data!.compareScenarios[0].result.kpis.find(
      (k) => k.kpiId === 'oee_line2' && k.periodsAhead === 1,
    );
    expect(line2!.exactEffect).toBeCloseTo((5 * 15 * DAY) / (months[1].end - months[1].start), 9);
  });

  it('refuses an end that is not after the start, naming the field', async () => {
    const driver = { kind: 'kpi', id: 'oee_line2', change: 'absolute', value: 5 };
    const at = new Date(months[1].start).toISOString();
    const res = await gql(
      sut.url,
      QUERY,
      { scenario: { drivers: [{ ...driver, from: at, until: at }], draws: 200 } },
      bearer(sut.token('viewer')),
    );
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain('scenario.drivers.0.until: must be after from');
  });
});
