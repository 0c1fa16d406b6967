import { int64Value } from './int64-value';

describe(int64Value.name, () => {
  // [high, low] words worked by hand: -5 = 0xFFFFFFFF_FFFFFFFB, -2^40 = 0xFFFFFF00_00000000, 2^53 = 0x00200000_00000000
  it.each<[string, number, number, boolean, number | bigint]>([
    ['signed 5', 0, 5, true, 5],
    ['signed -1', 0xffffffff, 0xffffffff, true, -1],
    ['signed -5', 0xffffffff, 0xfffffffb, true, -5],
    ['signed -2^40', 0xffffff00, 0, true, -1_099_511_627_776],
    ['signed 2^53 - 1, the largest safe integer', 0x1fffff, 0xffffffff, true, 9_007_199_254_740_991],
    ['signed -2^53', 0xffe00000, 0, true, -9_007_199_254_740_992],
    ['signed 2^53 + 1, as a bigint', 0x200000, 1, true, 9_007_199_254_740_993n],
    ['signed -2^53 - 1, as a bigint', 0xffdfffff, 0xffffffff, true, -9_007_199_254_740_993n],
    ['signed minimum -2^63, as a bigint', 0x80000000, 0, true, -(2n ** 63n)],
    ['unsigned 5', 0, 5, false, 5],
    ['unsigned 2^40', 256, 0, false, 1_099_511_627_776],
    ['unsigned 2^32 - 1 (a low word above 2^31)', 0, 0xffffffff, false, 4_294_967_295],
    ['unsigned 2^64 - 1, as a bigint', 0xffffffff, 0xffffffff, false, 2n ** 64n - 1n],
    ['unsigned 2^63 (signed words), as a bigint', -0x80000000, 0, false, 2n ** 63n],
  ])('reads %s', (_, high, low, signed, expected) => {
    expect(int64Value(high, low, signed)).toBe(expected);
  });
});
