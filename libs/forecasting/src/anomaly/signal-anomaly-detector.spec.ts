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

  it('uses a daily season as soon as two days have shown it', () => {
    // the day is testable once the history holds 2·288 + 6 (phase reach 288/48) = 582 < n values: it is tested at
    // the 583rd value, not at the next recheck (768), and three periods would wait for 870 < n (the recheck at 1024)
    const values = noisy(583, 8, (i) => 10 * Math.sin((2 * Math.PI * (i % DAY)) / DAY));
    const detector = new SignalAnomalyDetector();
    values.forEach((v, i) => {
      detector.update(v, Date.UTC(2026, 0, 5) + i * FIVE_MIN);
      if (i === 581) expect(detector.seasonalPeriod).toBe(0);
    });
    expect(detector.seasonalPeriod).toBe(DAY);
  });

  it('judges a season that fits only twice in the history against those two periods', () => {
    // a day of 400 samples (one per 216 s): 2·400 + 8 < 1024 values held, 3·400 + 8 not. On day 4 the peak does
    // not come; a third period read past the history's end would land on another phase and span the whole cycle
    const day = 400;
    const n = 5 * day;
    const missing = (i: number): boolean => i >= 4 * day + 60 && i < 4 * day + 140;
    const values = noisy(n, 9, (i) => (missing(i) ? 0 : 10 * Math.sin((2 * Math.PI * (i % day)) / day)));
    const detector = new SignalAnomalyDetector();
    const sut = values.map((v, i) => detector.update(v, Date.UTC(2026, 0, 5) + i * 216_000));
    expect(detector.seasonalPeriod).toBe(day);
    const top = argMax(sut, 3 * day);
    expect(top).toBeGreaterThanOrEqual(4 * day + 60);
    expect(top).toBeLessThan(4 * day + 140);
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

  it('scores a reading frozen for 600 samples that moves by eleven hundredths at once', () => {
    const values = [...new Array<number>(600).fill(100), 99.89];
    const sut = scoreSeries(values, times(601));
    // point tail: residuals 16..599 are 0, fitted on the first 576 of them; all 0 → frozen. The resolution is 0.01
    // (shown by 99.89 itself), so |−0.11| is 22 half-steps beyond: p = e^−22/577. Shift and spread medians are still
    // 0 (one move among eight): p = 1. Surprise −log10(3p) = 22·log10(e) + log10(577/3) = 11.83853 decades,
    // score 11.83853/16.83853
    expect(sut[600]).toBeCloseTo(11.83853 / 16.83853, 5);
  });

  it("shows each statistic's own tail probability of the last sample", () => {
    const detector = new SignalAnomalyDetector();
    const stamps = times(601);
    for (let i = 0; i < 600; i++) detector.update(100, stamps[i]);
    detector.update(99.89, stamps[600]);
    // as above: the point tail's e^−22/577; shift and spread 1; no rate test (100 is a count, but not sparse): 1
    const [point, shift, spread, rate] = detector.lastProbabilities;
    expect(point * 577 * Math.exp(22)).toBeCloseTo(1, 9);
    expect([shift, spread, rate]).toEqual([1, 1, 1]);
  });

  it('gives the same move of a reading without a decimal step only the rank evidence 1/(n + 1)', () => {
    // float32 readings widened to doubles have no decimal step: never seen among 576 is all that is known,
    // −log10(3/577) = 2.28406 decades, score 2.28406/7.28406
    const values = [...new Array<number>(600).fill(100), Math.fround(99.89)];
    expect(scoreSeries(values, times(601))[600]).toBeCloseTo(2.28406 / 7.28406, 5);
  });

  it('claims no more than rank evidence from a lumpy signal until ten excesses fit its tail', () => {
    // whole units of 0.022 plus a little jitter, read to 0.001: the top residuals sit in one lump
    const normal = seededNormal(7);
    const values = Array.from({ length: 169 }, () => {
      const units = 50 + Math.round(1.2 * normal());
      return Math.round(1000 * (0.022 * units + 0.001 * Math.round(2 * normal()))) / 1000;
    });
    values[168] = Math.max(...values.slice(0, 168)) + 0.044; // two lumps above anything seen
    // at sample 168 the point tail holds 152 residuals, fitted on 128: at most 6 above its 95 % quantile, so no fit
    // and p ≥ 1/129; shift and spread tails hold fewer than 100 values (no opinion). At most log10(129/3) decades
    const bound = Math.log10(129 / 3) / (Math.log10(129 / 3) + 5);
    expect(scoreSeries(values, times(169))[168]).toBeLessThanOrEqual(bound + 1e-12);
  });
});
