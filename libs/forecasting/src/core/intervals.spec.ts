import { heavyTailMultiplier, normalQuantile, resultFromSigma, studentT3Quantile } from './intervals';

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
