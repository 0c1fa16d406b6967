import { mapFitStore, type FitStore } from '../core/fit-store';
import type { Forecaster } from '../core/forecast.types';
import { reselectAt, seriesPhase, seriesStructures } from '../core/structure-hints';
import { seriesFingerprint } from '../core/series-fingerprint';
import { arimaForecaster } from './arima/arima.forecaster';
import { arimaOfOrder, autoArima } from './arima/auto-arima';
import { forecastArima } from './arima/arima-forecast';
import { autoEts } from './ets/auto-ets';
import { autoEtsForecaster } from './ets/ets.forecaster';
import { etsAtOrigin, fitEts, forecastEts } from './ets/ets-model';
import { SeriesBuilder } from './test-support/series.builder';
import { fitOptimisedTheta } from './theta/optimised-theta';
import { optimisedThetaForecaster } from './theta/theta.forecaster';

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
  const mean = sut.forecast({
    y: Y.slice(0, n),
    h: 5,
    m: 1,
    levels: [],
    structures: seriesStructures(store, Y, { parameters: false }),
  }).mean;
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

/** A random walk seen with noise: automatic ETS chooses simple exponential smoothing, ETS(A,N,N), on it. */
const walk = ((e: number[]) => {
  let level = 100;
  return e.map((v) => (level += 0.5 * v) + v);
})(SeriesBuilder.noise(200, 11));

describe('automatic models with kept fits (structures.parameters)', () => {
  const keptDay = (sut: Forecaster, store: FitStore, y: readonly number[], n: number) =>
    sut.forecast({
      y: y.slice(0, n),
      h: 3,
      m: 1,
      levels: [],
      structures: seriesStructures(store, y, { parameters: true }),
    }).mean;

  it("ETS: the next day runs the first day's fit on (same smoothing parameter, one more level update)", () => {
    const store = mapFitStore();
    const first = autoEts(walk.slice(0, DAY), 1)!;
    expect(first.spec).toEqual({ error: 'A', trend: 'N', season: 'N' });
    keptDay(autoEtsForecaster('ets'), store, walk, DAY);

    // simple exponential smoothing by hand: level' = level + alpha·(y − level), flat forecasts
    const level = first.final.level * first.scale;
    const next = level + first.params.alpha * (walk[DAY] - level);
    const mean = keptDay(autoEtsForecaster('ets'), store, walk, DAY + 1);
    mean.forEach((v) => expect(v).toBeCloseTo(next, 9));
    // refitted (structures only), the smoothing parameter is estimated again
    const refitted = fitEts(walk.slice(0, DAY + 1), first.spec, 1)!;
    expect(refitted.params.alpha).not.toBe(first.params.alpha);
  });

  it("ARIMA: the next day keeps the first day's coefficients and filters the longer series", () => {
    const store = mapFitStore();
    const first = autoArima(Y.slice(0, DAY))!;
    keptDay(arimaForecaster(), store, Y, DAY);

    const longer = autoArima(Y.slice(0, DAY + 1))!;
    const { w, tails } = longer.order.d === first.order.d ? longer : { w: [], tails: [] };
    expect(w.length).toBeGreaterThan(0);
    expect(keptDay(arimaForecaster(), store, Y, DAY + 1)).toEqual(forecastArima({ ...first, w, tails }, 3).mean);
  });

  it("Optimised Theta: the next day runs the first day's fit on (same θ, trend line and smoothing)", () => {
    const store = mapFitStore();
    const first = fitOptimisedTheta(walk.slice(0, DAY))!;
    keptDay(optimisedThetaForecaster(), store, walk, DAY);

    // by hand: the theta line's next value z = θ·y + (1 − θ)·(a + b·t), the SES level l' = l + α·(z − l), and the
    // forecasts l'/θ + (1 − 1/θ)·(a + b·(n + i)) from n = DAY + 1 values
    const { theta, a, b, ses } = first;
    const z = theta * walk[DAY] + (1 - theta) * (a + b * DAY);
    const level = ses.final.level * ses.scale;
    const next = level + ses.params.alpha * (z - level);
    const byHand = [0, 1, 2].map((i) => next / theta + (1 - 1 / theta) * (a + b * (DAY + 1 + i)));
    keptDay(optimisedThetaForecaster(), store, walk, DAY + 1).forEach((v, i) => expect(v).toBeCloseTo(byHand[i], 8));
  });

  it('a kept fit is not run on over more than a fiftieth more values: its form is fitted again', () => {
    const store = mapFitStore();
    const walkPhase = seriesPhase(walk);
    // a day whose structure still serves four days later (160 values fitted on: 3.2 more are run on)
    const day = [160, 161, 162, 163, 164, 165, 166].find((n) => reselectAt(n, walkPhase) > n + 4)!;
    const first = autoEts(walk.slice(0, day), 1)!;
    keptDay(autoEtsForecaster('ets'), store, walk, day);

    const runOn = forecastEts(etsAtOrigin(first, walk, day + 3), 3).mean;
    expect(keptDay(autoEtsForecaster('ets'), store, walk, day + 3)).toEqual(runOn);
    expect(keptDay(autoEtsForecaster('ets'), store, walk, day + 4)).toEqual(
      forecastEts(fitEts(walk.slice(0, day + 4), first.spec, 1)!, 3).mean,
    );
  });

  it('a kept fit whose run fails is fitted again in its form', () => {
    const store = mapFitStore();
    keptDay(autoEtsForecaster('ets'), store, walk, DAY);
    // the kept fit made multiplicative around a level of 0: its first error divides by 0
    const [key, hints] = [...store.models][0] as [string, Array<{ structure: object }>];
    const broken = { error: 'M', trend: 'N', season: 'N' } as const;
    const kept = hints[0].structure as ReturnType<typeof autoEts> & object;
    store.models.set(key, [
      { ...hints[0], structure: { ...kept, spec: broken, initial: { ...kept.initial, level: 0 } } },
    ]);

    expect(keptDay(autoEtsForecaster('ets'), store, walk, DAY + 1)).toEqual(
      forecastEts(fitEts(walk.slice(0, DAY + 1), broken, 1)!, 3).mean,
    );
  });
});
