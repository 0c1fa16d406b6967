import { SeededRandom, hashKey, randomAt } from './seeded-random';

describe(SeededRandom.name, () => {
  const draw = (random: SeededRandom, n: number): number[] => Array.from({ length: n }, () => random.next());

  it('repeats the same stream for the same seed and differs for another', () => {
    const sut = draw(new SeededRandom(42), 5);

    expect(draw(new SeededRandom(42), 5)).toEqual(sut);
    expect(draw(new SeededRandom(43), 5)).not.toEqual(sut);
    expect(sut.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it.each([
    ['uniform mean', (r: SeededRandom) => r.next(), 0.5, 0.01],
    ['normal mean', (r: SeededRandom) => r.normal(), 0, 0.03],
    ['Poisson(3) mean', (r: SeededRandom) => r.poisson(3), 3, 0.05],
    ['Poisson(80) mean', (r: SeededRandom) => r.poisson(80), 80, 0.5],
    ['Binomial(20, 0.3) mean', (r: SeededRandom) => r.binomial(20, 0.3), 6, 0.08],
    ['Binomial(500, 0.02) mean', (r: SeededRandom) => r.binomial(500, 0.02), 10, 0.15],
  ])('has the expected %s', (_name, sample, mean, tolerance) => {
    const sut = new SeededRandom(7);
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += sample(sut);
    expect(Math.abs(sum / n - mean)).toBeLessThan(tolerance);
  });

  it('keeps binomial counts within 0..n', () => {
    const sut = new SeededRandom(1);
    const counts = Array.from({ length: 1_000 }, () => sut.binomial(50, 0.99));
    expect(Math.max(...counts)).toBeLessThanOrEqual(50);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(0);
  });
});

describe(randomAt.name, () => {
  it('derives independent, reproducible streams from keys', () => {
    expect(randomAt(42, 'stoppage', 'line1', 1000).next()).toBe(randomAt(42, 'stoppage', 'line1', 1000).next());
    expect(hashKey(42, 'line1', 1000)).not.toBe(hashKey(42, 'line1', 1001));
    expect(hashKey(42, 'line1', 1000)).not.toBe(hashKey(42, 'line2', 1000));
    expect(hashKey(42, 'line1')).not.toBe(hashKey(43, 'line1'));
  });
});
