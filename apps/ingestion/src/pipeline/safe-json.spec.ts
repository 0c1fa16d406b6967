import { safeJson, UNSERIALISABLE } from './safe-json';

/** `[[...[]...]]`, `depth` arrays deep, as JSON.parse builds it from a payload. */
function nested(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + ']'.repeat(depth));
}

describe(safeJson.name, () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;

  it.each<[string, unknown, string]>([
    ['an object', { a: 1, b: [true, null] }, '{"a":1,"b":[true,null]}'],
    ['text', 'good', '"good"'],
    ['a number', 42, '42'],
    ['Infinity, which JSON writes as null', Number.POSITIVE_INFINITY, 'null'],
    ['undefined, which JSON cannot hold', undefined, 'undefined'],
    ['a bigint, by its digits', 12n, '"12"'],
    ['an array 100,000 deep', nested(100_000), UNSERIALISABLE],
    ['an object holding a deep array', { q: nested(100_000) }, UNSERIALISABLE],
    ['a circular object', circular, UNSERIALISABLE],
    ['an object holding a bigint', { n: 12n }, '{"n":"12"}'],
  ])('writes %s', (_, value, expected) => {
    expect(safeJson(value)).toBe(expected);
  });
});
