import { backtest, type Forecaster } from '@bsc/forecasting';
import { FiscalCalendar } from '@bsc/kpi';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';
import { candidateForecasters } from './kpi-forecast';
import { globalVerdict } from './method-choice';
import { RunMemo } from './run-memo';
import { BACKTEST, periodWindow, projectSeries } from './series-projection';
import { lastWeekMeanModel } from './test-support/global-model.builder';

const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });
// 21 Nov 2026 12:00: November has 20 complete days and 10 remaining (21..30, today included).
const NOW = Date.UTC(2026, 10, 21, 12);
const TODAY = Date.UTC(2026, 10, 21);
const window = periodWindow(calendar, NOW, calendar.periodOf(NOW, 'month'));
/** 120 complete days, t = 0..119, the last one yesterday (20 Nov); t = 100 is 1 Nov. */
const history = (f: (t: number) => number): DailySeries => ({
  start: TODAY - 120 * DAY_MS,
  values: Array.from({ length: 120 }, (_, t) => f(t)),
});

/** Every future day repeats the last observed one. */
const naive: Forecaster = {
  name: 'naive',
  forecast: ({ y, h }) => {
    const mean = Array.from({ length: h }, () => y[y.length - 1]);
    return { method: 'naive', mean, lower: { 80: mean }, upper: { 80: mean }, sigma: mean.map(() => 1) };
  },
};

const lastWeekMean = lastWeekMeanModel();

describe('KPI method choice by its own backtests (the pool of the default)', () => {
  it("keeps the chosen method's backtest as the choice ran it: naive on 0..119 misses by 1..14, MASE 15/14", () => {
    const p = projectSeries(
      history((t) => t),
      { aggregation: 'sum' },
      window,
      [naive],
    )!;
    // origins 106, 99, 92 (h 14, step 7); from origin o naive says o - 1 for o .. o + 13: errors 1 .. 14, mean 7.5,
    // over the in-sample scale |y(t) - y(t - 7)| = 7: MASE 7.5 / 7 = 15 / 14; the 80 % band is the mean, never hit
    expect(p.backtest).toMatchObject({ method: 'naive', origins: 3, coverage80: 0, coverage95: null });
    expect(p.backtest!.mase).toBeCloseTo(15 / 14, 12);
    expect(p.backtest).toEqual(backtest(p.y, naive, { ...BACKTEST, m: p.m }));
  });

  it('a clean linear trend picks a method that extrapolates it', () => {
    const sut = projectSeries(
      history((t) => 100 + 2 * t),
      { aggregation: 'last' },
      window,
      candidateForecasters(),
    )!;

    // the equal-weight ensemble damps a trend (Theta's half slope); ETS and ARIMA with drift (a random walk's
    // constant step of 2) follow it exactly on every origin, so either may win the backtest
    expect(['ets-st', 'arima']).toContain(sut.method);
    // t = 120..129 (21..30 Nov): 100 + 2t = 340, 342, ..., 358
    sut.mean.forEach((v, i) => expect(v).toBeCloseTo(340 + 2 * i, 6));
    expect(sut.projection.expected).toBeCloseTo(358, 6); // a 'last' KPI: the value on 30 Nov
  });

  it('a weekly season is kept: weekdays and weekends forecast as they were', () => {
    const week = [10, 10, 10, 10, 10, 2, 2];
    const sut = projectSeries(
      history((t) => week[t % 7]),
      { aggregation: 'sum' },
      window,
      candidateForecasters(),
    )!;

    expect(sut.method).toBe('ensemble'); // every candidate is exact here: the default is kept
    // t = 120..129: t mod 7 = 1, 2, 3, 4, 5, 6, 0, 1, 2, 3
    const expected = [10, 10, 10, 10, 2, 2, 10, 10, 10, 10];
    sut.mean.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    // 1..20 Nov (t = 100..119) hold six weekend days: 14 x 10 + 6 x 2 = 152; the rest: 8 x 10 + 2 x 2 = 84
    expect(sut.projection.expected).toBeCloseTo(236, 6);
  });
});

