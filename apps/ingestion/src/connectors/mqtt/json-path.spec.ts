import { compileJsonPath, parseJsonPath } from './json-path';

describe(compileJsonPath.name, () => {
  const doc = { a: { b: 1, 'odd key': 2 }, items: [{ v: 3 }], n: null, arr: [10, 20] };

  it.each([
    ['$', doc],
    ['$.a.b', 1],
    ["$.a['odd key']", 2],
    ['$.items[0].v', 3],
    ['$.arr[1]', 20],
    ['$.missing', undefined],
    ['$.n.x', undefined],
    ['$.arr.x', undefined],
    ['$.a.toString', undefined],
  ])('reads %s', (path, expected) => {
    expect(compileJsonPath(path)(doc)).toEqual(expected);
  });

  it.each(['a.b', '$..a', '$.a[*]', '$[?(@.x)]'])('refuses the unsupported path %s', (path) => {
    expect(() => parseJsonPath(path)).toThrow();
  });
});
