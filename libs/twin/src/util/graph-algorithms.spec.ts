import { cycleThrough, cyclicComponents, stronglyConnectedComponents, topologicalOrder } from './graph-algorithms';

const graphOf =
  (edges: Record<string, string[]>) =>
  (id: string): string[] =>
    edges[id] ?? [];

describe('graph algorithms', () => {
  it.each<[string, Record<string, string[]>, string[][]]>([
    ['a chain', { a: ['b'], b: ['c'] }, []],
    ['a self-loop', { a: ['a'], b: ['a'] }, [['a']]],
    [
      'two cycles',
      { a: ['b'], b: ['a'], c: ['d'], d: ['e'], e: ['c'], f: ['c'] },
      [
        ['a', 'b'],
        ['c', 'd', 'e'],
      ],
    ],
  ])('finds the cyclic components of %s', (_name, edges, expected) => {
    const nodes = [...new Set([...Object.keys(edges), ...Object.values(edges).flat()])];

    const sut = cyclicComponents(nodes, graphOf(edges)).map((c) => [...c].sort());

    expect(sut).toEqual(expected);
  });

  it('partitions every node into exactly one component', () => {
    const edges = { a: ['b'], b: ['c', 'a'], c: ['d'], d: [] };

    const sut = stronglyConnectedComponents(['a', 'b', 'c', 'd'], graphOf(edges));

    expect(sut.flat().sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(sut).toHaveLength(3);
  });

  it('handles long chains without recursion', () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => `n${i}`);
    const next = (id: string): string[] => {
      const i = Number(id.slice(1));
      return i + 1 < n ? [`n${i + 1}`] : ['n0'];
    };

    expect(cyclicComponents(nodes, next)).toHaveLength(1);
  });

  it('returns a shortest cycle through a node', () => {
    const edges = { a: ['b', 'c'], b: ['d'], c: ['a'], d: ['a'] };

    expect(cycleThrough('a', new Set(['a', 'b', 'c', 'd']), graphOf(edges))).toEqual(['a', 'c', 'a']);
  });

  it('orders nodes after their dependencies, keeping input order among peers', () => {
    const deps = { c: ['a'], b: ['c'], a: [] };

    expect(topologicalOrder(['b', 'c', 'a', 'x'], graphOf(deps))).toEqual(['a', 'x', 'c', 'b']);
  });

  it('returns null for a cyclic dependency', () => {
    expect(topologicalOrder(['a', 'b'], graphOf({ a: ['b'], b: ['a'] }))).toBeNull();
  });
});
