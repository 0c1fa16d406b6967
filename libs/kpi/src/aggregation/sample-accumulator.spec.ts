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

  // Worked from the definition: deviations from the mean, squared, summed, over n - 1.
  it.each<[string, number[], number]>([
    ['halves near 1e9: deviations -1, 0, 1', [1e9 + 0.5, 1e9 + 1.5, 1e9 + 2.5], 1],
    [
      'integers near 1e8: deviations ±1.5, ±0.5, Σ 5 over 3',
      [100000001, 100000002, 100000003, 100000004],
      Math.sqrt(5 / 3),
    ],
    ['integers whose squares pass 2^53: deviations ±1', [1e15 + 1, 1e15 + 3], Math.SQRT2],
    ['quarters near 1e12: deviations ±0.25, Σ 0.125 over 1', [1e12 + 0.25, 1e12 + 0.75], Math.sqrt(0.125)],
    ['integers and a fraction: deviations -0.5, 0, 0.5', [4, 4.5, 5], 0.5],
    ['one value far from zero, repeated', [1e9 + 0.1, 1e9 + 0.1, 1e9 + 0.1], 0],
  ])('stddev of %s', (_, values, expected) => {
    const sut = build(values.map((v, i): Row => [i, v, 'good']));
    expect(sut.result('stddev')).toBe(expected);
  });

  it('stddev does not move when every value is shifted by the same amount', () => {
    // quarter steps below 2^10 shifted by at most 2^40 stay exact, so both sets have the same exact deviations
    const quarter = fc.integer({ min: -4096, max: 4096 }).map((q) => q / 4);
    const shift = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
    fc.assert(
      fc.property(fc.array(quarter, { minLength: 2, maxLength: 30 }), shift, (values, c) => {
        const near = build(values.map((v, i): Row => [i, v, 'good']));
        const far = build(values.map((v, i): Row => [i, c + v, 'good']));
        expect(far.result('stddev')).toBe(near.result('stddev'));
      }),
      { numRuns: 200, seed: 53 },
    );
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
