import type { Forecaster } from '../core/forecast.types';
import { getForecaster } from '../methods/forecast-methods';
import { projectPeriodEnd, runningPeriodValues, withCurrentStep } from './period-end-projection';
import type { PeriodEndInput } from './period-end.types';
import { seededNormal } from './seeded-random';

const ses = getForecaster('ses');

/** Daily values of a local-level process: a slowly wandering level plus day-to-day noise. */
function localLevel(n: number, seed: number, level = 100, drift = 1, noise = 10): number[] {
  const z = seededNormal(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    level += drift * z();
    out.push(level + noise * z());
  }
  return out;
}

const base = (over: Partial<PeriodEndInput>): PeriodEndInput => ({
  history: localLevel(90, 1),
  elapsed: [],
  remaining: 30,
  aggregation: 'sum',
  m: 1,
  forecaster: ses,
  ...over,
});

describe(projectPeriodEnd.name, () => {
  it.each([
    ['far above a higher-is-better target', 'higher_is_better', 1000, (p: number) => expect(p).toBeGreaterThan(0.99)],
    ['far below a higher-is-better target', 'higher_is_better', 10_000, (p: number) => expect(p).toBeLessThan(0.01)],
    ['far below a lower-is-better target', 'lower_is_better', 10_000, (p: number) => expect(p).toBeGreaterThan(0.99)],
    ['far above a lower-is-better target', 'lower_is_better', 1000, (p: number) => expect(p).toBeLessThan(0.01)],
  ] as const)('gives a probability near certainty when %s', (_name, direction, value, check) => {
    const history = localLevel(90, 2);
    const result = projectPeriodEnd(
      base({ history: history.slice(0, 75), elapsed: history.slice(75), remaining: 15, target: { direction, value } }),
    );
    check(result!.probabilityOfMeetingTarget!);
  });

  it('accumulates sum-type KPIs: the elapsed total plus the forecast of the rest', () => {
    const flat = Array.from({ length: 60 }, () => 10);
    const result = projectPeriodEnd(
      base({ history: flat, elapsed: [10, 10, 10, 10, 10], remaining: 25, aggregation: 'sum' }),
    );
    expect(result!.expected).toBeCloseTo(300, 6);
    expect(result!.probabilityOfMeetingTarget).toBeNull();
  });

  it('averages average-type KPIs over the whole period', () => {
    const flat = Array.from({ length: 60 }, () => 80);
    const result = projectPeriodEnd(
      base({ history: flat, elapsed: [90, 90, 90, 90, 90, 90, 90, 90, 90, 90], remaining: 20, aggregation: 'avg' }),
    );
    // SES on a series ending in ten 90s forecasts close to 90, so the period average lies between 80 and 90.
    expect(result!.expected).toBeGreaterThan(85);
    expect(result!.expected).toBeLessThanOrEqual(90);
  });

  it('returns the actual value with certainty once the period is over', () => {
    const result = projectPeriodEnd(
      base({
        elapsed: [5, 6, 7],
        remaining: 0,
        aggregation: 'sum',
        target: { direction: 'higher_is_better', value: 18 },
      }),
    );
    expect(result).toMatchObject({ expected: 18, probabilityOfMeetingTarget: 1, uncertainty: 'none' });
  });

  it('handles band targets', () => {
    const flat = localLevel(80, 3, 50, 0.01, 0.5);
    const inside = projectPeriodEnd(
      base({ history: flat, aggregation: 'avg', target: { direction: 'band', lower: 45, upper: 55 } }),
    );
    const outside = projectPeriodEnd(
      base({ history: flat, aggregation: 'avg', target: { direction: 'band', lower: 60, upper: 70 } }),
    );
    expect(inside!.probabilityOfMeetingTarget).toBeGreaterThan(0.95);
    expect(outside!.probabilityOfMeetingTarget).toBeLessThan(0.05);
  });

  it('refuses to project from too little data', () => {
    expect(projectPeriodEnd(base({ history: [1, 2, 3], elapsed: [], remaining: 10 }))).toBeNull();
  });

  it('orders its intervals and is reproducible', () => {
    const input = base({ history: localLevel(10, 4), remaining: 20 });
    const a = projectPeriodEnd(input)!;
    const b = projectPeriodEnd(input)!;
    expect(a).toEqual(b);
    expect(a.lower95).toBeLessThanOrEqual(a.lower80);
    expect(a.lower80).toBeLessThanOrEqual(a.expected);
    expect(a.expected).toBeLessThanOrEqual(a.upper80);
    expect(a.upper80).toBeLessThanOrEqual(a.upper95);
  });

  it('is calibrated on simulated local-level data: outcomes happen about as often as predicted', () => {
    const predicted: number[] = [];
    const happened: number[] = [];
    for (let run = 0; run < 80; run++) {
      const series = localLevel(120, 1000 + run);
      const history = series.slice(0, 90);
      const elapsed = series.slice(90, 105);
      const outcome = series.slice(90).reduce((s, v) => s + v, 0);
      // Targets around the naive expectation so the probabilities spread over (0, 1).
      const naive = elapsed.reduce((s, v) => s + v, 0) + 15 * elapsed[elapsed.length - 1];
      const target = naive + ((run % 9) - 4) * 60;
      const result = projectPeriodEnd({
        history,
        elapsed,
        remaining: 15,
        aggregation: 'sum',
        m: 1,
        forecaster: ses,
        target: { direction: 'higher_is_better', value: target },
      });
      predicted.push(result!.probabilityOfMeetingTarget!);
      happened.push(outcome >= target ? 1 : 0);
    }
    const brier = predicted.reduce((s, p, i) => s + (p - happened[i]) ** 2, 0) / predicted.length;
    const climatology = happened.reduce((s, h) => s + h, 0) / happened.length;
    const brierClimatology = climatology * (1 - climatology);
    const meanPredicted = predicted.reduce((s, p) => s + p, 0) / predicted.length;

    expect(Math.abs(meanPredicted - climatology)).toBeLessThan(0.1);
    expect(brier).toBeLessThan(brierClimatology);
    for (const [lo, hi] of [
      [0, 0.35],
      [0.65, 1.01],
    ]) {
      const idx = predicted.map((p, i) => (p >= lo && p < hi ? i : -1)).filter((i) => i >= 0);
      const freq = idx.reduce((s, i) => s + happened[i], 0) / idx.length;
      const avg = idx.reduce((s, i) => s + predicted[i], 0) / idx.length;
      expect(idx.length).toBeGreaterThan(10);
      expect(Math.abs(freq - avg)).toBeLessThan(0.2);
    }
  });
});

