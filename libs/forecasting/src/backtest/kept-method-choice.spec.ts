import { mapFitStore } from '../core/fit-store';
import type { Forecaster } from '../core/forecast.types';
import { reselectAt, seriesPhase, seriesStructures } from '../core/structure-hints';
import { getForecaster } from '../methods/forecast-methods';
import { chooseMethod } from './rolling-origin-backtest';
import { chooseMethodKept } from './kept-method-choice';

/** A weekly pattern: seasonal naive forecasts it exactly, naive does not. */
const weekly = Array.from({ length: 120 }, (_, i) => 100 + [0, 5, 10, 15, 10, 5, -20][i % 7] + (i % 3));

/** The pool's methods, each noting the length of every series it forecasts (a backtest forecasts shorter ones). */
function pool() {
  const lengths: number[] = [];
  const spy = (name: string): Forecaster => {
    const method = getForecaster(name);
    return { name, forecast: (input) => (lengths.push(input.y.length), method.forecast(input)) };
  };
  return { candidates: [spy('naive'), spy('snaive')], lengths };
}

const plan = { h: 7, m: 7, origins: 3 };

describe(chooseMethodKept.name, () => {
  it.each([7, 3])('backtests when a choice is due and keeps it, with its backtests, up to %i values', (keepFor) => {
    const { candidates, lengths } = pool();
    const structures = seriesStructures(mapFitStore(), weekly);
    // a first day whose choice serves the next day too (the series' phase is fixed)
    const first = [60, 61, 62].find((n) => reselectAt(n, seriesPhase(weekly, keepFor), keepFor) > n + 1)!;
    const again = reselectAt(first, seriesPhase(weekly, keepFor), keepFor);
    expect(again - first).toBeLessThanOrEqual(keepFor);
    const backtested: number[] = [];
    const choices = [];
    for (let n = first; n <= again; n++) {
      lengths.length = 0;
      choices.push(chooseMethodKept(weekly.slice(0, n), candidates, { ...plan, structures, keepFor }));
      if (lengths.length > 0) backtested.push(n);
    }

    // backtests on the first day and at the reselection length only (1 to keepFor days later, by the series' phase)
    expect(backtested).toEqual([first, again]);
    const expected = chooseMethod(weekly.slice(0, first), candidates, plan);
    expect(choices[0].chosen.name).toBe('snaive');
    expect(choices[0].results).toEqual(expected.results);
    // the days between hand on the first day's choice and the backtests that made it
    for (const kept of choices.slice(1, -1)) {
      expect(kept.chosen).toBe(choices[0].chosen);
      expect(kept.results).toEqual(expected.results);
    }
    expect(choices[choices.length - 1].results).toEqual(chooseMethod(weekly.slice(0, again), candidates, plan).results);
  });

  it('chooses again every day while the history is too short for every backtest origin', () => {
    const { candidates, lengths } = pool();
    const structures = seriesStructures(mapFitStore(), weekly);
    // two seasons (14 values) to train on at the least, a week to score, origins 4 days apart (half the horizon,
    // rounded up): 21-24 values hold one origin, 25-28 two, 29 the three asked for
    const origins: number[] = [];
    for (let n = 21; n <= 29; n++) {
      lengths.length = 0;
      const { results } = chooseMethodKept(weekly.slice(0, n), candidates, { ...plan, structures });
      origins.push(results[0].origins);
      expect(lengths.length).toBeGreaterThan(0);
    }
    expect(origins).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3]);
  });

  it('chooses again when a day it was chosen on has been corrected since', () => {
    const { candidates, lengths } = pool();
    const structures = seriesStructures(mapFitStore(), weekly);
    const start = [60, 61, 62].find((n) => reselectAt(n, seriesPhase(weekly)) > n + 1)!;
    chooseMethodKept(weekly.slice(0, start), candidates, { ...plan, structures });
    const corrected = weekly.slice(0, start + 1);
    corrected[start - 3] += 40;

    lengths.length = 0;
    const sut = chooseMethodKept(corrected, candidates, { ...plan, structures });

    expect(lengths.length).toBeGreaterThan(0);
    expect(sut.results).toEqual(chooseMethod(corrected, candidates, plan).results);
  });

  it('chooses afresh when the pool or the plan changes', () => {
    const { candidates, lengths } = pool();
    const structures = seriesStructures(mapFitStore(), weekly);
    // a first day whose choice would serve the next day too
    const start = [60, 61, 62].find((n) => reselectAt(n, seriesPhase(weekly)) > n + 1)!;
    chooseMethodKept(weekly.slice(0, start), candidates, { ...plan, structures });
    lengths.length = 0;
    chooseMethodKept(weekly.slice(0, start + 1), candidates, { ...plan, structures });
    expect(lengths).toEqual([]);
    for (const changed of [
      { pool: candidates.slice(1), plan },
      { pool: candidates, plan: { ...plan, h: 14 } },
    ]) {
      lengths.length = 0;
      chooseMethodKept(weekly.slice(0, start + 1), changed.pool, { ...changed.plan, structures });
      expect(lengths.length).toBeGreaterThan(0);
    }
  });
});
