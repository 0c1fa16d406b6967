import { reselectAt, seriesPhase, type Forecaster } from '@bsc/forecasting';
import { chooseSeriesMethod, METHOD_CHOICE_KEPT_DAYS } from './method-choice';
import { RunMemo } from './run-memo';
import { lastWeekMeanModel } from './test-support/global-model.builder';

const PLAN = { h: 14, m: 7, origins: 3 };
/** Flat at 100 with a spike of 200 at t = 105, 120 days. */
const spike = (): number[] => Array.from({ length: 120 }, (_, t) => (t === 105 ? 200 : 100));

/** Every future day repeats the last observed one; counts its forecasts. */
function countingNaive(): Forecaster & { calls: number } {
  const f = {
    name: 'naive',
    calls: 0,
    forecast: ({ y, h }: { y: readonly number[]; h: number }) => {
      f.calls++;
      const mean = Array.from({ length: h }, () => y[y.length - 1]);
      return { method: 'naive', mean, lower: { 80: mean }, upper: { 80: mean }, sigma: mean.map(() => 1) };
    },
  };
  return f;
}

const lastWeekMean = lastWeekMeanModel();

describe(chooseSeriesMethod.name, () => {
  // Backtest, h = 14, step 7: origins 106, 99 and 92. At 106 naive says 200 (the spike) where 100 came: sMAPE
  // 200·100/300 = 200/3 on each day; at 99 and 92 it says 100, and misses only the spike's day (in both windows):
  // (200/3)/14. Mean sMAPE (200/3)·(1 + 2/14)/3 = 1600/63. MASE only where the seasonal scale is not 0: at 106 one
  // difference of 100 among 99 (t = 7..105), scale 100/99, MASE 100/(100/99) = 99. Coverage of the 80 % band (the
  // forecast itself): 0 at 106, 13/14 at 99 and 92: (26/14)/3 = 13/21.
  // Verdict (see globalVerdict's spec): ratio 0.5·(2/3 + 4/7), joined.
  const expected = {
    results: [{ method: 'naive', smape: 1600 / 63, mase: 99, coverage80: 13 / 21, coverage95: null, origins: 3 }],
    verdict: { joined: true, ratio: 0.5 * (2 / 3 + 4 / 7) },
  };
  const close = (sut: ReturnType<typeof chooseSeriesMethod>) => {
    expect(sut.chosen.name).toBe('naive');
    expect(sut.results).toHaveLength(1);
    expect(sut.results[0].smape).toBeCloseTo(expected.results[0].smape, 9);
    expect(sut.results[0].mase).toBeCloseTo(99, 9);
    expect(sut.results[0].coverage80).toBeCloseTo(13 / 21, 9);
    expect(sut.results[0]).toMatchObject({ coverage95: null, origins: 3 });
    expect(sut.verdict?.joined).toBe(true);
    expect(sut.verdict?.ratio).toBeCloseTo(expected.verdict.ratio, 9);
  };

  it('backtests once per run of the same complete days: the next run takes choice and verdict from the memo', () => {
    const naive = countingNaive();
    const first = new RunMemo(undefined, 'g1');
    close(chooseSeriesMethod(spike(), [naive], PLAN, lastWeekMean, first));
    // 3 backtest origins and the verdict's one forecast of the training part
    expect(naive.calls).toBe(4);

    const next = new RunMemo(first.used, 'g1');
    const sut = chooseSeriesMethod(spike(), [naive], PLAN, lastWeekMean, next);

    close(sut);
    expect(naive.calls).toBe(4);
    expect(next.choicesReused).toBe(1);
    expect([...next.used.choices.keys()]).toEqual([...first.used.choices.keys()]);
  });

  it('a model trained on other data judges the series again, without backtesting it again', () => {
    const naive = countingNaive();
    const first = new RunMemo(undefined, 'g1');
    chooseSeriesMethod(spike(), [naive], PLAN, lastWeekMean, first);

    close(chooseSeriesMethod(spike(), [naive], PLAN, lastWeekMean, new RunMemo(first.used, 'g2')));

    expect(naive.calls).toBe(4 + 1);
  });

  it('a corrected day chooses again, as a run without a memo does', () => {
    const naive = countingNaive();
    const first = new RunMemo(undefined, 'g1');
    chooseSeriesMethod(spike(), [naive], PLAN, lastWeekMean, first);
    const corrected = spike();
    corrected[50] = 101;
    const memo = new RunMemo(first.used, 'g1');

    const sut = chooseSeriesMethod(corrected, [naive], PLAN, lastWeekMean, memo);

    expect(naive.calls - 4).toBe(4);
    expect(memo.choicesReused).toBe(0);
    const fresh = chooseSeriesMethod(corrected, [countingNaive()], PLAN, lastWeekMean);
    expect({ ...sut, chosen: sut.chosen.name }).toEqual({ ...fresh, chosen: fresh.chosen.name });
  });

  it("a new day keeps the choice and its backtests until the series' choice is due, and is judged again", () => {
    const naive = countingNaive();
    const days = (n: number) => [...spike(), ...Array<number>(n - 120).fill(100)];
    const every = METHOD_CHOICE_KEPT_DAYS;
    // a first day whose choice serves the next day too (the series' phase is fixed: this holds on every run)
    const first = [120, 121, 122].find((n) => reselectAt(n, seriesPhase(spike(), every), every) > n + 1)!;
    const due = reselectAt(first, seriesPhase(spike(), every), every);
    let memo = new RunMemo(undefined, 'g1');
    const chosen = chooseSeriesMethod(days(first), [naive], PLAN, lastWeekMean, memo);
    for (let day = first + 1; day <= due; day++) {
      const y = days(day);
      memo = new RunMemo(memo.used, 'g1');
      const before = naive.calls;

      const sut = chooseSeriesMethod(y, [naive], PLAN, lastWeekMean, memo);

      const fresh = chooseSeriesMethod(y, [countingNaive()], PLAN, lastWeekMean);
      expect(sut.verdict).toEqual(fresh.verdict);
      // before it is due: the verdict's one forecast, and the first day's backtests
      expect(naive.calls - before).toBe(day < due ? 1 : 4);
      expect(sut.results).toEqual(day < due ? chosen.results : fresh.results);
    }
  });
});
