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

/** 120 samples at rate 1/4 exactly: 0, 0, 0, 1 thirty times (the 30th event, the least the test needs, last). */
function quarterRate(sut: CountRateCusum): void {
  for (let i = 0; i < 120; i++) expect(sut.update(i % 4 === 3 ? 1 : 0)).toBe(1);
}

describe(CountRateCusum.name, () => {
  it('learns the rate of a 0/1 series and has no opinion before 30 events', () => {
    const sut = new CountRateCusum(1024);
    quarterRate(sut);
    expect(sut.isCount).toBe(true);
    expect(sut.baseline).toBeCloseTo(0.25, 12);
    expect(sut.upward).toBe(0);
  });

  it('accumulates the log-likelihood ratio of a rate step by hand', () => {
    const sut = new CountRateCusum(1024);
    quarterRate(sut);
    // sample 121: x = 1 against λ = 1/4; the k = 4 ratio ln 4 − 3/4 = 0.6363 is the largest (k = 2: 0.4431,
    // k = 8: 0.3294); below ln 100 the baseline learns: λ = 1/4 + (1 − 1/4)/121
    sut.update(1);
    expect(sut.upward).toBeCloseTo(Math.log(4) - 0.75, 10);
    const lambda = 0.25 + 0.75 / 121;
    expect(sut.baseline).toBeCloseTo(lambda, 12);
    // sample 122: x = 1 against the learned λ
    const p = sut.update(1);
    const s4 = Math.log(4) - 0.75 + Math.log(4) - 3 * lambda;
    expect(sut.upward).toBeCloseTo(s4, 10);
    // Ville: P(S ≥ s) ≤ e^−s, Bonferroni for the four CUSUMs: 4·e^−1.254 > 1, no evidence yet
    expect(p).toBe(1);
    // four more ones: S grows by ln 4 − 3λ each, λ learning 1 a sample at weights 1/123 … 1/126
    let l = lambda + (1 - lambda) / 122;
    let s = s4;
    let last = 1;
    for (let n = 123; n <= 126; n++) {
      s += Math.log(4) - 3 * l;
      last = sut.update(1);
      l += (1 - l) / n;
    }
    expect(sut.upward).toBeCloseTo(s, 10);
    expect(last).toBeCloseTo(4 * Math.exp(-s), 10);
  });

  it('freezes the baseline while the evidence of a change is past 100:1', () => {
    const sut = new CountRateCusum(1024);
    quarterRate(sut);
    // x = 10: k = 8 gives 10·ln 8 − 7/4 = 19.04 > ln 100 per sample, so λ stays 1/4 and the ratios add up
    for (let i = 0; i < 3; i++) sut.update(10);
    expect(sut.baseline).toBeCloseTo(0.25, 12);
    expect(sut.upward).toBeCloseTo(3 * (10 * Math.log(8) - 1.75), 10);
  });

  it('watches a drop: a halving adds λ/2 per zero', () => {
    const sut = new CountRateCusum(1024);
    quarterRate(sut);
    sut.update(0);
    // −0·ln 2 − (1/2 − 1)·1/4
    expect(sut.downward).toBeCloseTo(0.125, 12);
  });

  it('restarts from a changed rate that lasts a whole span', () => {
    const sut = new CountRateCusum(8);
    quarterRate(sut);
    // 10 per sample is frozen out (19 a sample past ln 100); after 8 such samples it is the new baseline
    for (let i = 0; i < 8; i++) sut.update(10);
    expect(sut.baseline).toBe(10);
    expect(sut.upward).toBe(0);
  });

  it.each([
    ['a fraction', 0.5],
    ['a negative count', -1],
  ])('has no opinion on a signal that shows %s', (_, odd) => {
    const sut = new CountRateCusum(1024);
    quarterRate(sut);
    expect(sut.update(odd)).toBe(1);
    expect(sut.isCount).toBe(false);
    for (let i = 0; i < 50; i++) expect(sut.update(5)).toBe(1);
  });

  it('divides the evidence by the dispersion of overdispersed counts', () => {
    const sut = new CountRateCusum(1024);
    // 4 and seven zeros, thirty times: mean 1/2, second moment 2, variance 1.75, dispersion 3.5; the zeros after each
    // 4 bring every upward CUSUM back to 0 (a zero takes (k − 1)·0.5/3.5 ≥ 1/7, a 4 adds at most (4·ln 8 − 3.5)/3.5)
    for (let i = 0; i < 240; i++) sut.update(i % 8 === 0 ? 4 : 0);
    expect(sut.baseline).toBeCloseTo(0.5, 12);
    expect(sut.upward).toBe(0);
    sut.update(3);
    // k = 2: (3·ln 2 − 0.5)/3.5 = 0.451; k = 4: (3·ln 4 − 1.5)/3.5 = 0.760; k = 8: (3·ln 8 − 3.5)/3.5 = 0.782
    expect(sut.upward).toBeCloseTo((3 * Math.log(8) - 3.5) / 3.5, 10);
  });

  it('leaves dense counts (a median above 0) to the other statistics', () => {
    const sut = new CountRateCusum(1024);
    // 0 and 2 alternating: rate 1 > ln 2, so no opinion however the rate moves
    for (let i = 0; i < 200; i++) sut.update(i % 2 === 0 ? 0 : 2);
    expect(sut.active).toBe(false);
    for (let i = 0; i < 50; i++) expect(sut.update(20)).toBe(1);
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
