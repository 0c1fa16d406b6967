import { normalFrom, seededNormal, seededRandom, studentTFrom } from './seeded-random';

describe(seededRandom.name, () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = [a(), a(), a()];

    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws normals from the same stream as the uniforms', () => {
    // Box-Muller: u = 0.25, v = 0.5 gives r = sqrt(-2 ln 0.25) = sqrt(2.7726) = 1.6651; cos(π) = -1, sin(π) = 0
    const values = [0.25, 0.5];
    const sut = normalFrom(() => values.shift()!);

    expect(sut()).toBeCloseTo(-1.66511, 5);
    expect(sut()).toBeCloseTo(0, 12);
    expect(seededNormal(7)()).toBe(normalFrom(seededRandom(7))());
  });
});

describe(studentTFrom.name, () => {
  it.each([
    // R: qt(0.9, 5) = 1.475884, qt(0.9, 18) = 1.330391; the normal's would be 1.281552
    [5, 1.475884],
    [18, 1.330391],
  ])('draws with %i degrees of freedom around their 90 %% quantile %d', (df, q90) => {
    const uniform = seededRandom(11);
    const sut = studentTFrom(uniform, normalFrom(uniform));
    const draws = Float64Array.from({ length: 100_000 }, () => sut(df)).sort();
    // Monte Carlo sd of the 10 % and 90 % quantiles over 1e5 draws: sqrt(0.09 / 1e5) / dt(q90, df) <= 0.0074
    expect(Math.abs(draws[89_999] - q90)).toBeLessThan(0.02);
    expect(Math.abs(draws[9_999] + q90)).toBeLessThan(0.02);
  });
});
