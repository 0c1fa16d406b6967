import { seededRandom } from '../period-end/seeded-random';
import { CountRateCusum } from './count-rate-cusum';
import { SignalAnomalyDetector } from './signal-anomaly-detector';

/** Poisson draws by Knuth's product of uniforms (small rates). */
function poisson(rate: number, seed: number): () => number {
  const uniform = seededRandom(seed);
  const limit = Math.exp(-rate);
  return () => {
    let k = 0;
    for (let p = uniform(); p > limit; p *= uniform()) k++;
    return k;
  };
}

/** The rate test fed as the detector feeds it: each value with the one `lag` samples before it (NaN before that). */
function feeding(sut: CountRateCusum): (x: number) => number {
  const seen: number[] = [];
  return (x) => {
    const p = sut.update(x, seen.length >= sut.lag ? seen[seen.length - sut.lag] : Number.NaN);
    seen.push(x);
    return p;
  };
}

/**
 * 184 samples at rate 1/4 exactly: 0, 0, 0, 1 forty-six times. With the lag of 64 the first 120 are learned: 30
 * events, the least the test needs, the 30th (sample 119) learned with the last sample.
 */
function quarterRate(feed: (x: number) => number): void {
  for (let i = 0; i < 184; i++) expect(feed(i % 4 === 3 ? 1 : 0)).toBe(1);
}

