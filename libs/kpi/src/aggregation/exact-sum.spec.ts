import fc from 'fast-check';
import { ExactSum } from './exact-sum';

const sumOf = (values: readonly number[]): number => {
  const sut = new ExactSum();
  for (const v of values) sut.add(v);
  return sut.value();
};

describe(ExactSum.name, () => {
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
      fc.property(
        fc
          .array(value, { maxLength: 40 })
          .chain((values) => fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length }))),
        ([values, shuffled]) => {
          expect(sumOf(shuffled)).toBe(sumOf(values));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merges, copies and resets exactly', () => {
    const a = new ExactSum();
    const b = new ExactSum();
    [1e16, 1, 0.1].forEach((v) => a.add(v));
    [-1e16, 0.2].forEach((v) => b.add(v));
    a.merge(b);
    expect(a.value()).toBe(sumOf([1, 0.1, 0.2]));
    const copy = new ExactSum();
    copy.copyFrom(a);
    expect(copy.value()).toBe(a.value());
    a.reset();
    expect([a.value(), a.length]).toEqual([0, 0]);
  });

  it('grows its partials one at a time, never into another sum', () => {
    const sut = new ExactSum();
    const untouched = new ExactSum();
    // 1 and 1e-100 are below 1e100's rounding unit: each stays a partial of its own, smallest first
    [1e100, 1, 1e-100].forEach((v) => sut.add(v));
    expect(sut.partials()).toEqual([1e-100, 1, 1e100]);
    sut.add(1e-200);
    expect(sut.partials()).toEqual([1e-200, 1e-100, 1, 1e100]);
    expect(sut.value()).toBe(1e100);
    expect([untouched.partials(), untouched.value()]).toEqual([[], 0]);
    sut.reset();
    [2, 0.5].forEach((v) => sut.add(v));
    expect([sut.partials(), sut.value()]).toEqual([[2.5], 2.5]);
    untouched.add(-3);
    expect([untouched.partials(), sut.value()]).toEqual([[-3], 2.5]);
  });
});
