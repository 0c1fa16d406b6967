import { FiscalCalendar, type FiscalPeriod } from '@bsc/kpi';
import { loadValidModelFromFile } from '@bsc/twin';
import type { ForecastProvider, LaterPeriodEndView } from '../../../apps/api/src/forecasts/forecast-provider.port';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';
import { DAY, demoForecasts, oeeToDeliveryLink, periodsFrom, recordDemoOutput } from './demo-forecasts.fixture';

const DRAWS = 4000;

interface KpiWhatIf {
  kpiId: string;
  periodKey: string;
  periodsAhead: number;
  exactEffect: number;
  statisticalEffect: { mean: number };
}

const QUERY = `query($scenario: ScenarioInput!) { whatIf(scenario: $scenario) {
  kpis { kpiId periodKey periodsAhead exactEffect statisticalEffect { mean } }
} }`;

const LINKS = [oeeToDeliveryLink()];

describe('whatIf beyond the periods the forecasts project (demo model, a stand-in runtime)', () => {
  let sut: ApiTestApp;
  let months: FiscalPeriod[];
  const asked: number[] = [];
  const now = Date.now();

  beforeAll(async () => {
    const model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
    months = periodsFrom(new FiscalCalendar(model.calendar), now, 'month', 11);
    // the runs project the next two periods; the runtime projects more when asked (the same stand-in values)
    const provider: ForecastProvider = {
      ...demoForecasts(model, now, LINKS, 2),
      laterPeriods: async (ids, count) => {
        asked.push(count);
        const views = await demoForecasts(model, now, LINKS, count).forecasts(ids);
        return new Map([...views].map(([id, v]): [string, LaterPeriodEndView[]] => [id, v?.laterPeriods ?? []]));
      },
    };
    sut = await startApiTestApp({}, provider);
    await recordDemoOutput(sut, months[0].start, now);
  });
  afterAll(() => sut?.close());

  const run = (horizonPeriods: number) =>
    gql<{ whatIf: { kpis: KpiWhatIf[] } }>(
      sut.url,
      QUERY,
      {
        scenario: {
          drivers: [
            {
              kind: 'kpi',
              id: 'oee_line2',
              change: 'absolute',
              value: 5,
              from: new Date(months[1].start).toISOString(),
            },
          ],
          draws: DRAWS,
          horizonPeriods,
        },
      },
      bearer(sut.token('viewer')),
    );

  it('moves months 2 to 6 of a six-period horizon exactly through the formulas and along the lagged link', async () => {
    const res = await run(6);
    expect(res.errors).toBeUndefined();
    const at = (id: string, ahead: number) =>
      res.data!.whatIf.kpis.find((k) => k.kpiId === id && k.periodsAhead === ahead);
    expect(asked).toEqual([5]);
    for (let ahead = 1; ahead <= 5; ahead++) {
      expect(at('oee_line2', ahead)).toMatchObject({ periodKey: months[ahead].key, exactEffect: 5 });
      // plant north (oee1 * 300 + oee2 * 100) / 400: +1.25; group (north * 400 + oee3 * 600) / 1000: +0.5
      expect(at('oee_group', ahead)!.exactEffect).toBeCloseTo(0.5, 9);
    }
    // +0.5 on oee_group = 0.25 sd at weight 0.7 -> 0.175 sd; slope 0.4 -> 0.07 sd = 0.105 points (scale 1.5), from
    // 14 days into month 2: months 3 to 6 whole (a slope sd of a quarter: 4 sd of the mean of 4000 draws)
    const arrives = months[1].start + 14 * DAY;
    const share = (p: FiscalPeriod) => (p.end - Math.max(arrives, p.start)) / (p.end - p.start);
    for (let ahead = 1; ahead <= 5; ahead++) {
      const expected = 0.105 * share(months[ahead]);
      const effect = at('on_time_delivery', ahead)!.statisticalEffect.mean;
      expect(Math.abs(effect - expected)).toBeLessThan((4 * 0.105 * 0.25) / Math.sqrt(DRAWS));
    }
  });

  it('shows a year of months at the maximum horizon, 12', async () => {
    const res = await run(12);
    expect(res.errors).toBeUndefined();
    const line2 = res.data!.whatIf.kpis.filter((k) => k.kpiId === 'oee_line2').map((k) => k.periodKey);
    expect(line2).toEqual(months.slice(1, 12).map((m) => m.key));
  });

  it('asks the runtime for nothing more within the periods the runs project', async () => {
    asked.length = 0;
    expect((await run(3)).errors).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('refuses a horizon above 12, naming the field', async () => {
    const res = await run(13);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toContain('horizonPeriods');
  });
});