describe(globalVerdict.name, () => {
  it('joins where the blend beats the method on the held-out days', () => {
    // flat at 100 with a spike of 200 on the last training day (t = 105); the held-out days t = 106..119 are 100.
    // naive: 200 on each, error 100. Model: mean of t = 99..105 = 800 / 7. Blend: (200 + 800 / 7) / 2 = 1100 / 7,
    // error 400 / 7. MASE ratio 4 / 7; sMAPE 200·(400/7)/(1800/7) = 400/9 against 200·100/300 = 200/3, ratio 2/3.
    const y = history((t) => (t === 105 ? 200 : 100)).values;

    const sut = globalVerdict(y, naive, lastWeekMean, 7);

    expect(sut.ratio).toBeCloseTo(0.5 * (2 / 3 + 4 / 7), 9);
    expect(sut.joined).toBe(true);
  });

  it('stays out where it validates worse: a level lags a trend more than the last value does', () => {
    // y = 100 + 2t; from t = 105 (310) naive is 2k short on day k; the level of t = 99..105 is 304, the blend 307:
    // 2k + 3 short. MASE ratio (15 + 3) / 15 = 1.2 (mean of 2k over k = 1..14 is 15), sMAPE worse as well.
    const y = history((t) => 100 + 2 * t).values;

    const sut = globalVerdict(y, naive, lastWeekMean, 7);

    expect(sut.joined).toBe(false);
    expect(sut.ratio).toBeGreaterThan(1);
  });

  it('a joined series is forecast by the blend, over a period longer than the model horizon', () => {
    // a 31-day month seen from its 1st: 31 remaining days, past the model's 14 (re-applied on its own forecast)
    const jan = periodWindow(calendar, Date.UTC(2027, 0, 1, 12), calendar.periodOf(Date.UTC(2027, 0, 1, 12), 'month'));
    // 120 days ending 31 Dec: flat 100, a spike of 200 fourteen days before the end (held out: validates, see above),
    // and a last value of 107 after a week at 100: naive says 107, the model (100·6 + 107) / 7 = 101.
    const series: DailySeries = {
      start: Date.UTC(2027, 0, 1) - 120 * DAY_MS,
      values: Array.from({ length: 120 }, (_, t) => (t === 105 ? 200 : t === 119 ? 107 : 100)),
    };

    const sut = projectSeries(series, { aggregation: 'sum' }, jan, [naive], undefined, lastWeekMean)!;

    expect(sut.method).toBe('naive+global');
    expect(sut.global?.joined).toBe(true);
    expect(sut.mean).toHaveLength(31);
    // the model re-applied to its own forecast keeps the level 101: every day (107 + 101) / 2 = 104
    sut.mean.forEach((v) => expect(v).toBeCloseTo(104, 9));
    expect(sut.projection.expected).toBeCloseTo(31 * 104, 6);
  });
});

describe('a later cycle of the day with the memo of the previous one', () => {
  /** 120 complete days t = 0..119 and today's value so far. */
  const withToday = (today: number): DailySeries => {
    const s = history((t) => t);
    return { ...s, values: [...s.values, today] };
  };
  const plain = (p: ReturnType<typeof projectSeries>) =>
    p && { ...p, forecaster: p.forecaster.name, used: p.used.name };
  // a sum of parts that cannot be negative: today's value so far bounds today from below
  const cycles = (aggregation: 'avg' | 'sum') => {
    const first = new RunMemo();
    const shape = { aggregation, nonNegative: true };
    projectSeries(withToday(50), shape, window, [naive], undefined, undefined, first);
    const spy = jest.spyOn(naive, 'forecast');
    const sut = projectSeries(withToday(400), shape, window, [naive], undefined, undefined, new RunMemo(first.used));
    const calls = spy.mock.calls.length;
    spy.mockRestore();
    return { sut, calls, fresh: projectSeries(withToday(400), shape, window, [naive]) };
  };

  it("keeps an average's projection whole when only today's value moved (it does not bound an average)", () => {
    const { sut, calls, fresh } = cycles('avg');

    expect(calls).toBe(0);
    expect(plain(sut)).toEqual(plain(fresh));
  });

  it("projects a sum again from the kept choice, errors and forecasts: today's 400 lifts today's 119", () => {
    const { sut, calls, fresh } = cycles('sum');

    // no backtest, no past origin, no forecast of the remaining days: only today's bound is applied again
    expect(calls).toBe(0);
    expect(sut!.mean[0]).toBe(400);
    expect(plain(sut)).toEqual(plain(fresh));
  });
});
