import { getForecaster } from '../methods/forecast-methods';
import { empiricalReach, projectPeriodEnd, projectPeriodEnds } from './period-end-projection';
import type { PeriodEndInput } from './period-end.types';
import { seededNormal } from './seeded-random';

const ses = getForecaster('ses');
const drift = getForecaster('drift');
const flat = (n: number, value: number) => Array.from({ length: n }, () => value);
/** 0, 1, 2, ...: the drift method continues it exactly (last value plus the mean step). */
const line = (n: number) => Array.from({ length: n }, (_, i) => i);

const later = (over: Partial<PeriodEndInput>): PeriodEndInput => ({
  history: flat(90, 10),
  elapsed: [],
  remaining: 30,
  offset: 12,
  aggregation: 'sum',
  m: 1,
  forecaster: ses,
  ...over,
});

describe('projectPeriodEnd of a later period (offset)', () => {
  it('sums only the later period: 10 a day flat, 30 days of next month -> 300, the 12 days before left out', () => {
    const p = projectPeriodEnd(later({}))!;
    expect(p.expected).toBeCloseTo(300, 6);
    // no noise in the history: every past window's error is 0
    expect(p.lower95).toBeCloseTo(300, 6);
    expect(p.upper95).toBeCloseTo(300, 6);
  });

  it.each([
    // history 0..59, forecast 60, 61, ...; steps 12..41 ahead are 72..101
    ['sum', 30 * 72 + (29 * 30) / 2], // 72 + ... + 101 = 30 * 72 + 435 = 2595
    ['avg', (72 + 101) / 2], // 86.5: the forecast mean over the period's own steps
    ['last', 101],
    ['min', 72],
    ['max', 101],
  ] as const)('applies %s over the future steps of the period only', (aggregation, expected) => {
    const p = projectPeriodEnd(later({ history: line(60), aggregation, forecaster: drift }))!;
    expect(p.expected).toBeCloseTo(expected, 6);
  });

  it('averages an average KPI over next month to the forecast mean (flat 80 -> 80)', () => {
    const p = projectPeriodEnd(later({ history: flat(60, 80), aggregation: 'avg' }))!;
    expect(p.expected).toBeCloseTo(80, 6);
  });

  it('takes the elapsed days of the current period as history, not as part of the later period', () => {
    // 55 days of 10 then 5 days of 10 this month: next month still 300, not 350
    const p = projectPeriodEnd(later({ history: flat(55, 10), elapsed: flat(5, 10), offset: 25 }))!;
    expect(p.expected).toBeCloseTo(300, 6);
  });

  it('is the current period with offset 0', () => {
    const history = line(60);
    const withOffset = projectPeriodEnd(later({ history, offset: 0, forecaster: drift }));
    const without = projectPeriodEnd({ ...later({ history, forecaster: drift }), offset: undefined });
    expect(withOffset).toEqual(without);
  });

  it('projects several later periods from one forecast: November 300 and December 310 at 10 a day', () => {
    const { offset: _o, remaining: _r, ...input } = later({});
    const [nov, dec] = projectPeriodEnds(input, [
      { offset: 12, remaining: 30 },
      { offset: 42, remaining: 31 },
    ]);
    expect(nov!.expected).toBeCloseTo(300, 6);
    expect(dec!.expected).toBeCloseTo(310, 6);
  });

  it('widens the interval with the distance to the period (errors replayed from the same past origins)', () => {
    // a random walk: the further ahead, the wider the spread of a 7-day window (variance grows with the steps)
    const z = seededNormal(7);
    let level = 100;
    const walk = Array.from({ length: 200 }, () => (level += 5 * z()));
    const near = projectPeriodEnd(later({ history: walk, remaining: 7, offset: 0, aggregation: 'avg' }))!;
    const far = projectPeriodEnd(later({ history: walk, remaining: 7, offset: 28, aggregation: 'avg' }))!;
    expect(far.upper80 - far.lower80).toBeGreaterThan(near.upper80 - near.lower80);
  });

  it('reaches with its own past errors as far as the origins spread over as many days: 90 days -> 41 ahead', () => {
    // 90 - 8 + 1 = 83 origins at most (8 training days each); a window ending h ahead leaves 83 - h of them, which
    // must be 16 or more and cover h days: 83 - 41 = 42 >= 41, 83 - 42 = 41 < 42
    expect(empiricalReach(90, 1)).toBe(41);
    // a weekly season trains on two weeks: 90 - 14 + 1 = 77 -> 38
    expect(empiricalReach(90, 7)).toBe(38);
    // 30 days: 23 origins, 16 of them leave 7 steps ahead
    expect(empiricalReach(30, 1)).toBe(7);
    expect(empiricalReach(20, 1)).toBe(0);
    const z = seededNormal(3);
    const noisy = Array.from({ length: 90 }, () => 10 + z());
    expect(projectPeriodEnd(later({ history: noisy, offset: 11 }))!.uncertainty).toBe('empirical');
  });
});
