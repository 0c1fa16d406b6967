import { ForecastInput, Forecaster } from '../core/forecast.types';
import { normalQuantile } from '../core/intervals';
import { ensembleForecaster } from './ensemble.forecaster';

/** A member that forecasts a constant and reports a fixed sigma. */
function flat(name: string, value: number, sigma = 0): Forecaster {
  return {
    name,
    forecast: ({ h }: ForecastInput) => ({
      method: name,
      mean: new Array<number>(h).fill(value),
      lower: {},
      upper: {},
      sigma: new Array<number>(h).fill(sigma),
    }),
  };
}

const members = { anchor: flat('a', 10, 2), seasonal: [flat('b', 20)], nonSeasonal: [flat('b', 20), flat('c', 100)] };

describe(ensembleForecaster.name, () => {
  it('forecasts from earlier origins with each member run from there, combined as at the end', () => {
    // members without forecastFromOrigins are refitted on the leading part: flat at its last value
    const last = (name: string, add: number): Forecaster => ({
      name,
      forecast: ({ y, h }: ForecastInput) => ({
        method: name,
        mean: new Array<number>(h).fill(y[y.length - 1] + add),
        lower: {},
        upper: {},
        sigma: new Array<number>(h).fill(y.length),
      }),
    });
    const sut = ensembleForecaster('e', { anchor: last('a', 0), seasonal: [last('b', 10)], nonSeasonal: [] });
    // origin 2 of [1, 2, 3]: anchor 2, member 12, mean 7, the anchor's sigma 2; origin 3: (3 + 13) / 2 = 8
    expect(sut.forecastFromOrigins!({ y: [1, 2, 3], h: 1, m: 4 }, [2, 3])).toEqual([
      { mean: [7], sigma: [2] },
      { mean: [8], sigma: [3] },
    ]);
  });

  it.each([
    { m: 12, expected: 15, why: 'mean of anchor and seasonal members' },
    { m: 1, expected: 20, why: 'median of anchor and non-seasonal members' },
  ])('m=$m: $why', ({ m, expected }) => {
    const sut = ensembleForecaster('e', members).forecast({ y: [1, 2, 3], h: 2, m });
    expect(sut.mean).toEqual([expected, expected]);
  });

  it("centres normal intervals on the combination with the anchor's sigma", () => {
    const sut = ensembleForecaster('e', members).forecast({ y: [1, 2, 3], h: 1, m: 12, levels: [80, 95] });
    expect(sut.sigma).toEqual([2]);
    // 15 ± 2 · 1.281552 and 15 ± 2 · 1.959964
    expect(sut.upper[80][0]).toBeCloseTo(17.563103, 5);
    expect(sut.lower[95][0]).toBeCloseTo(11.080072, 5);
    expect(sut.upper[95][0]).toBeCloseTo(15 + 2 * normalQuantile(95), 12);
  });

  it.each([
    // mean of 10, 20, 100 = 130 / 3; median = 20, whatever the period
    { combine: 'mean' as const, m: 1, expected: 130 / 3 },
    { combine: 'median' as const, m: 12, expected: 20 },
  ])('combine=$combine overrides the rule by period (m=$m)', ({ combine, m, expected }) => {
    const all = { ...members, seasonal: members.nonSeasonal };
    const sut = ensembleForecaster('e', all, { combine }).forecast({ y: [1, 2, 3], h: 1, m });
    expect(sut.mean[0]).toBeCloseTo(expected, 12);
  });
});
