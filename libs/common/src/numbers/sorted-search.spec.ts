import { seededRandom } from '../random/seeded-random';
import { lowerBound, upperBound } from './sorted-search';

describe('lowerBound and upperBound', () => {
  const sorted = [1, 3, 3, 3, 7];
  it.each([
    [0, 0, 0],
    [1, 0, 1],
    [2, 1, 1],
    [3, 1, 4],
    [5, 4, 4],
    [7, 4, 5],
    [8, 5, 5],
  ])('place %d at %d (first not below) and %d (first above)', (x, lower, upper) => {
    expect(lowerBound(sorted, x)).toBe(lower);
    expect(upperBound(sorted, x)).toBe(upper);
  });

  it('place anything at 0 in an empty array', () => {
    expect(lowerBound([], 5)).toBe(0);
    expect(upperBound(new Float64Array(0), 5)).toBe(0);
  });

  it('agree with a linear scan on seeded arrays with repeats', () => {
    const random = seededRandom(11);
    for (let run = 0; run < 200; run++) {
      const values = Array.from({ length: Math.floor(random() * 20) }, () => Math.floor(random() * 10)).sort(
        (a, b) => a - b,
      );
      const x = Math.floor(random() * 12) - 1;
      const firstNotBelow = values.findIndex((v) => v >= x);
      const firstAbove = values.findIndex((v) => v > x);
      expect(lowerBound(values, x)).toBe(firstNotBelow < 0 ? values.length : firstNotBelow);
      expect(upperBound(Float64Array.from(values), x)).toBe(firstAbove < 0 ? values.length : firstAbove);
    }
  });
});
