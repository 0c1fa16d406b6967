import { ExceedanceTail } from './exceedance-tail';

/** capacity 40, quantile 0.5, no periodic refit in these tests, fitted once `minValues` values are in. */
function tailOf(values: number[], minValues = 12): ExceedanceTail {
  const sut = new ExceedanceTail(40, 0.5, 100, minValues);
  values.forEach((v) => sut.add(v));
  return sut;
}

const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
/** 1..24 with the low and high halves alternating: 1, 13, 2, 14, …, 12, 24. */
const interleaved = oneTo(12).flatMap((v) => [v, v + 12]);

describe(ExceedanceTail.name, () => {
  it('has no opinion before its minimum history', () => {
    expect(tailOf([1, 2, 3]).probability(1000)).toBe(1);
  });

  it('holds the last `capacity` values while its ring grows (32 values, then 40) and after it wraps', () => {
    // refitted at every value from the first on
    const sut = new ExceedanceTail(40, 0.5, 1, 1);
    oneTo(33).forEach((v) => sut.add(v));
    // 1..33 held (the ring grew past 32): summary[k] = sorted[floor(32k/20)]: 1, 2, 4, 5, …; below 4.5 are k = 0..2
    // → 1 − 3/20
    expect(sut.probability(4.5)).toBeCloseTo(0.85, 12);
    [34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45].forEach((v) => sut.add(v));
    // 45 values through 40 places: 6..45 held; summary[k] = 6 + floor(39k/20): 6, 7, 9, 11, …
    // below 10 are k = 0..2 → 0.85; below 6.5 only k = 0 → 0.95; 1..5 are gone, so 3 is below everything held
    expect(sut.probability(10)).toBeCloseTo(0.85, 12);
    expect(sut.probability(6.5)).toBeCloseTo(0.95, 12);
    expect(sut.probability(3)).toBe(1);
  });

  it('answers below u from its summary of quantiles (every 5 %)', () => {
    const sut = tailOf(oneTo(12));
    // summary[k] = sorted[floor(k · 11/20)]; the first k with summary[k] ≥ 7 needs floor(11k/20) ≥ 6: k = 11
    // → 1 − 11/20 (the exact share of values ≥ 7 is 6/12: the summary is coarse, and only the tail matters)
    expect(sut.probability(7)).toBeCloseTo(0.45, 12);
    // ≥ 3 needs floor(11k/20) ≥ 2: k = 4 → 1 − 4/20
    expect(sut.probability(3)).toBeCloseTo(0.8, 12);
    expect(sut.probability(0)).toBe(1);
  });

  it('fits an exponential tail when the excesses are light-tailed (ξ = 0), told with the scale uncertain', () => {
    const sut = tailOf(interleaved, 24);
    // sorted 1..24: u = sorted[12] = 13; excesses 1..11: mean 6, variance (11² − 1)/12 = 10; m²/v = 3.6 > 1 → ξ = 0,
    // σ = 6. In time order each of 14..24 follows a value below u: k = 11 runs. 19 is t = 1 scale out:
    // P = 0.5 · (1 + 1/11)^−11 = 0.5 · (12/11)^−11 ≈ 0.1920 (the plug-in 0.5/e ≈ 0.1839: little change near u)
    expect(sut.probability(19)).toBeCloseTo(0.5 * Math.pow(12 / 11, -11), 12);
    // 14 scales out (97): 0.5 · (25/11)^−11 ≈ 6.0e-5, where the plug-in 0.5 · e^−14 ≈ 4.2e-7 was 140 times too small
    expect(sut.probability(97)).toBeCloseTo(0.5 * Math.pow(25 / 11, -11), 15);
  });

  it('counts a run of neighbouring excesses as one piece of evidence about the scale', () => {
    // the same values as a ramp: 14..24 are one run, k = 1: P(S > 19) = 0.5 · (1 + 1)^−1
    expect(tailOf(oneTo(24), 24).probability(19)).toBeCloseTo(0.25, 12);
  });

  it('fits a heavy generalised-Pareto tail by the method of moments', () => {
    // 0,1 ten times, then 0,0,0,34: thirteen 0s, ten 1s and 34, each excess after a 0: k = 11 runs
    const values = [...new Array<number[]>(10).fill([0, 1]).flat(), 0, 0, 0, 34];
    const sut = tailOf(values, 24);
    // u = 0; excesses ten 1s and 34: mean 44/11 = 4, E[e²] = 1166/11 = 106, variance 90;
    // ξ = ½(1 − 16/90) = 37/90, σ = 4(1 − ξ) = 106/45; 10 lies t = ln(1 + ξ·10/σ)/ξ = (90/37)·ln(291/106)
    // e-folds out (the plug-in 0.5 · (291/106)^(−90/37) is 0.5·e^−t); told: 0.5 · (1 + t/11)^−11
    const t = (90 / 37) * Math.log(291 / 106);
    expect(sut.probability(10)).toBeCloseTo(0.5 * Math.pow(1 + t / 11, -11), 12);
  });

  it('leaves the tail empirical with fewer than ten excesses', () => {
    // 1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12: u = sorted[6] = 7 and five excesses (8..12), too few to fit; 10 is then
    // read from the summary like the body: the first k with sorted[floor(11k/20)] ≥ 10 needs floor(11k/20) ≥ 9:
    // k = 17 → 1 − 17/20 (fitted on those five, an exponential of scale 3 would have said 0.5/e ≈ 0.18)
    const pairs = [1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12];
    expect(tailOf(pairs).probability(10)).toBeCloseTo(0.15, 12);
  });

  it('counts the history in independent stretches when it tells a value never seen', () => {
    // the same pairs: the excesses 8 | 9, 10 | 11, 12 form 3 runs of 5 excesses, θ = 3/5: the twelve values are
    // 12 · 3/5 = 7.2 independent stretches, and 20 (beyond all) is 1/(7.2 + 1) = 1/8.2
    expect(tailOf([1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12]).probability(20)).toBeCloseTo(1 / 8.2, 12);
    // a ramp's top is one run, θ = 1/5: 1/(12/5 + 1) = 5/17, so the body's 0.15 at 10 is floored at 5/17 as well
    expect(tailOf(oneTo(12)).probability(20)).toBeCloseTo(5 / 17, 12);
    expect(tailOf(oneTo(12)).probability(10)).toBeCloseTo(5 / 17, 12);
  });

  it('falls back to the empirical tail when ties at the top leave too few excesses', () => {
    const sut = tailOf(new Array<number>(12).fill(0));
    // never seen among 12 values: 1/13 (not "impossible")
    expect(sut.probability(5)).toBeCloseTo(1 / 13, 12);
  });

  it('judges a move from a frozen history in half-steps of the resolution', () => {
    const frozen = tailOf(new Array<number>(12).fill(0));
    // one value throughout: beyond it, an exponential of scale minScale: 1/13 · exp(−0.11/0.005) = e^−22/13
    expect(frozen.probability(0.11, 0.005) * 13 * Math.exp(22)).toBeCloseTo(1, 9);
    // a history that did vary (one 1 among the 0s) has a spread of its own: never seen among 12 stays 1/13
    const varied = tailOf([...new Array<number>(11).fill(0), 1]);
    expect(varied.probability(5, 0.5)).toBeCloseTo(1 / 13, 12);
  });

  it('never reads a fitted scale finer than minScale', () => {
    const sut = tailOf(interleaved, 24);
    // σ = 6 and k = 11 as above, floored at 12: t = 6/12, P(S > 19) = 0.5 · (1 + 0.5/11)^−11 = 0.5 · (23/22)^−11
    expect(sut.probability(19, 12)).toBeCloseTo(0.5 * Math.pow(23 / 22, -11), 12);
    // a floor below the fitted scale changes nothing
    expect(sut.probability(19, 1)).toBeCloseTo(0.5 * Math.pow(12 / 11, -11), 12);
  });

  it('forgets values beyond its capacity', () => {
    const sut = new ExceedanceTail(24, 0.5, 24, 24);
    for (let i = 0; i < 24; i++) sut.add(1000);
    interleaved.forEach((v) => sut.add(v));
    // the ring now holds the interleaved 1..24 only (refitted after 24 new values), oldest first from slot 0:
    // as in the exponential case above
    expect(sut.probability(19)).toBeCloseTo(0.5 * Math.pow(12 / 11, -11), 12);
  });

  it('keeps its values in bfloat16: a value is known to within 0.4 %', () => {
    const sut = tailOf(new Array<number>(12).fill(0.1));
    // twelve 0.1s are kept as 0x3dcd = (1 + 77/128) · 2^−4 = 0.10009765625: 0.10009 is at most the top of the
    // summary (k = 0: probability 1), 0.1001 is beyond the one value kept: never seen among 12 → 1/13
    expect(sut.probability(0.10009)).toBe(1);
    expect(sut.probability(0.1001)).toBeCloseTo(1 / 13, 12);
  });
});
