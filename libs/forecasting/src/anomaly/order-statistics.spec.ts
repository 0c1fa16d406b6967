import { seededRandom } from '../period-end/seeded-random';
import { medianInPlace } from './order-statistics';

describe(medianInPlace.name, () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5], // (2 + 3)/2
    [[7, 7, 7, 1], 7],
    [[2, 9, 9, 2, 5, 5], 5],
  ])('median of %j is %d', (values, expected) => {
    expect(medianInPlace(Float64Array.from(values), values.length)).toBe(expected);
  });

  it('agrees with a full sort on random arrays with ties (seeds 1..200)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const n = 1 + Math.floor(random() * 70);
      const values = Array.from({ length: n }, () => Math.floor(random() * 10));
      const sorted = [...values].sort((a, b) => a - b);
      const expected = n % 2 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      expect([seed, medianInPlace(Float64Array.from(values), n)]).toEqual([seed, expected]);
    }
  });

  it('uses only the first `length` values', () => {
    expect(medianInPlace(Float64Array.from([3, 1, 2, 100, 100]), 3)).toBe(2);
  });
});
