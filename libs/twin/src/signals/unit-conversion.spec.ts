import { unitConverter } from './unit-conversion';

describe(unitConverter.name, () => {
  it.each([
    ['Wh', 'kWh', 1500, 1.5],
    ['kWh', 'Wh', 1.5, 1500],
    ['°F', '°C', 212, 100],
    ['degF', 'degC', 32, 0],
    ['degC', 'degF', 100, 212],
    ['K', 'degC', 273.15, 0],
    ['ms', 's', 250, 0.25],
    ['%', 'ratio', 42, 0.42],
    ['ratio', '%', 0.5, 50],
    ['min', 'h', 90, 1.5],
  ])('converts %s to %s', (from, to, input, expected) => {
    const sut = unitConverter(from, to);
    expect(sut).toEqual(expect.any(Function));
    expect(sut!(input)).toBeCloseTo(expected, 9);
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
