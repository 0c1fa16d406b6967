import { float32Value } from './float32-value';

describe(float32Value.name, () => {
  // Math.fround(x) is the float32 a sender of x put on the wire, widened as a decoder reads it.
  it.each([
    ['0.1', Math.fround(0.1), 0.1],
    ['1.1', Math.fround(1.1), 1.1],
    ['-273.15', Math.fround(-273.15), -273.15],
    ['123456.7', Math.fround(123456.7), 123456.7],
    ['2^24 (a float32 holds it exactly)', 16_777_216, 16_777_216],
    ['0', 0, 0],
    ['Infinity', Infinity, Infinity],
  ])('reads the float32 of %s as that decimal', (_, wire, expected) => {
    expect(float32Value(wire)).toBe(expected);
  });

  it('keeps NaN', () => {
    expect(float32Value(NaN)).toBeNaN();
  });
});
