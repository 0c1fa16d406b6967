import fc from 'fast-check';
import { combineWeighted, leafPart, type WeightedPart } from './weighted-score';

describe(combineWeighted.name, () => {
  it.each<[string, WeightedPart[], number | null, number | null]>([
    ['equal weights', [leafPart(1, 10), leafPart(1, 4)], 7, 1],
    ['weights 3:1', [leafPart(3, 8), leafPart(1, 4)], 7, 1],
    ['missing data is excluded, not zero', [leafPart(3, 8), leafPart(1, null)], 8, 0.75],
    ['no data at all', [leafPart(1, null), leafPart(2, null)], null, 0],
    ['nothing defined', [], null, null],
    ['empty parts are ignored', [leafPart(1, 6), { weight: 5, score: null, coverage: null }], 6, 1],
    ['zero weight is ignored', [leafPart(1, 6), leafPart(0, 0)], 6, 1],
    ['negative weight is ignored', [leafPart(1, 6), leafPart(-1, 0)], 6, 1],
    // Regression (fast-check counterexample): 5e-324 × 0.5 = 2^-1075 rounds to 0, so the score came out as 0.
    ['a subnormal weight alone', [leafPart(5e-324, 0.5)], 0.5, 1],
    ['a subnormal weight next to a missing heavy part', [leafPart(5e-324, 0.5), leafPart(100, null)], 0.5, 0],
    // 5e-324 / 100 underflows to 0 after scaling: the subnormal part weighs nothing next to 100, as it should
    ['a subnormal weight next to a heavy one', [leafPart(5e-324, 2), leafPart(100, 4)], 4, 1],
    [
      'the largest finite weights do not overflow',
      [leafPart(Number.MAX_VALUE, 8), leafPart(Number.MAX_VALUE, 4)],
      6,
      1,
    ],
    [
      'partial coverage propagates by weight',
      [
        { weight: 1, score: 8, coverage: 0.5 },
        { weight: 1, score: 4, coverage: 1 },
      ],
      6,
      0.75,
    ],
  ])('%s', (_name, parts, score, coverage) => {
    const sut = combineWeighted(parts);

    expect(sut.score === null ? null : Number(sut.score.toFixed(9))).toBe(score);
    expect(sut.coverage).toBe(coverage);
  });
});

describe(`${combineWeighted.name} properties`, () => {
  const part = fc.record({
    weight: fc.double({ min: 0, max: 100, noNaN: true }),
    score: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: null }),
  });

  it('stays within the scored parts and keeps coverage in [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (raw) => {
        const parts = raw.map((p) => leafPart(p.weight, p.score));
        const sut = combineWeighted(parts);
        const scored = parts.filter((p) => p.weight > 0 && p.score !== null).map((p) => p.score as number);

        if (scored.length === 0) expect(sut.score).toBeNull();
        else {
          expect(sut.score as number).toBeGreaterThanOrEqual(Math.min(...scored) - 1e-9);
          expect(sut.score as number).toBeLessThanOrEqual(Math.max(...scored) + 1e-9);
        }
        if (sut.coverage !== null) {
          expect(sut.coverage).toBeGreaterThanOrEqual(0);
          expect(sut.coverage).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
      // fixed seed (see also the global one in test/fast-check.setup.ts); the first counterexample ever found is
      // replayed on every run
      { numRuns: 200, seed: 1_202, examples: [[[{ weight: 5e-324, score: 0.5 }]]] },
    );
  });
});
