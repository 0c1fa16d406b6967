import { roundHalfAwayFromZero } from './round-half-away';

describe(roundHalfAwayFromZero.name, () => {
  // Expected values rounded by hand from the decimal as written; toBe compares the doubles nearest them.
  it.each([
    // halves go away from zero, either sign
    [0.5, 0, 1],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [-1.5, 0, -2],
    [0.125, 2, 0.13],
    [-0.125, 2, -0.13],
    // decimals stored just below their half still round as written
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [-1.005, 2, -1.01],
    [1.0000005, 6, 1.000001],
    [123.456, 1, 123.5],
    [0.0004, 3, 0],
    [5e-7, 6, 0.000001],
    [-5e-7, 6, -0.000001],
    [1.5e-7, 6, 0],
    [2, 99, 2],
    // digits 0..6 as values grow, up to and past 10^15 units of the last kept digit
    [123456789012.5, 0, 123456789013],
    [98765432109.87654, 3, 98765432109.877],
    [98765432109.87654, 4, 98765432109.8765],
    [98765432109.87654, 5, 98765432109.87654],
    [123456789.1234565, 6, 123456789.123457],
    // typed with 17 digits: its double prints as …234.566, which rounds the same way
    [Number('12345678901234.567'), 2, 12345678901234.57],
    [Number('-12345678901234.567'), 2, -12345678901234.57],
    [12345678901234.49, 1, 12345678901234.5],
    [1234567890123456, 0, 1234567890123456],
    [-1234567890123456, 0, -1234567890123456],
    [4503599627370495.5, 0, 4503599627370496],
    [-4503599627370495.5, 0, -4503599627370496],
    // 450359962737049.25 × 10 is a tie between doubles that would go to the even one, down
    [450359962737049.25, 1, 450359962737049.3],
    // above 2^53 every double is an integer: nothing to round
    [2 ** 53 + 2, 0, 2 ** 53 + 2],
    [2 ** 60, 3, 2 ** 60],
    [-(2 ** 60), 6, -(2 ** 60)],
    [1e300, 2, 1e300],
  ])('round(%p, %p) = %p', (x, digits, expected) => {
    expect(roundHalfAwayFromZero(x, digits)).toBe(expected);
  });

  it.each([Infinity, -Infinity, NaN])('leaves %p as it is', (x) => {
    expect(roundHalfAwayFromZero(x, 2)).toBe(x);
  });
});
