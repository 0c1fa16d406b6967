import { seededNormal } from '../period-end/seeded-random';
import { scoreSeries } from './score-series';
import { SignalAnomalyDetector } from './signal-anomaly-detector';

const FIVE_MIN = 300_000;
const DAY = 288; // samples of 5 minutes

function noisy(n: number, seed: number, at: (i: number) => number, sd = 1): number[] {
  const normal = seededNormal(seed);
  return Array.from({ length: n }, (_, i) => at(i) + sd * normal());
}

const times = (n: number): number[] => Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 5) + i * FIVE_MIN);

function argMax(values: ArrayLike<number>, from = 0): number {
  let best = from;
  for (let i = from; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

describe(SignalAnomalyDetector.name, () => {
  it('scores in [0, 1] and stays at 0 until its baselines have a history', () => {
    const values = noisy(2000, 1, () => 10);
    const sut = scoreSeries(values, times(2000));
    expect(Math.min(...sut)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...sut)).toBeLessThanOrEqual(1);
    // the tails need 100 residuals each: no score before the 100th sample
    expect(Math.max(...sut.subarray(0, 100))).toBe(0);
  });

  it('puts its highest score on a spike in noise', () => {
    const values = noisy(3000, 2, () => 50);
    values[2500] += 12; // 12 standard deviations
    expect(argMax(scoreSeries(values, times(3000)), 500)).toBe(2500);
  });

  it('flags a level shift at its onset, then treats the episode as known', () => {
    const values = noisy(3000, 3, (i) => (i < 2000 ? 20 : 26));
    const sut = scoreSeries(values, times(3000));
    const onset = argMax(sut, 500);
    expect(onset).toBeGreaterThanOrEqual(2000);
    expect(onset).toBeLessThan(2008);
    // the rest of the episode is no news: nothing in the next 64 samples scores as high
    expect(Math.max(...sut.subarray(onset + 1, onset + 64))).toBeLessThan(sut[onset]);
  });

  it('reports a much more surprising sample inside an episode again, a lesser one not', () => {
    const values = noisy(3000, 6, () => 0);
    values[2000] += 10;
    values[2005] += 8; // no more surprising than the first: same episode, no news
    values[2010] += 1000; // far beyond: many decades less likely than the episode's peak
    const sut = scoreSeries(values, times(3000));
    expect(sut[2000]).toBeGreaterThan(0);
    expect(sut[2005]).toBe(0);
    expect(sut[2010]).toBeGreaterThan(sut[2000]);
  });

  it('finds a daily season from the timestamps and judges against it', () => {
    // a daily cycle of amplitude 10 in unit noise; on day 6 the afternoon peak does not come
    const cycle = (i: number): number => 10 * Math.sin((2 * Math.PI * (i % DAY)) / DAY);
    const n = 8 * DAY;
    const missing = (i: number): boolean => i >= 6 * DAY + 40 && i < 6 * DAY + 100;
    const values = noisy(n, 4, (i) => (missing(i) ? 0 : cycle(i)));
    const detector = new SignalAnomalyDetector();
    const sut = values.map((v, i) => detector.update(v, Date.UTC(2026, 0, 5) + i * FIVE_MIN));
    expect(detector.seasonalPeriod).toBe(DAY);
    const top = argMax(sut, 4 * DAY);
    expect(top).toBeGreaterThanOrEqual(6 * DAY + 40);
    expect(top).toBeLessThan(6 * DAY + 100);
  });

  it('finds no season without timestamps, and ignores values that are not numbers', () => {
    const detector = new SignalAnomalyDetector();
    noisy(1500, 5, (i) => Math.sin((2 * Math.PI * i) / DAY)).forEach((v) => detector.update(v));
    expect(detector.seasonalPeriod).toBe(0);
    expect(detector.update(Number.NaN)).toBe(0);
    expect(detector.update(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('scores a flat signal that moves as a certain anomaly, but not as an infinite one', () => {
    const values = new Array<number>(1000).fill(5);
    values[900] = 6;
    const sut = scoreSeries(values, times(1000));
    expect(argMax(sut, 200)).toBe(900);
    expect(sut[900]).toBeGreaterThan(0);
    expect(sut[900]).toBeLessThan(1);
  });
});
