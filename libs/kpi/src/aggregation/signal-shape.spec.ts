import { CounterSteps } from './signal-shape';

describe(CounterSteps.name, () => {
  it('gives each reading its step from the one before, a reset reading its own value, the first none', () => {
    const sut = new CounterSteps();
    // 100 -> 105: 5; 105 -> 111: 6; 111 -> 3 drops, a reset: the step is 3; 3 -> 8: 5; 8 -> 8: 0
    expect([100, 105, 111, 3, 8, 8].map((reading) => sut.next(reading))).toEqual([Number.NaN, 5, 6, 3, 5, 0]);
  });
});
