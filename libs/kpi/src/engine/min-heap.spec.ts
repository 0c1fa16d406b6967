import fc from 'fast-check';
import { MinHeap } from './min-heap';

describe(MinHeap.name, () => {
  it('pops items in key order', () => {
    const sut = new MinHeap<string>();
    for (const [key, item] of [
      [5, 'e'],
      [1, 'a'],
      [3, 'c'],
      [2, 'b'],
      [4, 'd'],
    ] as const)
      sut.push(key, item);
    expect(sut.peekKey()).toBe(1);
    const out: string[] = [];
    for (let item = sut.pop(); item !== undefined; item = sut.pop()) out.push(item);
    expect(out).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sut.peekKey()).toBe(Infinity);
  });

  it('interleaved pushes and pops always return the smallest key', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant(null)), { maxLength: 200 }),
        (ops) => {
          const sut = new MinHeap<number>();
          const reference: number[] = [];
          for (const op of ops) {
            if (op === null) {
              reference.sort((x, y) => x - y);
              expect(sut.pop()).toBe(reference.shift());
            } else {
              sut.push(op, op);
              reference.push(op);
            }
            expect(sut.size).toBe(reference.length);
          }
        },
      ),
      { numRuns: 100, seed: 15 },
    );
  });

  it('retains the entries asked for, still popped in key order', () => {
    const sut = new MinHeap<string>();
    for (const [key, item] of [
      [5, 'a'],
      [1, 'b'],
      [3, 'a'],
      [2, 'c'],
      [4, 'b'],
    ] as const)
      sut.push(key, item);

    // keep each item's newest key only: a 5, b 4, c 2
    const newest = new Map([
      ['a', 5],
      ['b', 4],
      ['c', 2],
    ]);
    sut.retain((key, item) => newest.get(item) === key);

    expect(sut.size).toBe(3);
    expect([sut.pop(), sut.pop(), sut.pop(), sut.pop()]).toEqual(['c', 'b', 'a', undefined]);
  });
});
