import { erfc, normalTwoSided, studentTwoSided } from './tail-probabilities';

describe('tail probabilities', () => {
  it('matches the normal table, far into the tail with a small relative error', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    // two-sided 5 %, 0.1 % and 1e-9 points of the standard normal
    expect(normalTwoSided(1.959963985) / 0.05).toBeCloseTo(1, 5);
    expect(normalTwoSided(3.290526731) / 0.001).toBeCloseTo(1, 5);
    expect(normalTwoSided(6.109410204) / 1e-9).toBeCloseTo(1, 5);
    expect(normalTwoSided(-1.959963985)).toBeCloseTo(0.05, 7);
  });

  it("matches Student's t table", () => {
    // t(0.975) for 1, 10 and 30 degrees of freedom; t(0.9995) for 9
    expect(studentTwoSided(12.7062047, 1)).toBeCloseTo(0.05, 6);
    expect(studentTwoSided(2.2281389, 10)).toBeCloseTo(0.05, 6);
    expect(studentTwoSided(2.0422725, 30)).toBeCloseTo(0.05, 6);
    expect(studentTwoSided(-4.7809125, 9)).toBeCloseTo(0.001, 7);
    expect(studentTwoSided(0, 5)).toBe(1);
    expect(studentTwoSided(Infinity, 5)).toBe(0);
  });
});
