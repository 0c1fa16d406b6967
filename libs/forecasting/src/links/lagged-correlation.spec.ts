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

/** Levels whose daily changes repeat weekly: d[t] = 0.8 d[t - 7] + e[t] (70 burn-in steps dropped). */
function weeklyChanges(n: number, seed: number): number[] {
  const z = seededNormal(seed);
  const d: number[] = [];
  const out: number[] = [];
  let level = 0;
  for (let t = 0; t < n + 70; t++) {
    d.push((t >= 7 ? 0.8 * d[t - 7] : 0) + z());
    if (t >= 70) out.push((level += d[t]));
  }
  return out;
}

/** A level read once every 30 days and carried forward between readings (a KPI reported monthly). */
function monthlyReadings(days: number, seed: number): number[] {
  const z = seededNormal(seed);
  let level = 0;
  return Array.from({ length: days }, (_, t) => (t % 30 === 0 ? (level += z()) : level));
}

/** Both read on the same day every 30 days; at each reading the effect moves 0.5 times the cause plus N(0, 0.5²). */
function monthlyPair(days: number, seed: number): [number[], number[]] {
  const z = seededNormal(seed);
  let [a, b] = [0, 0];
  const [x, y]: number[][] = [[], []];
  for (let t = 0; t < days; t++) {
    if (t % 30 === 0) {
      const d = z();
      a += d;
      b += 0.5 * d + 0.5 * z();
    }
    x.push(a);
    y.push(b);
  }
  return [x, y];
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

  it('keeps to its significance level on independent series with a weekly pattern in their changes', () => {
    // Bartlett: var(r_xy(k)) = (1 + 2 Σ_j ρx(j) ρy(j)) / n when the cause is not whitened. Here ρ(7j) = 0.8^j, so
    // over lags 1..21 the factor is 1 + 2 (0.64 + 0.4096 + 0.262) = 3.62 (R: ARMAacf(ar = c(0,0,0,0,0,0,0.8),
    // lag.max = 21)); at the Bonferroni cut for 21 lags, qnorm(1 - 0.025 / 21) = 3.038, each lag then rejects with
    // 2 (1 - pnorm(3.038 / sqrt(3.62))) = 0.11 instead of 0.0024. A whitening filter that reaches lag 7 removes it;
    // 20 independent pairs at alpha 0.05 expect 1 false link, and P(more than 3 | p = 0.05) = 0.016.
    const results = Array.from({ length: 20 }, (_, i) =>
      estimateLink({ cause: weeklyChanges(200, 1 + i), effect: weeklyChanges(200, 500 + i), maxLag: 20 }),
    );
    expect(results.filter((r) => r.significant).length).toBeLessThanOrEqual(3);
    expect(Math.min(...results.map((r) => r.prewhiteningOrder))).toBeGreaterThanOrEqual(7);
  });

  it('keeps to its significance level on independent KPIs both read once a month on the same days', () => {
    // 400 days hold 13 readings: the daily changes are 0 but on those days, so the lag-0 correlation over 399 days
    // is that of 13 pairs, sd about 1 / sqrt(13) = 0.28, not the 1 / sqrt(396) = 0.05 Fisher's z assumes; r = 0.19
    // then tests as z = atanh(0.19) sqrt(396) = 3.8, p = 21 * 2 (1 - pnorm(3.8)) = 0.003. The robust statistic
    // sum(x y) / sqrt(sum(x^2 y^2)) is N(0, 1) under independence whatever the pattern of the changes (Dalla,
    // Giraitis and Phillips 2022): 20 pairs at alpha 0.05 expect 1 false link, P(more than 3 | p = 0.05) = 0.016.
    const results = Array.from({ length: 20 }, (_, i) =>
      estimateLink({ cause: monthlyReadings(400, 1 + i), effect: monthlyReadings(400, 500 + i), maxLag: 20 }),
    );
    expect(results.filter((r) => r.significant).length).toBeLessThanOrEqual(3);
  });

  it('gives a slope measured on monthly readings the standard error of its 13 informative pairs', () => {
    // 400 days hold 13 readings: the slope rests on 13 pairs, sd 0.5 / sqrt(sum of 13 N(0, 1)^2) = 0.5 / sqrt(13)
    // = 0.139; the least-squares formula spreads the 13 residuals over n - 2 = 397 days: 0.139 sqrt(11 / 397) = 0.023
    const estimates = Array.from({ length: 40 }, (_, i) =>
      estimateLink({ cause: monthlyPair(400, 1 + i)[0], effect: monthlyPair(400, 1 + i)[1], maxLag: 5 }),
    );
    const meanStdError = estimates.reduce((s, e) => s + e.slopeStdError!, 0) / estimates.length;
    expect(meanStdError).toBeGreaterThan(0.75 * 0.139);
    expect(meanStdError).toBeLessThan(1.25 * 0.139);
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
