import { partsFingerprint, seriesFingerprint } from './series-fingerprint';

describe(partsFingerprint.name, () => {
  it.each([
    { parts: [[1, 2, 3], [4], [], [5.5, -0]], why: 'parts of any length, an empty one and a negative zero' },
    {
      parts: [
        [NaN, Infinity],
        [-Infinity, 1e-300],
      ],
      why: 'values that are not finite',
    },
    { parts: [[]], why: 'nothing but an empty part' },
    { parts: [], why: 'no parts' },
  ])('is the fingerprint of the parts one after the other ($why)', ({ parts }) => {
    expect(partsFingerprint(parts)).toBe(seriesFingerprint(parts.flat()));
  });

  it('tells where the values sit, not where the parts are cut', () => {
    expect(partsFingerprint([[1, 2], [3]])).toBe(partsFingerprint([[1], [2, 3]]));
    expect(partsFingerprint([[1, 2], [3]])).not.toBe(partsFingerprint([[2, 1], [3]]));
    // -0 and 0 differ in their sign bit, which counts
    expect(partsFingerprint([[0]])).not.toBe(partsFingerprint([[-0]]));
  });
});
