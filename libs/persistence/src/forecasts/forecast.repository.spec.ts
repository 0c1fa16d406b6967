import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { ForecastRepository } from './forecast.repository';
import type { NewForecast } from './forecast.types';
import { checkLatestBefore } from './test-support/forecast-cases';

interface Payload {
  mean: number[];
}

const aForecast = (overrides: Partial<NewForecast<Payload>> = {}): NewForecast<Payload> => ({
  kpiId: 'oee',
  computedAt: 1_000,
  method: 'ets',
  horizon: 3,
  payload: { mean: [0.8, 0.81, 0.82] },
  ...overrides,
});

describe(ForecastRepository.name, () => {
  let dataSource: DataSource;
  let sut: ForecastRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new ForecastRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('returns the newest forecast per KPI with its payload', async () => {
    await sut.saveForecasts([
      aForecast(),
      aForecast({ computedAt: 2_000, periodKey: '2026-11', probability: 0.4, payload: { mean: [0.9] } }),
      aForecast({ kpiId: 'scrap', method: 'naive' }),
    ]);

    const latest = await sut.latest<Payload>(['oee', 'scrap', 'unknown']);

    expect(latest.map((f) => [f.kpiId, f.computedAt, f.probability, f.payload.mean])).toEqual([
      ['oee', 2_000, 0.4, [0.9]],
      ['scrap', 1_000, null, [0.8, 0.81, 0.82]],
    ]);
  });

  it('returns the newest forecast of one method', async () => {
    await sut.saveForecasts([
      aForecast({ method: 'ets', computedAt: 1_000 }),
      aForecast({ method: 'arima', computedAt: 2_000 }),
    ]);

    const latest = await sut.latest(['oee'], 'ets');

    expect(latest.map((f) => f.method)).toEqual(['ets']);
  });

  it('returns per KPI the newest forecast with a period end made before a time', async () => {
    await checkLatestBefore(sut);
  });

  it('lists the forecasts of a KPI computed in a window', async () => {
    await sut.saveForecasts([3_000, 1_000, 2_000].map((computedAt) => aForecast({ computedAt })));

    const history = await sut.history('oee', 1_500, 3_500);

    expect(history.map((f) => f.computedAt)).toEqual([2_000, 3_000]);
  });

  it('keeps the newest estimate of each strategy link', async () => {
    await sut.saveLinkEstimates([
      { fromObjective: 'a', toObjective: 'b', computedAt: 1, payload: { r: 0.1 } },
      { fromObjective: 'a', toObjective: 'b', computedAt: 2, payload: { r: 0.6 } },
      { fromObjective: 'b', toObjective: 'c', computedAt: 1, payload: { r: -0.2 } },
    ]);

    const latest = await sut.latestLinkEstimates<{ r: number }>();

    expect(latest.map((l) => [l.fromObjective, l.toObjective, l.payload.r])).toEqual([
      ['a', 'b', 0.6],
      ['b', 'c', -0.2],
    ]);
  });

  it('purges results computed before a cutoff', async () => {
    await sut.saveForecasts([aForecast({ computedAt: 1 }), aForecast({ computedAt: 10 })]);
    await sut.saveLinkEstimates([{ fromObjective: 'a', toObjective: 'b', computedAt: 1, payload: {} }]);

    await expect(sut.purgeComputedBefore(5)).resolves.toBe(2);
    expect((await sut.history('oee', 0, 100)).map((f) => f.computedAt)).toEqual([10]);
  });
});
