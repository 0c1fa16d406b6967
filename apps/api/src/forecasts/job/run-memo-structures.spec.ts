import { seededNormal, STRUCTURES_KEY_PREFIX } from '@bsc/forecasting';
import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';
import { emptyForecastMemo, type ForecastMemo } from './forecast-memo';
import { runForecastJob } from './forecast-job';
import { RunMemo } from './run-memo';

const structure = (series: string, method: string) => `${STRUCTURES_KEY_PREFIX}${series}|${method}`;

describe("a run keeps each forecast series' structures whole", () => {
  // two series' kept structures (a and b), and a past-origin fit that is not a structure
  const arimaA = [{ length: 60, until: 64, structure: 'arima a' }];
  const etsA = [{ length: 62, until: 66, structure: 'ets a' }];
  const arimaB = [{ length: 60, until: 63, structure: 'arima b' }];
  const previous: ForecastMemo = {
    ...emptyForecastMemo(),
    models: new Map<string, unknown>([
      [structure('a', 'auto-arima-fit|m7'), arimaA],
      [structure('a', 'auto-ets-fit|m7'), etsA],
      [structure('b', 'auto-arima-fit|m7'), arimaB],
      ['auto-ets-fit|m7|28:x', { fitted: true }],
    ]),
  };

  it("reading one structure of a series keeps the series' others, listed for the KPI that read it", () => {
    const memo = new RunMemo(previous);
    let models: string[] = [];
    // series a's forecast reads its ETS structures only (its method choice is kept: no ARIMA backtest today)
    memo.own('kpi a', () => {
      models = memo.modelsOf(() => memo.model(structure('a', 'auto-ets-fit|m7'))).models;
    });

    // a's ARIMA structures stay, the same entry, for the day its backtests run again; b and the fit were not read
    expect([...memo.used.models.keys()].sort()).toEqual([
      structure('a', 'auto-arima-fit|m7'),
      structure('a', 'auto-ets-fit|m7'),
    ]);
    expect(memo.used.models.get(structure('a', 'auto-arima-fit|m7'))).toBe(arimaA);
    expect(memo.used.owners.get('kpi a')?.sort()).toEqual([
      `m${structure('a', 'auto-arima-fit|m7')}`,
      `m${structure('a', 'auto-ets-fit|m7')}`,
    ]);
    // a method choice made inside lists them too, so a later run of the day that takes the choice keeps them
    expect(models.sort()).toEqual([structure('a', 'auto-arima-fit|m7'), structure('a', 'auto-ets-fit|m7')]);
    expect(memo.modelsReused).toBe(2);
  });

  it('writing a structure keeps the rest of its series, and other keys keep nothing more', () => {
    const memo = new RunMemo(previous);
    memo.own('kpi b', () => {
      memo.model('auto-ets-fit|m7|28:x');
      memo.setModel(structure('b', 'auto-ets-fit|m7'), [{ length: 61, until: 63, structure: 'ets b' }]);
    });

    expect([...memo.used.models.keys()].sort()).toEqual([
      'auto-ets-fit|m7|28:x',
      structure('b', 'auto-arima-fit|m7'),
      structure('b', 'auto-ets-fit|m7'),
    ]);
  });
});

describe('the forecast job on the days a method choice is kept', () => {
  const NOW = Date.UTC(2026, 10, 22, 12);
  const TODAY = Date.UTC(2026, 10, 22);
  const DAYS = 80;
  const daily = (level: number, seed: number): DailySeries => {
    const z = seededNormal(seed);
    const values = Array.from({ length: DAYS + 2 }, (_, d) => level + 0.1 * level * Math.sin(d) + 0.05 * level * z());
    return { start: TODAY - DAYS * DAY_MS, values };
  };
  const full = new Map([
    ['revenue', daily(150_000, 1)],
    ['sum(erp.orders_on_time, period)', daily(95, 2)],
    ['sum(erp.orders_shipped, period)', daily(100, 3)],
  ]);
  const onDay = (day: number) =>
    new Map([...full].map(([key, s]) => [key, { ...s, values: s.values.slice(0, DAYS + 1 + day) }]));
  let model: TwinModel;

  beforeAll(async () => {
    model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
  });

  it("keeps the ARIMA structures of the first day's backtests for the day they run again", () => {
    const kpiIds = ['revenue', 'on_time_delivery'];
    const first = runForecastJob({ model, series: onDay(0), now: NOW, kpiIds });
    const next = runForecastJob({ model, series: onDay(1), now: NOW + DAY_MS, kpiIds, memo: first.memo });

    // ARIMA is a candidate of the backtests only (the default's members on seasonal days are ETS and Theta): on
    // the next day a series whose choice is kept does not read its ARIMA structures, and they must stay all the same
    const structures = (part: string) =>
      [...first.memo.models.keys()].filter((key) => key.startsWith(STRUCTURES_KEY_PREFIX) && key.includes(part));
    expect(structures('|auto-arima-fit')).toHaveLength(3);
    // a choice kept is the same list as the day before (one chosen again is a new one)
    const kept = structures('|choice|').filter((key) => next.memo.models.get(key) === first.memo.models.get(key));
    expect(kept.length).toBeGreaterThan(0);
    for (const key of structures('|auto-arima-fit')) expect(next.memo.models.get(key)).toBe(first.memo.models.get(key));
  });
});
