import { projectionFromOutcomes, type ElapsedExtreme } from './period-outcomes';
import type { TargetRule } from './period-end.types';

describe(projectionFromOutcomes.name, () => {
  it('takes quantiles of simulated outcomes and the probability from the outcomes, keeping their order', () => {
    const outcomes = [5, 1, 4, 2, 3];

    const sut = projectionFromOutcomes(3, outcomes, undefined, 'x', 'parametric');

    // sorted 1..5: the 10 % quantile sits at position 0.4 -> 1.4, the 90 % one at 3.6 -> 4.6
    expect(sut).toMatchObject({ expected: 3, support: 5, outcomes: [5, 1, 4, 2, 3], probabilityOfMeetingTarget: null });
    expect(sut.lower80).toBeCloseTo(1.4, 12);
    expect(sut.upper80).toBeCloseTo(4.6, 12);
  });

  it('bounds past errors split-conformally: the expectation +- the ceil((n + 1) c)-th smallest absolute error', () => {
    // 20 past errors +1, -2, +3, ..., -20 around 100: absolute errors 1..20. At 80 %: ceil(21 * 0.8) = ceil(16.8)
    // = 17 -> 100 +- 17 = [83, 117]; at 95 %: ceil(21 * 0.95) = ceil(19.95) = 20 -> 100 +- 20 = [80, 120]. (The
    // interpolated sample quantiles read 83.8 / 115.2 and 80.95 / 118.05: a further error falls between them with
    // probability (n - 1) c / (n + 1), 72 % and 86 % here.)
    const outcomes = Array.from({ length: 20 }, (_, i) => 100 + (i % 2 === 0 ? i + 1 : -(i + 1)));

    const sut = projectionFromOutcomes(100, outcomes, undefined, 'x', 'empirical');

    expect(sut).toMatchObject({ lower80: 83, upper80: 117, lower95: 80, upper95: 120, support: 20 });
  });

  it('takes the largest absolute error when there are too few for the level', () => {
    // 16 errors 1..16 above 50: at 95 % ceil(17 * 0.95) = ceil(16.15) = 17 > 16 -> the 16th, 16 -> [34, 66];
    // at 80 % ceil(17 * 0.8) = ceil(13.6) = 14 -> 14 -> [36, 64]
    const outcomes = Array.from({ length: 16 }, (_, i) => 50 + i + 1);

    const sut = projectionFromOutcomes(50, outcomes, undefined, 'x', 'empirical');

    expect(sut).toMatchObject({ lower80: 36, upper80: 64, lower95: 34, upper95: 66 });
  });

  it('keeps the bounds of a period max at or above the max already reached', () => {
    // max so far 60, outcomes 60, 60, 60, 70, 80 around 66: absolute errors 4, 6, 6, 6, 14; ceil(6 * 0.8) = 5 and
    // ceil(6 * 0.95) = 6 > 5 both take 14: [52, 80], whose lower bound the period max cannot reach -> [60, 80]
    const reached: ElapsedExtreme = { aggregation: 'max', value: 60 };

    const sut = projectionFromOutcomes(66, [60, 60, 60, 70, 80], undefined, 'x', 'empirical', reached);

    expect(sut).toMatchObject({ lower80: 60, upper80: 80, lower95: 60, upper95: 80 });
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
