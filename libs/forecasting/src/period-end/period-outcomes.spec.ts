import { projectionFromOutcomes, type ElapsedExtreme } from './period-outcomes';
import type { TargetRule } from './period-end.types';

describe(projectionFromOutcomes.name, () => {
  it('takes quantiles and the probability from the outcomes, keeping their order', () => {
    const outcomes = [5, 1, 4, 2, 3];

    const sut = projectionFromOutcomes(3, outcomes, undefined, 'x', 'empirical');

    // sorted 1..5: the 10 % quantile sits at position 0.4 -> 1.4, the 90 % one at 3.6 -> 4.6
    expect(sut).toMatchObject({ expected: 3, support: 5, outcomes: [5, 1, 4, 2, 3], probabilityOfMeetingTarget: null });
    expect(sut.lower80).toBeCloseTo(1.4, 12);
    expect(sut.upper80).toBeCloseTo(4.6, 12);
  });

  const lower = (value: number): TargetRule => ({ direction: 'lower_is_better', value });
  const higher = (value: number): TargetRule => ({ direction: 'higher_is_better', value });
  const max60: ElapsedExtreme = { aggregation: 'max', value: 60 };
  const min40: ElapsedExtreme = { aggregation: 'min', value: 40 };

  // the outcomes spread (the kernel is wide enough to reach past the target), but the elapsed days decide
  it.each([
    ['a max already above a lower-is-better target: missed', [60, 60, 70], lower(58), max60, 0],
    ['a max already at a higher-is-better target: met', [60, 60, 70], higher(55), max60, 1],
    ['a max already above a band: missed', [60, 60, 70], { direction: 'band', lower: 50, upper: 58 }, max60, 0],
    ['a min already below a higher-is-better target: missed', [30, 40, 40], higher(42), min40, 0],
    ['a min already at a lower-is-better target: met', [30, 40, 40], lower(45), min40, 1],
  ] as const)('%s', (_, outcomes, target, elapsed, probability) => {
    const sut = projectionFromOutcomes(outcomes[1], outcomes, target, 'x', 'empirical', elapsed);

    expect(sut.probabilityOfMeetingTarget).toBeCloseTo(probability, 12);
  });

  it('an elapsed extreme the target leaves open changes nothing', () => {
    // max so far 50, below the target 65: whether the period max ends at or below 65 is the outcomes' question
    const outcomes = [55, 60, 70];
    const open = { aggregation: 'max', value: 50 } as const;

    const sut = projectionFromOutcomes(60, outcomes, lower(65), 'x', 'empirical', open);

    const without = projectionFromOutcomes(60, outcomes, lower(65), 'x', 'empirical');
    expect(sut.probabilityOfMeetingTarget).toBeCloseTo(without.probabilityOfMeetingTarget!, 12);
  });
});
