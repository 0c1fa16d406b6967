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

/** The text's earlier writing: JSON.stringify of a copy with sorted keys on objects without a prototype. */
function dictionaryCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dictionaryCopy);
  if (value === null || typeof value !== 'object') return value;
  const sorted = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = dictionaryCopy(member);
  }
  return sorted;
}

/** A seeded document of nested objects and arrays, with members JSON leaves out or writes as null among them. */
function document(seed: number): unknown {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const leaves = [0, -0, 1.5, -3e-9, NaN, Infinity, '', 'é"\\\n', '\u2028', true, false, null, undefined, () => 1];
  const keys = ['a', 'B', 'b', '10', '2', '02', 'é', '__proto__', 'toJSON', 'constructor', ' ', 'z'];
  const make = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.4) return leaves[Math.floor(next() * leaves.length)];
    if (r < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => make(depth + 1));
    const out: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) {
      const value = make(depth + 1);
      Object.defineProperty(out, keys[Math.floor(next() * keys.length)], { value, enumerable: true, writable: true });
    }
    return out;
  };
  return make(0);
}

describe('canonicalJson against its earlier writing (objects without a prototype)', () => {
  it('writes 2,000 seeded documents the same', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const input = document(seed);
      expect([seed, canonicalJson(input)]).toEqual([seed, JSON.stringify(dictionaryCopy(input))]);
    }
  });

  it.each([
    // a hole in an array writes null
    { input: Object.assign(new Array<number>(3), { 0: 1, 2: 3 }), expected: '[1,null,3]' },
    { input: { f: () => 1, n: -0, i: -Infinity, d: new Date(0) }, expected: '{"d":{},"i":null,"n":0}' },
    { input: JSON.parse('{"toJSON":{"toJSON":1},"__proto__":{"__proto__":2}}') as unknown, expected: undefined },
  ])('writes $input the same', ({ input, expected }) => {
    const earlier = JSON.stringify(dictionaryCopy(input));

    expect(canonicalJson(input)).toBe(earlier);
    if (expected !== undefined) expect(earlier).toBe(expected);
  });
});
