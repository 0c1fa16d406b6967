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
