import { seededNormal } from '../period-end/seeded-random';
import { estimateLink } from './lagged-correlation';

function randomWalk(n: number, seed: number): number[] {
  const z = seededNormal(seed);
  const out: number[] = [];
  let level = 0;
  for (let i = 0; i < n; i++) out.push((level += z()));
  return out;
}

/** effect[t] = gain * cause[t - lag] + noise, on levels. */
function laggedEffect(cause: readonly number[], lag: number, gain: number, noise: number, seed: number): number[] {
  const z = seededNormal(seed);
  return cause.map((_, t) => gain * (t >= lag ? cause[t - lag] : cause[0]) + noise * z());
}

describe(estimateLink.name, () => {
  it.each([
    [5, 0.8, 'positive'],
    [14, 1.5, 'positive'],
    [3, -1, 'negative'],
  ] as const)('finds a lag of %i steps (gain %d) and calls it significant', (lag, gain, polarity) => {
    const cause = randomWalk(200, lag);
    const effect = laggedEffect(cause, lag, gain, 0.5, 100 + lag);

    const sut = estimateLink({ cause, effect, maxLag: 30, polarity });

    expect(sut.lag).toBe(lag);
    expect(sut.significant).toBe(true);
    expect(sut.supportsHypothesis).toBe(true);
    expect(Math.sign(sut.strength!)).toBe(Math.sign(gain));
  });

  it('estimates the gain as a slope whose standard error covers it', () => {
    const cause = randomWalk(400, 21);
    const sut = estimateLink({ cause, effect: laggedEffect(cause, 4, 1.5, 0.5, 22), maxLag: 10 });
    // effect differences = 1.5 * cause differences 4 steps earlier + noise: the slope recovers 1.5
    expect(sut.lag).toBe(4);
    expect(Math.abs(sut.slope! - 1.5)).toBeLessThan(3 * sut.slopeStdError!);
    expect(sut.slopeStdError!).toBeGreaterThan(0);
    expect(sut.slopeStdError!).toBeLessThan(0.2);
  });

  it('gives slope 2 and standard error 0 when the effect is exactly twice the cause 3 steps earlier', () => {
    // the pre-whitening filter is linear and applied to both: filtered effect = 2 * filtered cause, shifted
    const cause = randomWalk(120, 5);
    const effect = cause.map((_, t) => 2 * (t >= 3 ? cause[t - 3] : cause[0]));
    const sut = estimateLink({ cause, effect, maxLag: 6 });
    expect(sut.lag).toBe(3);
    expect(sut.slope).toBeCloseTo(2, 9);
    expect(sut.slopeStdError).toBeCloseTo(0, 6);
  });

  it('does not call two independent trending series related (no spurious regression)', () => {
    const results = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) =>
      estimateLink({ cause: randomWalk(150, seed), effect: randomWalk(150, 1000 + seed), maxLag: 20 }),
    );
    expect(results.filter((r) => r.significant).length).toBeLessThanOrEqual(1);
  });

  it('refutes the hypothesis when the relation has the opposite sign', () => {
    const cause = randomWalk(200, 7);
    const sut = estimateLink({ cause, effect: laggedEffect(cause, 2, -1, 0.3, 8), maxLag: 10, polarity: 'positive' });
    expect(sut.significant).toBe(true);
    expect(sut.supportsHypothesis).toBe(false);
  });

  it('says so when there is too little data', () => {
    const sut = estimateLink({ cause: randomWalk(15, 1), effect: randomWalk(15, 2), maxLag: 5 });
    expect(sut).toMatchObject({ lag: null, significant: false, points: 14 });
    expect(sut.note).toMatch(/at least/);
  });
});
