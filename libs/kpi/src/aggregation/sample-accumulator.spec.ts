import type { SampleQuality } from '@bsc/common';
import fc from 'fast-check';
import type { WindowFunction } from '@bsc/formula';
import { SampleAccumulator } from './sample-accumulator';

type Row = [number, number, SampleQuality];
const build = (rows: Row[]): SampleAccumulator => {
  const acc = new SampleAccumulator();
  for (const [ts, value, quality] of rows) acc.add(ts, value, quality);
  return acc;
};

describe(SampleAccumulator.name, () => {
  // Out of order on purpose: first/last follow timestamps, not arrival.
  const rows: Row[] = [
    [3_000, 7, 'good'],
    [1_000, 2, 'good'],
    [2_000, 3, 'uncertain'],
    [4_000, 100, 'bad'],
    [5_000, 8, 'good'],
  ];
  const cases: Array<[WindowFunction, number | null]> = [
    ['count', 4],
    ['sum', 20],
    ['avg', 5],
    ['min', 2],
    ['max', 8],
    ['first', 2],
    ['last', 8],
    ['delta', 6],
    ['rate', 1.5],
    ['stddev', Math.sqrt(26 / 3)],
  ];
  it.each(cases)('%s', (fn, expected) => {
    const sut = build(rows);
    if (expected === null) expect(sut.result(fn)).toBeNull();
    else expect(sut.result(fn)).toBeCloseTo(expected, 12);
  });

  it('counts quality without letting bad samples into values', () => {
    const sut = build(rows);
    expect([sut.count, sut.uncertain, sut.bad]).toEqual([4, 1, 1]);
  });

  it.each<[WindowFunction, number | null]>([
    ['count', 0],
    ['sum', null],
    ['avg', null],
    ['last', null],
    ['stddev', null],
  ])('empty %s = %p', (fn, expected) => {
    expect(build([[1, 5, 'bad']]).result(fn)).toBe(expected);
  });

  it('merging equals adding everything to one accumulator', () => {
    const sut = build(rows.slice(0, 2));
    sut.merge(build(rows.slice(2)));
    const whole = build(rows);
    for (const [fn] of cases) expect(sut.result(fn)).toBe(whole.result(fn));
    expect(sut.bad).toBe(1);
  });

  it('reset empties it', () => {
    const sut = build(rows);
    sut.reset();
    expect([sut.count, sut.bad, sut.result('sum'), sut.result('count')]).toEqual([0, 0, null, 0]);
  });

  it('gives bit-identical results in any order and any split, integers and fractions mixed', () => {
    const value = fc.oneof(
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.constant(2 ** 52),
    );
    fc.assert(
      fc.property(
        fc
          .array(value, { minLength: 1, maxLength: 40 })
          .chain((values) =>
            fc.tuple(
              fc.constant(values),
              fc.shuffledSubarray(values, { minLength: values.length }),
              fc.nat({ max: values.length }),
            ),
          ),
        ([values, shuffled, cut]) => {
          const inOrder = build(values.map((v, i): Row => [i, v, 'good']));
          const parts = [shuffled.slice(0, cut), shuffled.slice(cut)].map((part) =>
            build(part.map((v): Row => [values.indexOf(v), v, 'good'])),
          );
          parts[1].merge(parts[0]);
          for (const fn of ['sum', 'avg', 'stddev', 'min', 'max'] as const)
            expect(parts[1].result(fn)).toBe(inOrder.result(fn));
        },
      ),
      { numRuns: 300 },
    );
  });
});
