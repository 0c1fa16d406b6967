import { mapFitStore, type FitStore } from '../core/fit-store';
import type { Forecaster } from '../core/forecast.types';
import { reselectAt, seriesStructures } from '../core/structure-hints';
import { seriesFingerprint } from '../core/series-fingerprint';
import { arimaForecaster } from './arima/arima.forecaster';
import { arimaOfOrder, autoArima } from './arima/auto-arima';
import { forecastArima } from './arima/arima-forecast';
import { autoEts } from './ets/auto-ets';
import { autoEtsForecaster } from './ets/ets.forecaster';
import { fitEts, forecastEts } from './ets/ets-model';
import { SeriesBuilder } from './test-support/series.builder';

const noise = SeriesBuilder.noise(200, 11);
/** An AR(1) around a slow trend, positive throughout. */
const Y = noise.reduce<number[]>((ys, e, t) => {
  const trend = (k: number) => 50 + 0.05 * k;
  return [...ys, trend(t) + 0.6 * ((ys[t - 1] ?? trend(0)) - trend(t - 1)) + e];
}, []);

/** Structures the store holds: every search adds one (see fitWithStructureHint). */
const held = (store: { models: Map<string, unknown> }) =>
  [...store.models.values()].reduce<number>((n, list) => n + (list as unknown[]).length, 0);

/** Y's first n values forecast 5 steps with the structures kept in `store`, and how many searches that took. */
function dayOf(sut: Forecaster, store: FitStore & { models: Map<string, unknown> }, n: number) {
  const before = held(store);
  const mean = sut.forecast({ y: Y.slice(0, n), h: 5, m: 1, levels: [], structures: seriesStructures(store, Y) }).mean;
  return { mean, searches: held(store) - before };
}

/** The phase structure-hints gives Y (from its leading values). */
const phase = parseInt(seriesFingerprint(Y.slice(0, 28)).slice(0, 5), 36) % 7;
/** A day whose structure still serves the next one, whatever Y's phase. */
const DAY = [160, 161, 162, 163, 164, 165, 166].find((n) => reselectAt(n, phase) > n + 1)!;

describe('automatic models with kept structures (the forecast job, day after day)', () => {
  it('ARIMA: the first day searches; the next day fits the orders it chose, with parameters of its own', () => {
    const store = mapFitStore();
    const searched = autoArima(Y.slice(0, DAY))!;

    expect(dayOf(arimaForecaster(), store, DAY)).toEqual({
      mean: forecastArima(searched, 5).mean,
      searches: 1,
    });
    expect(dayOf(arimaForecaster(), store, DAY + 1)).toEqual({
      mean: forecastArima(arimaOfOrder(Y.slice(0, DAY + 1), searched.order)!, 5).mean,
      searches: 0,
    });
  });

  it('ETS: the next day fits the form the first day chose', () => {
    const store = mapFitStore();
    const { spec } = autoEts(Y.slice(0, DAY), 1)!;
    dayOf(autoEtsForecaster('ets'), store, DAY);

    expect(dayOf(autoEtsForecaster('ets'), store, DAY + 1)).toEqual({
      mean: forecastEts(fitEts(Y.slice(0, DAY + 1), spec, 1)!, 5).mean,
      searches: 0,
    });
  });

  it('the reselection day searches again', () => {
    const store = mapFitStore();
    const at = reselectAt(DAY, phase);
    dayOf(arimaForecaster(), store, DAY);

    expect(dayOf(arimaForecaster(), store, at).searches).toBe(1);
  });
});
