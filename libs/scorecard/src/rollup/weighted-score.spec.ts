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
    [
      'partial coverage propagates by weight',
      [{ weight: 1, score: 8, coverage: 0.5 }, { weight: 1, score: 4, coverage: 1 }],
      6,
      0.75,
    ],
  ])('%s', (_name, parts, score, coverage) => {
    const sut = combineWeighted(parts);

    expect(sut.score === null ? null : Number(sut.score.toFixed(9))).toBe(score);
    expect(sut.coverage).toBe(coverage);
  });
});
