import { seededNormal } from '../period-end/seeded-random';
import { KpiChangePointDetector, anomalyScore, forecastBandAt, outsideBandProbability } from './kpi-anomaly';

/** Band [90, 110] is 100 ± 1.96σ: σ = 10/1.959964 = 5.102. */
const BAND = { lower: 90, upper: 110 };
const SIGMA = 10 / 1.959963985;

describe('KPI anomalies', () => {
  describe(forecastBandAt.name, () => {
    const points = [
      { time: 0, lower95: 90, upper95: 110 },
      { time: 100, lower95: 100, upper95: 130 },
    ];

    it('interpolates between the path points and has no band outside them', () => {
      // a quarter of the way: 90 + 0.25·10, 110 + 0.25·20
      expect(forecastBandAt(points, 25)).toEqual({ lower: 92.5, upper: 115 });
      expect(forecastBandAt(points, 100)).toEqual({ lower: 100, upper: 130 });
      expect(forecastBandAt(points, -1)).toBeNull();
      expect(forecastBandAt(points, 101)).toBeNull();
      expect(forecastBandAt([], 0)).toBeNull();
    });
  });

  describe(outsideBandProbability.name, () => {
    it('does not flag a value inside the 95 % interval, edges included', () => {
      expect(outsideBandProbability(105, BAND)).toBe(1);
      expect(outsideBandProbability(110, BAND)).toBe(1);
      expect(outsideBandProbability(90, BAND)).toBe(1);
    });

    it('flags a value outside with the normal odds of its distance from the middle', () => {
      // 3.2905σ from the middle is the two-sided 0.1 % point: surprise 3 decades, score 3/(3 + 5)
      const value = 100 + 3.290526731 * SIGMA;
      expect(outsideBandProbability(value, BAND)).toBeCloseTo(0.001, 8);
      expect(anomalyScore(outsideBandProbability(value, BAND))).toBeCloseTo(0.375, 6);
      expect(outsideBandProbability(100 - 3.290526731 * SIGMA, BAND)).toBeCloseTo(0.001, 8);
      // just past the edge: p just under 5 %, score 1.301/6.301
      expect(anomalyScore(outsideBandProbability(110.0001, BAND))).toBeCloseTo(0.2065, 3);
    });
  });

  describe(KpiChangePointDetector.name, () => {
    it('puts a level shift at the index of the first value of the new level', () => {
      const sut = new KpiChangePointDetector();
      const series = [10, 12, 10, 12, 10, 12, 10, 12, 20, 22, 20];
      const found = series.map((v) => sut.update(v));
      // splits need 3 values a side: the shift at index 8 can be told only once index 10 is in
      expect(found.slice(0, 10).every((f) => f === null)).toBe(true);
      const change = found[10];
      expect(change?.index).toBe(8);
      // before: 4 × (10, 12) → 11; after: (20 + 22 + 20)/3
      expect(change?.before).toBeCloseTo(11, 10);
      expect(change?.after).toBeCloseTo(62 / 3, 10);
      // within sums of squares 8·1 + (4/9 + 16/9 + 4/9) = 10.667 over 9 df; se = √(1.1852·(1/8 + 1/3)) = 0.73703;
      // t = 9.6667/0.73703 = 13.116, two-sided p(13.116, 9 df) ≈ 3.6e-7, times the 6 splits tried
      expect(change?.p).toBeGreaterThan(1e-6);
      expect(change?.p).toBeLessThan(4e-6);
    });

    it('reports a change once, then judges the next against the new level', () => {
      const sut = new KpiChangePointDetector();
      const series = [10, 12, 10, 12, 10, 12, 20, 22, 20, 22, 20, 22, 20, 22, 11, 9, 11, 9];
      const found = series.flatMap((v) => sut.update(v) ?? []);
      expect(found.map((f) => f.index)).toEqual([6, 14]);
      expect(sut.count).toBe(series.length);
    });

    it('finds none in a series without a change', () => {
      const alternating = new KpiChangePointDetector();
      for (let i = 0; i < 200; i++) expect(alternating.update(i % 2 === 0 ? 10 : 12)).toBeNull();
    });

    it('keeps false alarms on white noise under its corrected rate of 1e-3 per value', () => {
      // 20 series × 200 values on a level of 10^7 (sums must not cancel): at most 4 expected, the tests overlap
      let alarms = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const normal = seededNormal(seed);
        const sut = new KpiChangePointDetector();
        for (let i = 0; i < 200; i++) if (sut.update(1e7 + 1000 * normal())) alarms++;
      }
      expect(alarms).toBeLessThanOrEqual(4);
    });
  });
});
