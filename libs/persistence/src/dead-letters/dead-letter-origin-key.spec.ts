import { deadLetterOriginKey } from './dead-letter-origin-key';

describe(deadLetterOriginKey.name, () => {
  it('is the same for the same input and fits the column whatever the parts', () => {
    const key = deadLetterOriginKey('sample-log', ['bsc.samples.3', 17, new Uint8Array([0, 255])]);

    expect(deadLetterOriginKey('sample-log', ['bsc.samples.3', 17, new Uint8Array([0, 255])])).toBe(key);
    expect(key).toMatch(/^sample-log:[0-9a-f]{64}$/);
    expect(deadLetterOriginKey('k'.repeat(500), ['x'.repeat(10_000)]).length).toBeLessThanOrEqual(128);
  });

  it.each([
    ['parts split elsewhere', ['ab', 'c'], ['a', 'bc']],
    ['a number and its digits as two parts', [12], ['1', '2']],
    ['another position in the log', ['s', 1, 'x'], ['s', 2, 'x']],
    ['other bytes', [new Uint8Array([1])], [new Uint8Array([2])]],
  ])('differs for different inputs: %s', (_, a, b) => {
    expect(deadLetterOriginKey('k', a)).not.toBe(deadLetterOriginKey('k', b));
  });
});
