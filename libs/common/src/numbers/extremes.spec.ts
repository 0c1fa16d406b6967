import { maxOf, minOf } from './extremes';

describe('minOf / maxOf', () => {
  it.each([
    [[3, -1, 2], -1, 3],
    [[5], 5, 5],
    [[-0, 7, -7.5], -7.5, 7],
  ])('%j: min %d, max %d', (values, min, max) => {
    expect(minOf(values)).toBe(min);
    expect(maxOf(values)).toBe(max);
  });

  it('answers the given value for none (like Math.min() without arguments by default)', () => {
    expect(minOf([])).toBe(Infinity);
    expect(maxOf([])).toBe(-Infinity);
    expect(minOf([], 0)).toBe(0);
  });

  it("reads any iterable, a Map's values included", () => {
    expect(
      minOf(
        new Map([
          ['a', 4],
          ['b', 2],
        ]).values(),
      ),
    ).toBe(2);
  });

  it('is NaN when a value is, as Math.min is', () => {
    expect(minOf([1, NaN, 0])).toBeNaN();
    expect(maxOf([1, NaN, 2])).toBeNaN();
  });

  it('handles 200,000 values, where spreading them into Math.min overflows the stack', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 200_000);
    expect(() => Math.min(...values)).toThrow(RangeError);
    expect(minOf(values)).toBe(0);
    expect(maxOf(values)).toBe(199_999);
  });
});
