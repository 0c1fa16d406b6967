import { argChoices, argNumber, argString, argText, hasFlag } from './bench-args';

const ARGV = ['node', 'bench.js', '--sizes', '1k,10k', '--seconds', '30', '--quiet', '--rate', 'fast'];

describe('bench arguments', () => {
  it.each([
    ['a given option', 'sizes', '1k,10k'],
    ['an option not given', 'rounds', undefined],
    ['a flag, which has no value of its own', 'quiet', '--rate'],
  ])('reads the text of %s', (_, name, text) => {
    expect(argText(name, ARGV)).toBe(text);
  });

  it('falls back to the default only when the option is not given', () => {
    expect(argString('sizes', '100k', ARGV)).toBe('1k,10k');
    expect(argString('size', '100k', ARGV)).toBe('100k');
    expect(argNumber('seconds', 20, ARGV)).toBe(30);
    expect(argNumber('minutes', 20, ARGV)).toBe(20);
    expect(argNumber('rate', 5_000, ARGV)).toBeNaN();
  });

  it('tells a flag given from one not given', () => {
    expect(hasFlag('quiet', ARGV)).toBe(true);
    expect(hasFlag('detail', ARGV)).toBe(false);
  });

  it.each([
    ['all when not given', 'modes', ['each', 'doubling']],
    ['the listed ones in their own order', 'sizes', ['10k', '1k']],
    ['none of an unknown list', 'seconds', []],
  ])('reads choices: %s', (_, name, expected) => {
    expect(argChoices(name, name === 'sizes' ? ['10k', '1k', '100k'] : ['each', 'doubling'], ARGV)).toEqual(expected);
  });
});
