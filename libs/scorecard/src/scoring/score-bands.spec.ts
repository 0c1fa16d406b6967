import { statusFromScore } from './score-bands';
import type { AggregateStatus } from './scoring.types';

describe(statusFromScore.name, () => {
  it.each<[number | null, AggregateStatus]>([
    [10, 'on_target'],
    [7.5, 'on_target'],
    [7.49, 'at_risk'],
    [5.01, 'at_risk'],
    [5, 'off_target'],
    [0, 'off_target'],
    [null, 'no_data'],
    [Number.NaN, 'no_data'],
  ])('score %p is %s', (score, status) => expect(statusFromScore(score)).toBe(status));

  it('accepts custom bands', () => expect(statusFromScore(6, { onTarget: 6, offTarget: 3 })).toBe('on_target'));
});
