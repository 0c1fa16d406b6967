import fc from 'fast-check';
import { unitConverter } from './unit-conversion';

describe(unitConverter.name, () => {
  // Each expected value is the decimal worked by hand; toBe, since a range check at 0.7 sees the last digit.
  it.each([
    ['Wh', 'kWh', 1500, 1.5],
    ['Wh', 'kWh', 700, 0.7],
    ['Wh', 'kWh', 36.79, 0.03679],
    ['kWh', 'Wh', 0.7, 700],
    ['kWh', 'Wh', 1.5, 1500],
    ['MWh', 'Wh', 1.234567, 1_234_567],
    ['W', 'kW', 821, 0.821],
    ['°F', '°C', 212, 100],
    ['degF', 'degC', 32, 0],
    ['degF', 'degC', 98.6, 37], // (98.6 - 32) * 5 / 9 = 66.6 * 5 / 9
    ['degF', 'degC', -40, -40],
    ['degC', 'degF', 100, 212],
    ['degC', 'degF', 37, 98.6],
    ['K', 'degC', 273.15, 0],
    ['K', 'degC', 300, 26.85],
    ['K', 'degC', 258, -15.15],
    ['degC', 'K', 26.85, 300],
    ['ms', 's', 250, 0.25],
    ['%', 'ratio', 42, 0.42],
    ['ratio', '%', 0.5, 50],
    ['ratio', '%', 1.15, 115],
    ['min', 'h', 90, 1.5],
    ['h', 's', 0.1, 360],
    ['kPa', 'bar', 101.325, 1.01325],
    ['L', 'm3', 0.5, 0.0005],
  ])('converts %s to %s: %p is %p', (from, to, input, expected) => {
    const sut = unitConverter(from, to);
    expect(sut).toEqual(expect.any(Function));
    expect(sut!(input)).toBe(expected);
  });

  it('gives a scaled decimal as the same digits, whatever its places', () => {
    // n / 10^p in Wh is n / 10^(p + 3) in kWh: JavaScript reads both texts to the nearest double.
    const toKwh = unitConverter('Wh', 'kWh')!;
    const toWh = unitConverter('kWh', 'Wh')!;
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 }), (n, p) => {
        expect(toKwh(Number(`${n}e-${p}`))).toBe(Number(`${n}e-${p + 3}`));
        expect(toWh(Number(`${n}e-${p}`))).toBe(Number(`${n}e${3 - p}`));
      }),
    );
  });

  it('still converts a value too long to be read as a decimal', () => {
    expect(unitConverter('Wh', 'kWh')!(1e300)).toBe(1e297);
    expect(unitConverter('kWh', 'Wh')!(1 / 3)).toBeCloseTo(1000 / 3, 12);
  });

  it.each([
    ['ValueOf', 'valueOf'],
    ['Constructor', 'constructor'],
    ['toString', 'kWh'],
  ])('treats %s and %s as distinct unknown units, not as inherited object members', (from, to) => {
    // A plain-object alias table once resolved both spellings to the same Object.prototype member.
    expect(unitConverter(from, to)).toBeNull();
  });

  it.each([
    ['toString', 'toString'],
    [undefined, 'kWh'],
    ['kWh', 'kWh'],
    ['°C', 'degC'],
  ])('needs no conversion from %s to %s', (from, to) => {
    expect(unitConverter(from, to)).toBeUndefined();
  });

  it.each([
    ['kWh', 'EUR'],
    ['°C', 'kWh'],
    ['furlong', 'm'],
  ])('refuses the unknown pair %s to %s', (from, to) => {
    expect(unitConverter(from, to)).toBeNull();
  });
});
