import { getForecaster } from '../methods/forecast-methods';
import { floorAtZero } from './non-negative-floor';
import { projectPeriodEnd } from './period-end-projection';
import { floorProjectionAtZero, projectionFromOutcomes } from './period-outcomes';

describe(floorAtZero.name, () => {
  it('floors a mean of 2 and an 80 % band of [-3, 7] to 2 and [0, 7]', () => {
    expect(floorAtZero([2, -3, 7])).toEqual([2, 0, 7]);
  });
});

describe(floorProjectionAtZero.name, () => {
  // 11 outcomes: the 10 % quantile sits at sorted[1], the 90 % one at sorted[9]; the 2.5 % and 97.5 % ones a quarter
  // of the way from sorted[0] to sorted[1] and from sorted[9] to sorted[10]
  const outcomes = [-8, -3, -1, 0, 1, 2, 3, 4, 5, 7, 12];

  it('floors the expectation and every quantile at 0, the quantiles of max(X, 0)', () => {
    const before = projectionFromOutcomes(2, outcomes, undefined, 'm', 'parametric');
    expect(before).toMatchObject({ expected: 2, lower80: -3, upper80: 7, lower95: -6.75, upper95: 10.75 });

    const sut = floorProjectionAtZero(before);

    expect(sut).toMatchObject({ expected: 2, lower80: 0, upper80: 7, lower95: 0, upper95: 10.75 });
    expect(sut.outcomes).toEqual([0, 0, 0, 0, 1, 2, 3, 4, 5, 7, 12]);
    expect(sut).toMatchObject({ method: 'm', uncertainty: 'parametric', support: 11 });
  });

  it('bounds floored past outcomes split-conformally around the floored expectation, no bound below 0', () => {
    // floored outcomes 0, 0, 0, 0, 1, 2, 3, 4, 5, 7, 12 around 2: absolute errors sorted 0, 1, 1, 2, 2, 2, 2, 2, 3, 5,
    // 10. At 80 % the ceil(12 * 0.8) = 10th, 5: [-3, 7] -> [0, 7]; at 95 % ceil(12 * 0.95) = 12 > 11, the 11th, 10:
    // [-8, 12] -> [0, 12]
    const sut = floorProjectionAtZero(projectionFromOutcomes(2, outcomes, undefined, 'm', 'empirical'));

    expect(sut).toMatchObject({ expected: 2, lower80: 0, upper80: 7, lower95: 0, upper95: 12 });
  });

  it('leaves a projection with nothing below 0 as it is', () => {
    const settled = projectionFromOutcomes(5, [1, 5, 9], undefined, 'm', 'empirical');

    expect(floorProjectionAtZero(settled)).toBe(settled);
  });

  it('floors a negative expectation to 0 and keeps the probability of a positive target', () => {
    const target = { direction: 'higher_is_better' as const, value: 4 };
    const before = projectionFromOutcomes(-1, outcomes, target, 'm', 'empirical');

    const sut = floorProjectionAtZero(before, target);

    expect(sut.expected).toBe(0);
    // P(max(X, 0) >= 4) = P(X >= 4): the outcomes below 0 become 0, still below the target (smoothing aside)
    expect(Math.abs(sut.probabilityOfMeetingTarget! - before.probabilityOfMeetingTarget!)).toBeLessThan(0.02);
  });
});

describe(`${projectPeriodEnd.name} of a quantity that cannot be negative`, () => {
  // falling by about 10 a day: drift's slope (9 - 91) / 8 = -10.25 gives -1.25, -11.5 and -21.75 for the three
  // remaining days; 21 + 9 = 30 already elapsed
  const input = {
    history: [91, 79, 71, 59, 51, 39, 31],
    elapsed: [21, 9],
    remaining: 3,
    aggregation: 'sum' as const,
    m: 1,
    forecaster: getForecaster('drift'),
  };

  it('without the floor, projects a period sum below the value to date', () => {
    expect(projectPeriodEnd(input)!.expected).toBeCloseTo(30 - 1.25 - 11.5 - 21.75, 9);
  });

  it('floors each remaining day at 0: the period sum cannot end below the 30 to date', () => {
    const sut = projectPeriodEnd({ ...input, nonNegative: true })!;

    expect(sut.expected).toBeCloseTo(30, 9); // 30 + 0 + 0 + 0
    expect(Math.min(...sut.outcomes)).toBe(30);
    // each day's mean is floored to 0, and a simulated day is 0 whenever its draw around it is <= 0: half of them,
    // all three at once in at least 1/8 of the paths (the draws share a level: positively associated), above 10 %
    expect(sut.lower95).toBe(30);
    expect(sut.lower80).toBe(30);
    expect(sut.upper80).toBeGreaterThan(30);
  });
});
