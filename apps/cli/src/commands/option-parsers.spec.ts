import { InvalidArgumentError } from 'commander';
import { positiveInt } from './option-parsers';

describe(positiveInt.name, () => {
  it.each([
    ['1', 1],
    ['50', 50],
    [' 3650 ', 3650],
  ])('reads %j as %j', (text, expected) => {
    expect(positiveInt(text)).toBe(expected);
  });

  // parseInt read 'abc' as NaN (a bound that compares false) and '12abc' as 12; Number() reads '' as 0, '0x10' as 16
  it.each(['abc', '12abc', '', ' ', '0', '-5', '2.5', '0x10', '1e3', '9007199254740993'])('refuses %j', (text) => {
    expect(() => positiveInt(text)).toThrow(InvalidArgumentError);
    expect(() => positiveInt(text)).toThrow(`must be a positive integer, got "${text}"`);
  });
});
