import { seededNormal } from '../period-end/seeded-random';
import {
  calibrateWidths,
  calibratedMultiplier,
  conformalQuantile,
  heavyTailMultiplier,
  normalQuantile,
  resultFromSigma,
  scoreCoverage,
  studentT3Quantile,
} from './intervals';

describe('interval multipliers', () => {
  it.each([
    [80, 1.2815515655446004],
    [95, 1.959963984540054],
    [99, 2.5758293035489],
  ])('normal two-sided quantile at %d %%', (level, z) => {
    expect(normalQuantile(level)).toBeCloseTo(z, 7);
  });

  it('Student-t(3) quantiles match tables', () => {
    expect(studentT3Quantile(95)).toBeCloseTo(3.182446, 5);
    expect(studentT3Quantile(80)).toBeCloseTo(1.637744, 5);
  });

  it('heavy-tailed multiplier equals the normal one at 95 % and is narrower at 80 %', () => {
    expect(heavyTailMultiplier(95)).toBeCloseTo(normalQuantile(95), 10);
    expect(heavyTailMultiplier(80)).toBeCloseTo((1.959964 * 1.637744) / 3.182446, 5);
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

  it('is infinite when there are too few scores to guarantee the level', () => {
    expect(conformalQuantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(Infinity);
  });
});

describe(calibratedMultiplier.name, () => {
  const base = (level: number): number => level / 10;
  it.each([
    { level: 80, expected: 8 * 0.8 },
    { level: 95, expected: 9.5 * 0.9 },
    { level: 90, expected: 9 * (0.8 + (0.1 * 10) / 15) },
    { level: 50, expected: 5 * 0.8 },
    { level: 99, expected: 9.9 * 0.9 },
  ])('rescales level $level (interpolated between, nearest outside)', ({ level, expected }) => {
    const sut = calibratedMultiplier(base, { 95: 0.9, 80: 0.8 });
    expect(sut(level)).toBeCloseTo(expected, 12);
  });

  it('leaves the multiplier unchanged with no factors', () => {
    expect(calibratedMultiplier(base, {})).toBe(base);
  });
});

/** |error| / sigma where errors are scale · draw and draw is standard normal or Student-t(3). */
function scoresOf(n: number, scale: number, tailed: boolean, seed: number): number[] {
  const z = seededNormal(seed);
  const draw = (): number => (tailed ? z() / Math.sqrt((z() ** 2 + z() ** 2 + z() ** 2) / 3) : z());
  return Array.from({ length: n }, () => Math.abs(scale * draw()));
}

describe(calibrateWidths.name, () => {
  it('keeps the base multiplier when validation coverage is inside every band', () => {
    const sut = calibrateWidths(scoresOf(20000, 1, false, 1), normalQuantile);
    expect(sut.factors).toEqual({});
    expect(sut.coverage[80]).toBeCloseTo(80, 0);
    expect(sut.coverage[95]).toBeCloseTo(95, 0);
  });

  it.each([
    { why: 'errors 0.8 x sigma: too wide at both levels', scale: 0.8, tailed: false, f80: 0.8, f95: 0.8 },
    { why: 'errors 1.25 x sigma: too narrow', scale: 1.25, tailed: false, f80: 1.25, f95: 1.25 },
    {
      why: 't(3) errors: the normal shape is wrong',
      scale: 1,
      tailed: true,
      f80: 1.637744 / 1.281552,
      f95: 3.182446 / 1.959964,
    },
  ])('recalibrates every level to its conformal factor — $why', ({ scale, tailed, f80, f95 }) => {
    const scores = scoresOf(20000, scale, tailed, 7);
    const sut = calibrateWidths(scores, normalQuantile);
    expect(sut.factors[80]).toBeCloseTo(f80, 1);
    expect(sut.factors[95]).toBeCloseTo(f95, 1);
    const calibrated = calibratedMultiplier(normalQuantile, sut.factors);
    expect(scoreCoverage(scores, 80, calibrated)).toBeCloseTo(0.8, 3);
    expect(scoreCoverage(scores, 95, calibrated)).toBeCloseTo(0.95, 3);
  });

  it('recalibrates when only one level misses its band', () => {
    // 85 % of errors within ±k(80) (outside 77-83), 96 % within ±k(95) (inside 93-97)
    const k80 = normalQuantile(80);
    const k95 = normalQuantile(95);
    const scores = [
      ...new Array<number>(85).fill(0.5 * k80),
      ...new Array<number>(11).fill(k95),
      ...new Array<number>(4).fill(3 * k95),
    ];
    const sut = calibrateWidths(scores, normalQuantile);
    expect(sut.coverage).toEqual({ 80: 85, 95: 96 });
    expect(sut.factors[80]).toBeCloseTo(0.5, 12);
    expect(sut.factors[95]).toBeCloseTo(1, 12);
  });

  it.each([
    { why: 'no scores', scores: [] as number[] },
    { why: 'too few for 95 %', scores: [5, 5, 5, 5, 5] },
  ])('keeps the base multiplier with $why', ({ scores }) => {
    expect(calibrateWidths(scores, normalQuantile).factors).toEqual({});
  });
});
