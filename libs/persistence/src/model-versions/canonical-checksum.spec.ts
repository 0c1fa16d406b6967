import { canonicalChecksum, canonicalJson } from './canonical-checksum';

describe(canonicalJson.name, () => {
  it.each([
    {
      input: { b: 1, a: { d: [2, { z: 1, y: 0 }], c: null } },
      expected: '{"a":{"c":null,"d":[2,{"y":0,"z":1}]},"b":1}',
    },
    { input: { a: undefined, b: 'x' }, expected: '{"b":"x"}' },
    { input: [3, 1, 2], expected: '[3,1,2]' },
    // A key parsed from a document stays a member (on a plain object it would set the prototype and vanish).
    { input: JSON.parse('{"b":2,"__proto__":{"a":1}}') as unknown, expected: '{"__proto__":{"a":1},"b":2}' },
    { input: { toString: 'x', valueOf: 1 }, expected: '{"toString":"x","valueOf":1}' },
    // array-index keys first, in numeric order (as every object lists them), then the others sorted: stored
    // checksums depend on it, so a writer that sorted all keys as text would change them
    { input: { b: 1, '10': 2, '2': 3, a: 4, '02': 5 }, expected: '{"2":3,"10":2,"02":5,"a":4,"b":1}' },
  ])('writes $expected', ({ input, expected }) => {
    expect(canonicalJson(input)).toBe(expected);
  });
});

describe(canonicalChecksum.name, () => {
  it('is equal for equal documents and differs for different ones', () => {
    const sut = canonicalChecksum;

    expect(sut({ a: 1, b: 2 })).toBe(sut({ b: 2, a: 1 }));
    expect(sut({ a: 1, b: 2 })).not.toBe(sut({ a: 1, b: 3 }));
  });
});