describe(CountRateCusum.name, () => {
  it('learns the rate of a 0/1 series and has no opinion before 30 events', () => {
    const sut = new CountRateCusum(1024, 64);
    quarterRate(feeding(sut));
    expect(sut.isCount).toBe(true);
    expect(sut.active).toBe(true);
    expect(sut.baseline).toBeCloseTo(0.25, 12);
    expect(sut.upward).toBe(0);
  });

  it('accumulates the log-likelihood ratio of a rate step by hand', () => {
    const sut = new CountRateCusum(1024, 64);
    const feed = feeding(sut);
    quarterRate(feed);
    // sample 184: x = 1 against λ = 30/120 = 1/4; the k = 4 ratio ln 4 − 3/4 = 0.6363 is the largest (k = 2:
    // 0.4431, k = 8: 0.3294); then the baseline learns sample 120 (a 0): λ = 30/121
    feed(1);
    expect(sut.upward).toBeCloseTo(Math.log(4) - 0.75, 10);
    expect(sut.baseline).toBeCloseTo(30 / 121, 12);
    // sample 185: x = 1 against 30/121; S = 2 ln 4 − 3 (30/120 + 30/121) = 1.2788
    const p = feed(1);
    expect(sut.upward).toBeCloseTo(2 * Math.log(4) - 3 * (30 / 120 + 30 / 121), 10);
    // Ville: P(S ≥ s) ≤ e^−s, Bonferroni for the four CUSUMs: 4·e^−1.279 > 1, no evidence yet
    expect(p).toBe(1);
    // four more ones against the baselines of samples 120 … 125 learned in turn (0, 0, 0, 1, 0, 0): 30/120, 30/121,
    // 30/122, 30/123, 31/124, 31/125; S = 6 ln 4 − 3 × 1.4867 = 3.8578, under ln 100; p = 4·e^−S
    let last = 1;
    for (let i = 0; i < 4; i++) last = feed(1);
    const s = 6 * Math.log(4) - 3 * (30 / 120 + 30 / 121 + 30 / 122 + 30 / 123 + 31 / 124 + 31 / 125);
    expect(sut.upward).toBeCloseTo(s, 10);
    expect(last).toBeCloseTo(4 * Math.exp(-s), 10);
  });

  it('learns a rise only 64 samples late, so its first samples do not raise the baseline it is judged by', () => {
    const sut = new CountRateCusum(1024, 64);
    const feed = feeding(sut);
    quarterRate(feed);
    // six ones (samples 184 … 189, S at most 3.86 < ln 100) while the baseline learns samples 120 … 125 of the
    // quarter series: 31/126 = 0.2460; learning the ones at once would have made it (46 + 6)/190 = 0.2737
    for (let i = 0; i < 6; i++) feed(1);
    expect(sut.baseline).toBeCloseTo(31 / 126, 12);
    // zeros up to sample 247: the baseline has learned samples 0 … 183, 46 events in 184 samples
    for (let i = 190; i < 248; i++) feed(0);
    expect(sut.baseline).toBeCloseTo(46 / 184, 12);
    // sample 248 brings the first 1 (sample 184), learned like any other: 47/185
    feed(0);
    expect(sut.baseline).toBeCloseTo(47 / 185, 12);
  });

  it('never learns a sample that took a CUSUM past 100:1', () => {
    const sut = new CountRateCusum(1024, 64);
    const feed = feeding(sut);
    quarterRate(feed);
    // x = 10: k = 8 gives 10·ln 8 − 7/4 = 19.04 > ln 100 at once; the ratios add up against λ = 30/120, 30/121,
    // 30/122 while the baseline learns samples 120 … 122 (zeros): 30/123
    for (let i = 0; i < 3; i++) feed(10);
    expect(sut.upward).toBeCloseTo(3 * 10 * Math.log(8) - 7 * (30 / 120 + 30 / 121 + 30 / 122), 10);
    expect(sut.baseline).toBeCloseTo(30 / 123, 12);
    // 64 zeros (samples 187 … 250): samples 123 … 183 are learned (46/184 = 1/4), the three 10s never
    for (let i = 0; i < 64; i++) feed(0);
    expect(sut.baseline).toBeCloseTo(46 / 184, 12);
  });

  it('watches a drop: a halving adds λ/2 per zero', () => {
    const sut = new CountRateCusum(1024, 64);
    const feed = feeding(sut);
    quarterRate(feed);
    feed(0);
    // −0·ln 2 − (1/2 − 1)·1/4
    expect(sut.downward).toBeCloseTo(0.125, 12);
  });

  it('restarts from a changed rate that lasts a whole span, without the samples from before it', () => {
    const sut = new CountRateCusum(8, 64);
    const feed = feeding(sut);
    quarterRate(feed);
    // 10 per sample is past ln 100 (10·ln 8 − 7λ > 15 for any λ ≤ 1/2); after 8 such samples it is the new
    // baseline, and the quarter series' samples still waiting (124 … 183) are not learned into it
    for (let i = 0; i < 8; i++) feed(10);
    expect(sut.baseline).toBe(10);
    expect(sut.upward).toBe(0);
    for (let i = 0; i < 60; i++) feed(10);
    expect(sut.baseline).toBe(10);
  });

  it.each([
    ['a fraction', 0.5],
    ['a negative count', -1],
  ])('has no opinion on a signal that shows %s', (_, odd) => {
    const sut = new CountRateCusum(1024, 64);
    const feed = feeding(sut);
    quarterRate(feed);
    expect(feed(odd)).toBe(1);
    expect(sut.isCount).toBe(false);
    for (let i = 0; i < 50; i++) expect(feed(5)).toBe(1);
  });

  it('divides the evidence by the dispersion of overdispersed counts', () => {
    const sut = new CountRateCusum(1024, 64);
    const feed = feeding(sut);
    // 4 and seven zeros, thirty times: the baseline has learned samples 0 … 175 (22 whole cycles), mean 1/2, second
    // moment 2, variance 1.75, dispersion 3.5; the zeros after each 4 bring every upward CUSUM back to 0 (a zero
    // takes (k − 1)·λ/3.5 ≥ 1/7, a 4 adds at most (4·ln 8 − 3.5)/3.5 = 1.38)
    for (let i = 0; i < 240; i++) feed(i % 8 === 0 ? 4 : 0);
    expect(sut.baseline).toBeCloseTo(0.5, 12);
    expect(sut.upward).toBe(0);
    feed(3);
    // k = 2: (3·ln 2 − 0.5)/3.5 = 0.451; k = 4: (3·ln 4 − 1.5)/3.5 = 0.760; k = 8: (3·ln 8 − 3.5)/3.5 = 0.782
    expect(sut.upward).toBeCloseTo((3 * Math.log(8) - 3.5) / 3.5, 10);
  });

  it('leaves dense counts (a median above 0) to the other statistics', () => {
    const sut = new CountRateCusum(1024, 64);
    const feed = feeding(sut);
    // 0 and 2 alternating: rate 1 > ln 2, so no opinion however the rate moves
    for (let i = 0; i < 200; i++) feed(i % 2 === 0 ? 0 : 2);
    expect(sut.active).toBe(false);
    for (let i = 0; i < 50; i++) expect(feed(20)).toBe(1);
  });
});

describe('SignalAnomalyDetector on counts', () => {
  it('keeps a Poisson series at a constant rate below 0.5 over 10 000 samples', () => {
    for (const rate of [0.05, 0.5, 3]) {
      const draw = poisson(rate, 7);
      const sut = new SignalAnomalyDetector();
      let max = 0;
      for (let i = 0; i < 10_000; i++) max = Math.max(max, sut.update(draw(), Date.UTC(2026, 0, 5) + i * 1000));
      expect(max).toBeLessThan(0.5);
    }
  });

  it('alerts on a sevenfold rise of a rate near 0.04 per sample within a few minutes', () => {
    const before = poisson(0.04, 11);
    const after = poisson(0.28, 12);
    const sut = new SignalAnomalyDetector();
    for (let i = 0; i < 900; i++) sut.update(before(), i * 1000);
    let at = -1;
    for (let i = 0; i < 600 && at < 0; i++) if (sut.update(after(), (900 + i) * 1000) >= 0.5) at = i;
    // expected evidence of the k = 8 ratio: 0.28·ln 8 − 7·0.04 = 0.30 a sample; 0.5 needs ln(16·10^5) = 14.3
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(180);
  });
});
