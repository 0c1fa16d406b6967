import { ForecastResult } from './forecast.types';
import {
  applyWidths,
  calibrateWidths,
  conformalQuantile,
  normalQuantile,
  resultFromSigma,
  scoresNeeded,
} from './intervals';

describe('interval multipliers', () => {
  it.each([
    [80, 1.2815515655446004],
    [95, 1.959963984540054],
    [99, 2.5758293035489],
  ])('normal two-sided quantile at %d %%', (level, z) => {
    expect(normalQuantile(level)).toBeCloseTo(z, 7);
  });

  it('builds symmetric bounds per level', () => {
    const sut = resultFromSigma('x', [10, 20], [1, 2], [95]);
    expect(sut.lower[95][1]).toBeCloseTo(20 - 2 * 1.959964, 5);
    expect(sut.upper[95][0]).toBeCloseTo(10 + 1.959964, 5);
    expect(sut.sigma).toEqual([1, 2]);
  });
});

describe(conformalQuantile.name, () => {
  const oneTo99 = Array.from({ length: 99 }, (_, i) => 99 - i);
  it.each([
    { level: 80, expected: 80 },
    { level: 95, expected: 95 },
    { level: 50, expected: 50 },
  ])('takes the ⌈(n+1)·level⌉-th smallest score at $level %', ({ level, expected }) => {
    expect(conformalQuantile(oneTo99, level)).toBe(expected);
  });

  it('takes the finite-sample rank, not the plain empirical one', () => {
    // 9 scores at 80 %: ⌈10·0.8⌉ = 8 → the 8th smallest, 0.8 (the empirical ⌈9·0.8⌉ = 8 agrees here);
    // 4 scores at 75 %: ⌈5·0.75⌉ = 4 → the largest, 4 (the empirical ⌈4·0.75⌉ = 3 would give 3)
    expect(conformalQuantile([0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6], 80)).toBe(0.8);
    expect(conformalQuantile([3, 1, 4, 2], 75)).toBe(4);
  });

  it('is infinite when there are too few scores to guarantee the level', () => {
    expect(conformalQuantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(Infinity);
  });
});

describe(scoresNeeded.name, () => {
  it.each([
    { level: 80, expected: 50 },
    { level: 95, expected: 200 },
    { level: 99, expected: 1000 },
  ])('ten scores beyond the $level % quantile: $expected', ({ level, expected }) => {
    expect(scoresNeeded(level)).toBe(expected);
  });
});

const range = (from: number, to: number, step = 1): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe(calibrateWidths.name, () => {
  it('gives every step its own conformal quantile when every step has enough scores', () => {
    // 99 scores per step (≥ 50 for 80 %): the ⌈100 · 0.8⌉ = 80th smallest of 1..99 is 80, of 2, 4, …, 198 is 160
    const sut = calibrateWidths([range(1, 99), range(2, 198, 2)], [80]);
    expect(sut).toEqual({ scope: 'step', scores: 198, k: [{ 80: 80 }, { 80: 160 }] });
  });

  it('pools the steps when only together they have enough', () => {
    // 30 + 30 scores: fewer than 50 per step, 60 pooled; the ⌈61 · 0.8⌉ = 49th smallest of 1..60 is 49
    const sut = calibrateWidths([range(1, 30), range(31, 60)], [80]);
    expect(sut).toEqual({ scope: 'pooled', scores: 60, k: [{ 80: 49 }] });
  });

  it('needs the scores of the most demanding level', () => {
    // 99 scores per step are enough for 80 % (50) but not for 95 % (200); 198 pooled are not either
    const sut = calibrateWidths([range(1, 99), range(2, 198, 2)], [80, 95]);
    expect(sut).toEqual({ scope: 'model', scores: 198, k: [] });
  });

  it.each([
    { why: 'too few scores', scores: [range(1, 20), range(1, 20)] },
    { why: 'no levels', scores: [range(1, 99)], levels: [] as number[] },
    // 25 of 99 scores infinite (a zero sigma missed): the 80th smallest is infinite, per step and pooled
    { why: 'an infinite quantile', scores: [[...range(1, 74), ...new Array<number>(25).fill(Infinity)]] },
  ])("keeps the model's widths with $why", ({ scores, levels }) => {
    expect(calibrateWidths(scores, levels ?? [80]).scope).toBe('model');
  });
});

describe(applyWidths.name, () => {
  const result = (): ForecastResult => resultFromSigma('x', [10, 20], [1, 2], [80, 95]);

  it('redraws each step as mean ± k(step) · sigma', () => {
    const sut = applyWidths(result(), { scope: 'step', scores: 400, k: [{ 80: 1.5 }, { 80: 2 }] });
    expect(sut.lower[80]).toEqual([8.5, 16]);
    expect(sut.upper[80]).toEqual([11.5, 24]);
    // 95 % was not calibrated: its normal bounds stay
    expect(sut.upper[95][0]).toBeCloseTo(10 + 1.959964, 5);
  });

  it('uses one multiplier for every step when pooled', () => {
    const sut = applyWidths(result(), { scope: 'pooled', scores: 400, k: [{ 80: 3, 95: 4 }] });
    expect(sut.lower[80]).toEqual([7, 14]);
    expect(sut.upper[95]).toEqual([14, 28]);
    expect(sut.sigma).toEqual([1, 2]);
  });

  it('redraws a positive forecast as f · exp(±k · sigma / f) when the widths are on the log scale', () => {
    // step 1: 10 · exp(±1.5 · 1 / 10) = 10 · e^-0.15, 10 · e^0.15 = 8.6070798, 11.6183424; step 2 at -20 has no log:
    // -20 ± 1.5 · 2 = -23, -17
    const r = resultFromSigma('x', [10, -20], [1, 2], [80]);

    const sut = applyWidths(r, { scope: 'pooled', scale: 'log', scores: 400, k: [{ 80: 1.5 }] });

    expect(sut.lower[80][0]).toBeCloseTo(8.6070798, 6);
    expect(sut.upper[80][0]).toBeCloseTo(11.6183424, 6);
    expect(sut.lower[80][1]).toBeCloseTo(-23, 12);
    expect(sut.upper[80][1]).toBeCloseTo(-17, 12);
  });

  it("leaves the model's widths, and results without sigma, alone", () => {
    const r = result();
    expect(applyWidths(r, { scope: 'model', scores: 10, k: [] })).toBe(r);
    const noSigma = { ...r, sigma: undefined };
    expect(applyWidths(noSigma, { scope: 'pooled', scores: 400, k: [{ 80: 3 }] })).toBe(noSigma);
  });
});
