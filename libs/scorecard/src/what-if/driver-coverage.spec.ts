import { driverCoverage, overlapWindow, shareAtEnd, shareAtStart, windowOf } from './driver-coverage';

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

  it.each([
    // a 30-day month: a step from day 0 until day 15 covers 15 of 30 days
    ['a step from the 1st until the 16th', 0, 0, 15 * DAY, 15 / 30],
    ['in force from the start of time until day 10', -Infinity, 0, 10 * DAY, 10 / 30],
    ['a step that ended before the period', -20 * DAY, 0, -5 * DAY, 0],
    ['a step ending after the period: as open-ended', 10 * DAY, 0, 45 * DAY, 20 / 30],
    // 10-day ramp from day 0, full from day 10, stops at day 20: area 5 (ramp) + 10 (full) = 15 days
    ['a 10-day ramp stopped at day 20', 0, 10 * DAY, 20 * DAY, 15 / 30],
    // 10-day ramp from day 0 stopped at day 4 (mid-ramp): area 4^2 / (2 * 10) = 0.8 days
    ['a ramp stopped before it is full', 0, 10 * DAY, 4 * DAY, 0.8 / 30],
  ])('ends at `until`: %s', (_case, from, ramp, until, expected) => {
    expect(driverCoverage(0, 30 * DAY, from, ramp, until)).toBeCloseTo(expected, 12);
  });

  describe(overlapWindow.name, () => {
    it.each([
      // from day 0 open-ended and from day 14 until day 19: both in force from day 14 until day 19
      ['a step and a shorter step inside it', [{ from: 0 }, { from: 14 * DAY, until: 19 * DAY }], [14, 0, 19]],
      // ramps over 10 days from day 0 and 4 days from day 10: full once both are, on day 14
      [
        'two ramps',
        [
          { from: 0, rampMs: 10 * DAY },
          { from: 10 * DAY, rampMs: 4 * DAY },
        ],
        [10, 4, Infinity],
      ],
      ['always in force and a step from day 3', [{}, { from: 3 * DAY }], [3, 0, Infinity]],
      ['always in force, both', [{}, {}], [-Infinity, 0, Infinity]],
    ])('%s', (_case, drivers, [from, ramp, until]) => {
      const w = overlapWindow(drivers.map(windowOf));
      expect([w.from / DAY, w.rampMs / DAY, w.until / DAY]).toEqual([from, ramp, until]);
    });

    it('covers nothing where the windows do not overlap', () => {
      const w = overlapWindow([windowOf({ from: 0, until: 5 * DAY }), windowOf({ from: 10 * DAY })]);
      expect(driverCoverage(0, 30 * DAY, w.from, w.rampMs, w.until)).toBe(0);
    });
  });
});

describe(shareAtEnd.name, () => {
  it.each([
    ['in force all period', {}, 1],
    ['a step from day 15', { from: 15 * DAY }, 1],
    ['a step from the end on', { from: 30 * DAY }, 0],
    ['a step that stopped on day 20', { from: 0, until: 20 * DAY }, 0],
    ['a step until the end: holds through the last day', { from: 0, until: 30 * DAY }, 1],
    // 20-day ramp from day 15: 15 of 20 days reached at day 30
    ['a ramp still ramping at the end', { from: 15 * DAY, rampMs: 20 * DAY }, 0.75],
  ])('%s', (_case, d, expected) => {
    expect(shareAtEnd(30 * DAY, d)).toBeCloseTo(expected, 12);
  });
});

describe(shareAtStart.name, () => {
  it.each([
    ['in force all period', {}, 1],
    ['a step from the start', { from: 0 }, 1],
    ['a step from day 15', { from: 15 * DAY }, 0],
    ['a step that stopped at the start', { from: -5 * DAY, until: 0 }, 0],
    // 10-day ramp from 4 days before the start: 4 of 10 days reached
    ['a ramp begun before the start', { from: -4 * DAY, rampMs: 10 * DAY }, 0.4],
  ])('%s', (_case, d, expected) => {
    expect(shareAtStart(0, d)).toBeCloseTo(expected, 12);
  });
});
