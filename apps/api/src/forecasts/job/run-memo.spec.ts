import { seededNormal } from '@bsc/forecasting';
import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';
import { runForecastJob, type ForecastJobInput } from './forecast-job';
import { candidateForecasters } from './kpi-forecast';
import { nextForecastMemo } from './forecast-memo';
import { structuresOnly } from '../runtime/stored-structures';

// 2026-11-22 12:00 UTC: revenue's Q4 has 40 days left counting today, on-time delivery's November 9.
const NOW = Date.UTC(2026, 10, 22, 12);
const TODAY = Date.UTC(2026, 10, 22);
const DAYS = 80;

/** DAYS complete days and today's part, seeded. */
function daily(level: number, seed: number, days = DAYS): DailySeries {
  const z = seededNormal(seed);
  const values = Array.from({ length: days + 1 }, (_, d) => level + 0.1 * level * Math.sin(d) + 0.05 * level * z());
  return { start: TODAY - DAYS * DAY_MS, values };
}

describe('forecast runs reusing the previous run past-origin errors and method choices', () => {
  let model: TwinModel;
  let first: ReturnType<typeof runForecastJob>;
  // a series KPI (quarterly sum) and a ratio projected term by term (monthly)
  const series = new Map([
    ['revenue', daily(150_000, 1)],
    ['sum(erp.orders_on_time, period)', daily(95, 2)],
    ['sum(erp.orders_shipped, period)', daily(100, 3)],
  ]);
  const kpiIds = ['revenue', 'on_time_delivery'];
  const job = (over: Partial<ForecastJobInput> = {}) => runForecastJob({ model, series, now: NOW, kpiIds, ...over });

  beforeAll(async () => {
    model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
    first = job();
  });

  it('gives the same forecasts of the current and later periods as a run without them, and keeps what it used', () => {
    const forecasts = candidateForecasters().map((f) => jest.spyOn(f, 'forecast'));
    // as the worker hands it back: a structured clone
    const second = job({ memo: structuredClone(first.memo) });
    const calls = forecasts.reduce((n, spy) => n + spy.mock.calls.length, 0);
    forecasts.forEach((spy) => spy.mockRestore());

    expect(first.forecasts.map((f) => f.laterPeriods?.length)).toEqual([2, 2]);
    expect(second.forecasts).toEqual(first.forecasts);
    // nothing forecast again: no backtest, no past origin, no projection
    expect(calls).toBe(0);
    expect(first.reused).toEqual({ errors: 0, choices: 0, projections: 0, fits: 0, models: 0 });
    // three series (revenue and the ratio's two terms): three method choices, and each series' projections of the
    // current period and of the later ones: six; all three are sums: two forecasts of their remaining days each
    expect(first.memo.choices.size).toBe(3);
    expect(second.reused).toEqual({ errors: first.memo.errors.size, choices: 3, projections: 6, fits: 6, models: 0 });
    expect([...second.memo.errors.keys()]).toEqual([...first.memo.errors.keys()]);
    expect([...second.memo.choices.keys()]).toEqual([...first.memo.choices.keys()]);
    // the models the errors were computed with stay for the next day, though no error was computed again
    expect(first.memo.models.size).toBeGreaterThan(0);
    expect([...second.memo.models.keys()].sort()).toEqual([...first.memo.models.keys()].sort());
  });

  it('later the same day (today further along, another target) it still equals a fresh run', () => {
    const later = new Map(series);
    const revenue = series.get('revenue')!;
    later.set('revenue', { ...revenue, values: [...revenue.values.slice(0, -1), 250_000] });
    const overrides = new Map([['revenue', new Map([['2027-Q1', { value: 9_000_000 }]])]]);
    const at = { series: later, now: NOW + 6 * 3_600_000, overrides };

    const reused = job({ ...at, memo: first.memo });

    expect(reused.forecasts).toEqual(job(at).forecasts);
    // revenue (a sum: today's value bounds it) and its later periods (a new target) are projected again from the
    // kept errors, choice and forecasts; the ratio's terms keep their four projections
    expect(reused.reused).toEqual({ errors: first.memo.errors.size, choices: 3, projections: 4, fits: 6, models: 0 });
  });

  it("a queue run of revenue alone, today further along, replaces revenue's projection and keeps the ratio's", () => {
    const later = new Map(series);
    const revenue = series.get('revenue')!;
    later.set('revenue', { ...revenue, values: [...revenue.values.slice(0, -1), 250_000] });

    const queued = job({ series: later, kpiIds: ['revenue'], memo: first.memo });
    const next = nextForecastMemo(
      first.memo,
      queued.memo,
      true,
      model.kpis.map((k) => k.id),
    );

    // three series, one current-period projection each: revenue's at today's old value gives way to the one at
    // 250,000, still 3 (adding without pruning: 4); its errors, choice, later periods (3 series' later projections)
    // and forecasts of remaining days keep their keys
    expect(next.projections.size).toBe(3);
    expect(next.later.size).toBe(3);
    expect([...next.projections.keys()].filter((key) => !first.memo.projections.has(key))).toHaveLength(1);
    expect([...next.errors.keys()].sort()).toEqual([...first.memo.errors.keys()].sort());
    expect(next.choices.size).toBe(3);
    expect(next.fits.size).toBe(6);
    // the ratio's entries untouched
    expect(next.owners.get('on_time_delivery')).toBe(first.memo.owners.get('on_time_delivery'));
  });

  it('on the next day (a new complete day) computes errors and choices again, and drops the old ones', () => {
    const next = new Map([...series].map(([key, s]) => [key, { ...s, values: [...s.values, s.values[DAYS]] }]));
    const at = { series: next, now: NOW + DAY_MS };

    const reused = job({ ...at, memo: first.memo });

    // the model structures the first day's searches chose are fitted again the next day (see seriesStructures): the
    // same forecasts as a run that keeps those alone; every other entry of the memo changes no number
    const structures = structuresOnly(first.memo);
    expect(structures.models.size).toBeGreaterThan(0);
    expect(reused.forecasts).toEqual(job({ ...at, memo: structures }).forecasts);
    // the past origins' models are fitted on leading parts of the days, which the next day still has: every one
    // of them the next day asks for again is not fitted again (revenue's choice turns to ARIMA, whose fits are new)
    const again = [...reused.memo.models.keys()].filter((key) => first.memo.models.has(key));
    expect(again.length).toBeGreaterThan(0);
    expect(reused.reused).toEqual({ errors: 0, choices: 0, projections: 0, fits: 0, models: again.length });
    expect([...reused.memo.errors.keys()].some((key) => first.memo.errors.has(key))).toBe(false);
    expect([...reused.memo.choices.keys()].some((key) => first.memo.choices.has(key))).toBe(false);
  });

  it('a corrected past day of one series chooses its method again, the others keep theirs', () => {
    const corrected = new Map(series);
    const revenue = series.get('revenue')!;
    corrected.set('revenue', { ...revenue, values: revenue.values.map((v, d) => (d === 40 ? v + 1 : v)) });
    const at = { series: corrected };

    const reused = job({ ...at, memo: first.memo });

    // everything but the kept model structures and fits (parameters estimated again at a reselection) is made
    // again from the corrected values: the run equals one given those alone, and the correction moves revenue
    expect(reused.forecasts).toEqual(job({ ...at, memo: structuresOnly(first.memo) }).forecasts);
    expect(reused.forecasts[0]).not.toEqual(first.forecasts[0]);
    // the ratio's two terms keep theirs, and their projections of this and the later periods
    expect(reused.reused.choices).toBe(2);
    expect(reused.reused.projections).toBe(4);
    expect(reused.reused.fits).toBe(4);
  });
});
