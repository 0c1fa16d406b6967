import fc from 'fast-check';
import { addExact, exactValue, mergeExact } from './exact-sum';

const sumOf = (values: readonly number[]): number => {
  const partials: number[] = [];
  for (const v of values) addExact(partials, v);
  return exactValue(partials);
};

describe(addExact.name, () => {
  it.each([
    [[0.1, 0.2, 0.3], 0.6],
    [[1e100, 1, -1e100], 1],
    [[1, 1e-16, 1e-16], 1.0000000000000002],
    [[], 0],
    [[-5, 2.5], -2.5],
  ])('sum(%p) = %p', (values, expected) => {
    expect(sumOf(values)).toBe(expected);
  });

  it('gives the same result in any order', () => {
    const value = fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }).chain((values) => fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length }))), ([values, shuffled]) => {
        expect(sumOf(shuffled)).toBe(sumOf(values));
      }),
      { numRuns: 300 },
    );
  });

  it('merges expansions exactly', () => {
    const a: number[] = [];
    const b: number[] = [];
    [1e16, 1, 0.1].forEach((v) => addExact(a, v));
    [-1e16, 0.2].forEach((v) => addExact(b, v));
    mergeExact(a, b);
    expect(exactValue(a)).toBe(sumOf([1, 0.1, 0.2]));
  });
});