describe(`${projectPeriodEnd.name} of a period min or max`, () => {
  /** Every future day at the mean of the history, with no spread of its own. */
  const flatMean = (sigma: number): Forecaster => ({
    name: 'flat',
    forecast: ({ y, h }) => {
      const mean = Array<number>(h).fill(y.reduce((s, v) => s + v, 0) / y.length);
      return {
        method: 'flat',
        mean,
        lower: { 80: mean, 95: mean },
        upper: { 80: mean, 95: mean },
        sigma: mean.map(() => sigma),
      };
    },
  });
  // 40, 60, 40, 60, ...: any even stretch averages 50 and holds both 40 and 60
  const alternating = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 40 : 60));

  it.each([
    ['max', 60],
    ['min', 40],
  ] as const)('%s: the excess of a window over its forecast means is kept (%d)', (aggregation, expected) => {
    // 20 origins two days apart (43 of 50 possible / 20 → every 2nd: 50, 48, .., 12), each trained on an even
    // stretch: forecast 50 a day, the window of 10 days realises 60 (max) or 40 (min), its mean 50 (no level bias)
    const sut = projectPeriodEnd(
      base({
        history: alternating,
        remaining: 10,
        aggregation,
        forecaster: flatMean(0),
        maxOrigins: 20,
        target: { direction: 'lower_is_better', value: 55 },
      }),
    )!;

    expect(sut.uncertainty).toBe('empirical');
    expect(sut.expected).toBe(expected);
    expect(sut.lower80).toBe(expected);
    expect(sut.upper80).toBe(expected);
    expect(sut.probabilityOfMeetingTarget).toBe(aggregation === 'max' ? 0 : 1);
  });

  it('parametric: the expectation is the mean of the simulated maxima, inside its own interval', () => {
    // too short for past windows: paths of 10 independent days N(50, 5²); E[max of 10 N(0, 1)] = 1.5388
    const sut = projectPeriodEnd(
      base({ history: Array<number>(12).fill(50), remaining: 10, aggregation: 'max', forecaster: flatMean(5) }),
    )!;

    expect(sut.uncertainty).toBe('parametric');
    // 2000 paths: the mean's standard error is about 0.59 x 5 / sqrt(2000) = 0.07
    expect(Math.abs(sut.expected - (50 + 5 * 1.5388))).toBeLessThan(0.25);
    expect(sut.expected).toBeGreaterThanOrEqual(sut.lower80);
    expect(sut.expected).toBeLessThanOrEqual(sut.upper80);
  });
});

describe(runningPeriodValues.name, () => {
  it.each([
    // elapsed 10 + 20 = 30 over 2 days; then 30 and 40
    ['sum: running total', 'sum', [60, 100]], // 30 + 30; 30 + 30 + 40
    ['avg: running mean over elapsed and forecast days', 'avg', [20, 25]], // 60 / 3; 100 / 4
    ['last: the latest day', 'last', [30, 40]],
    ['min: running minimum', 'min', [10, 10]],
    ['max: running maximum', 'max', [30, 40]],
  ] as const)('%s', (_name, aggregation, expected) => {
    expect(runningPeriodValues([10, 20], [30, 40], aggregation)).toEqual(expected);
  });
});

describe(withCurrentStep.name, () => {
  it.each([
    ['a sum of parts that cannot be negative holds at least what today has', [100, 100], 150, 'sum', true, [150, 100]],
    ['a count too, whatever is declared', [3, 3], 5, 'count', false, [5, 3]],
    ['a sum that may still fall today is no bound (a net flow)', [100, 100], 150, 'sum', false, [100, 100]],
    ['below the forecast the forecast stands', [100, 100], 30, 'sum', true, [100, 100]],
    ["an average's partial day is no bound", [100, 100], 150, 'avg', true, [100, 100]],
    ['without a value so far nothing changes', [100, 100], undefined, 'sum', true, [100, 100]],
  ] as const)('%s', (_name, mean, current, aggregation, nonNegative, expected) => {
    expect(withCurrentStep(mean, current, aggregation, nonNegative)).toEqual(expected);
  });

  it("lifts the period-end expectation of a sum by today's excess over its forecast", () => {
    const flat = Array<number>(30).fill(100);
    const input = base({ history: flat, elapsed: [100, 100], remaining: 3, forecaster: getForecaster('naive') });

    // elapsed 200; the rest 3 x 100 = 300, or 250 + 2 x 100 = 450 with 250 already in today
    expect(projectPeriodEnd({ ...input, nonNegative: true })!.expected).toBeCloseTo(500, 9);
    expect(projectPeriodEnd({ ...input, nonNegative: true, current: 250 })!.expected).toBeCloseTo(650, 9);
    // a net flow of 250 so far may still fall back by tonight: the day stays at its forecast, 200 + 3 x 100
    expect(projectPeriodEnd({ ...input, current: 250 })!.expected).toBeCloseTo(500, 9);
  });
});
