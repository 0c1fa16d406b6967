import { ExceedanceTail } from './exceedance-tail';

/** capacity 20, quantile 0.5, no periodic refit in these tests, fitted once 12 values are in. */
function tailOf(values: number[]): ExceedanceTail {
  const sut = new ExceedanceTail(20, 0.5, 100, 12);
  values.forEach((v) => sut.add(v));
  return sut;
}

describe(ExceedanceTail.name, () => {
  it('has no opinion before its minimum history', () => {
    expect(tailOf([1, 2, 3]).probability(1000)).toBe(1);
  });

  it('answers below u from its summary of quantiles (every 5 %)', () => {
    const sut = tailOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // summary[k] = sorted[floor(k · 11/20)]; the first k with summary[k] ≥ 7 needs floor(11k/20) ≥ 6: k = 11
    // → 1 − 11/20 (the exact share of values ≥ 7 is 6/12: the summary is coarse, and only the tail matters)
    expect(sut.probability(7)).toBeCloseTo(0.45, 12);
    // ≥ 3 needs floor(11k/20) ≥ 2: k = 4 → 1 − 4/20
    expect(sut.probability(3)).toBeCloseTo(0.8, 12);
    expect(sut.probability(0)).toBe(1);
  });

  it('fits an exponential tail when the excesses are light-tailed (ξ = 0)', () => {
    const sut = tailOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // excesses over 7: 1..5, mean 3, variance 11 − 9 = 2; m²/v = 4.5 > 1 → ξ = 0, σ = 3
    // P(S > 10) = 0.5 · exp(−(10 − 7)/3) = 0.5/e
    expect(sut.probability(10)).toBeCloseTo(0.18393972058572117, 12);
  });

  it('fits a heavy generalised-Pareto tail by the method of moments', () => {
    const sut = tailOf([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 16]);
    // u = 0; excesses 1,1,1,1,16: mean 4, variance 260/5 − 16 = 36; ξ = ½(1 − 16/36) = 10/36, σ = 4(1 − ξ) = 104/36
    // P(S > 10) = 0.5 · (1 + ξ·10/σ)^(−1/ξ) = 0.5 · (1 + 100/104)^(−3.6) = 0.5 · (51/26)^(−3.6)
    expect(sut.probability(10)).toBeCloseTo(0.5 * Math.pow(51 / 26, -3.6), 12);
    expect(sut.probability(10)).toBeCloseTo(0.044220273371655565, 12);
  });

  it('falls back to the empirical tail when ties at the top leave too few excesses', () => {
    const sut = tailOf([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // never seen among 12 values: 1/13 (not "impossible")
    expect(sut.probability(5)).toBeCloseTo(1 / 13, 12);
  });

  it('forgets values beyond its capacity', () => {
    const sut = new ExceedanceTail(12, 0.5, 12, 12);
    for (let i = 0; i < 12; i++) sut.add(1000);
    for (let i = 1; i <= 12; i++) sut.add(i);
    // the ring now holds 1..12 only (refitted after 12 new values): as in the exponential case above
    expect(sut.probability(10)).toBeCloseTo(0.18393972058572117, 12);
  });
});
