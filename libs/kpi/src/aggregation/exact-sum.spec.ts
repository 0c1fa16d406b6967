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

  // a × b rounds away its low bits; adding the rounded part back out leaves exactly those bits
  it.each([
    ['(1 + 2^-30)², less 1 + 2^-29', 1 + 2 ** -30, 1 + 2 ** -30, 1 + 2 ** -29, 2 ** -60],
    ['-(1 + 2^-30) × (1 + 2^-30), less -(1 + 2^-29)', -(1 + 2 ** -30), 1 + 2 ** -30, -(1 + 2 ** -29), -(2 ** -60)],
    ['(2^27 + 1)², less 2^54 + 2^28', 2 ** 27 + 1, 2 ** 27 + 1, 2 ** 54 + 2 ** 28, 1],
    ['(1e9 + 0.5)², less 1e18 + 1e9', 1e9 + 0.5, 1e9 + 0.5, 1e18 + 1e9, 0.25],
    ['3 × 0.5, less nothing', 3, 0.5, 0, 1.5],
  ])('addProduct: %s', (_, a, b, rounded, expected) => {
    const sut = new ExactSum();
    sut.addProduct(a, b);
    sut.add(-rounded);
    expect(sut.value()).toBe(expected);
  });

  it('addProduct of a product beyond the double range gives its infinity', () => {
    const sut = new ExactSum();
    sut.addProduct(1e200, -1e200);
    expect(sut.value()).toBe(-Infinity);
  });

  it('compact keeps the exact value in no more partials, and sums on exactly', () => {
    const tenth = fc.integer({ min: -1000, max: 1000 }).map((k) => k / 10);
    fc.assert(
      fc.property(fc.array(tenth, { maxLength: 40 }), fc.array(tenth, { maxLength: 5 }), (squared, more) => {
        const spread = new ExactSum();
        const sut = new ExactSum();
        for (const v of squared) [spread, sut].forEach((s) => s.addProduct(v, v));
        sut.compact();
        expect(sut.length).toBeLessThanOrEqual(spread.length);
        // equal exact values: the difference is exactly zero
        const difference = new ExactSum();
        difference.merge(spread);
        for (const p of sut.partials()) difference.add(-p);
        expect(difference.value()).toBe(0);
        for (const v of more) [spread, sut].forEach((s) => s.add(v));
        expect(sut.value()).toBe(spread.value());
      }),
      { numRuns: 300 },
    );
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
