import { driverCoverage } from './driver-coverage';

const DAY = 86_400_000;

describe(driverCoverage.name, () => {
  it.each([
    ['a change in force all period', -Infinity, 0, 1],
    ['a step from day 6 of a 31-day month: 25 of 31 days', 6 * DAY, 0, 25 / 31],
    ['a step after the period', 40 * DAY, 0, 0],
    ['a step before the period', -5 * DAY, 0, 1],
    // ramp over 10 days from day 1: area 5 (ramp) + 20 (full) over 31 days
    ['a 10-day ramp from day 1', 1 * DAY, 10 * DAY, 25 / 31],
    // ramp from day 21 over 20 days, cut at day 31: area 10^2 / (2 * 20) = 2.5 days
    ['a ramp cut by the period end', 21 * DAY, 20 * DAY, 2.5 / 31],
  ])('%s', (_case, from, ramp, expected) => {
    expect(driverCoverage(0, 31 * DAY, from, ramp)).toBeCloseTo(expected, 12);
  });
});
