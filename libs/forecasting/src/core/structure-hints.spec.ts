import { mapFitStore, type FitStore } from './fit-store';
import {
  backtestStructures,
  fitWithStructureHint,
  reselectAt,
  runsOn,
  seriesPhase,
  seriesStructures,
  structuresScopeOf,
} from './structure-hints';

/** A "model" whose structure is the length it was searched on: tells which search a fit comes from. */
function fitter(options: { fits?: (structure: number, n: number) => boolean } = {}) {
  const calls: string[] = [];
  const fit = (store: FitStore | undefined, y: readonly number[]) =>
    fitWithStructureHint(
      store,
      'm',
      y,
      () => {
        calls.push(`search ${y.length}`);
        return { structure: y.length, n: y.length };
      },
      (f) => f.structure,
      (structure, fittedOn) => {
        // the structure is the length it was searched on: the length a kept structure's fit was made on
        expect(fittedOn).toBe(structure);
        calls.push(`fit ${structure} on ${y.length}`);
        return (options.fits?.(structure, y.length) ?? true) ? { structure, n: y.length } : undefined;
      },
    );
  return { fit, calls };
}

const series = (n: number, at = (t: number) => (t * 37) % 11) => Array.from({ length: n }, (_, t) => at(t));
const phaseOf = seriesPhase;

describe(reselectAt.name, () => {
  it.each([
    // the next length after 20 equal to the phase modulo 7: 21 ≡ 0, 22 ≡ 1, 27 ≡ 6, and 21 ≡ 0 again for phase 0
    [20, 0, 21],
    [20, 1, 22],
    [20, 6, 27],
    [21, 0, 28],
    [27, 6, 34],
  ])('after length %i, phase %i: %i', (length, phase, expected) => {
    expect(reselectAt(length, phase)).toBe(expected);
  });
});

describe(runsOn.name, () => {
  it.each([
    // grown by at most a fiftieth of the values fitted on
    [50, 51, true],
    [50, 52, false],
    [100, 102, true],
    [100, 103, false],
    [350, 357, true],
    [365, 372, true],
    [300, 307, false],
  ])('fitted on %i values, run on over %i: %s', (fittedOn, length, expected) => {
    expect(runsOn(fittedOn, length)).toBe(expected);
  });
});

describe(seriesStructures.name, () => {
  it('keeps fits with their structures unless asked to keep structures only', () => {
    const store = mapFitStore();
    const y = series(40);

    expect(seriesStructures(store, y).parameters).toBe(true);
    expect(seriesStructures(store, y, { parameters: false }).parameters).toBeUndefined();
  });
});

describe(fitWithStructureHint.name, () => {
  it('without a store searches every time', () => {
    const { fit, calls } = fitter();

    fit(undefined, series(40));
    fit(undefined, series(41));

    expect(calls).toEqual(['search 40', 'search 41']);
  });

  it("fits the structure an earlier search chose on the series' leading part until the reselection length", () => {
    const store = mapFitStore();
    const { fit, calls } = fitter();
    const y = series(60);
    const until = reselectAt(40, phaseOf(y));

    const fits = [];
    for (let n = 40; n <= until; n++) fits.push(fit(store, y.slice(0, n)));

    const kept = Array.from({ length: until - 41 }, (_, i) => `fit 40 on ${41 + i}`);
    expect(calls).toEqual(['search 40', ...kept, `search ${until}`]);
    expect(fits.map((f) => f?.structure)).toEqual([40, ...kept.map(() => 40), until]);
  });

  it("keeps each series' structures apart, by the leading values that name it", () => {
    const store = mapFitStore();
    const { fit, calls } = fitter();
    const y = series(60);
    const other = y.map((v, t) => (t === 3 ? v + 0.5 : v));
    const later = y.map((v, t) => (t === 45 ? v + 0.5 : v));
    fit(seriesStructures(store, y), y.slice(0, 40));

    fit(seriesStructures(store, other), other.slice(0, 41));
    // a value corrected after the leading ones: the same series, its structure kept until the reselection
    fit(seriesStructures(store, later), later.slice(0, 41));

    const kept = reselectAt(40, phaseOf(y)) > 41;
    expect(calls).toEqual(['search 40', 'search 41', kept ? 'fit 40 on 41' : 'search 41']);
  });

  it('searches when the kept structure cannot be fitted on the longer series, and keeps the new one', () => {
    const store = mapFitStore();
    const { fit, calls } = fitter({ fits: (structure) => structure !== 40 });
    const y = series(60, (t) => t % 5);
    // a phase with room for two more days after 41
    const at = [40, 41, 42].filter((n) => reselectAt(41, phaseOf(y)) > 42 || n < 42);

    for (const n of at) fit(store, y.slice(0, n));

    expect(calls).toEqual(['search 40', 'fit 40 on 41', 'search 41', ...(at.length > 2 ? ['fit 41 on 42'] : [])]);
  });

  it('serves a shorter leading part from its own structure, not from a longer one', () => {
    const store = mapFitStore();
    const { fit, calls } = fitter();
    const y = series(80);
    // two backtest origins of one series a step apart, one day later each
    fit(store, y.slice(0, 60));
    fit(store, y.slice(0, 70));

    const shorter = fit(store, y.slice(0, 61));
    const longer = fit(store, y.slice(0, 71));

    const served = (n: number, from: number) => (reselectAt(from, phaseOf(y)) > n ? from : n);
    expect([shorter?.structure, longer?.structure]).toEqual([served(61, 60), served(71, 70)]);
    expect(calls.slice(0, 2)).toEqual(['search 60', 'search 70']);
  });

  it('never changes a list the store holds: the previous run may still hold it', () => {
    const store = mapFitStore();
    const { models } = store;
    const { fit } = fitter();
    const y = series(60);
    fit(store, y.slice(0, 40));
    const [key] = models.keys();
    const before = models.get(key) as unknown[];
    const copy = structuredClone(before);

    fit(store, y.slice(0, reselectAt(40, phaseOf(y))));

    expect(before).toEqual(copy);
    expect(models.get(key)).not.toBe(before);
    expect((models.get(key) as unknown[]).length).toBe(2);
  });

  it('spreads the reselection of many series over the week', () => {
    const store = mapFitStore();
    const { fit, calls } = fitter();
    const many = Array.from({ length: 700 }, (_, k) => series(60, (t) => k + Math.sin(0.37 * t + k)));
    for (const y of many) fit(seriesStructures(store, y), y.slice(0, 40));
    calls.length = 0;

    const perDay = [];
    for (let n = 41; n <= 47; n++) {
      const before = calls.filter((c) => c.startsWith('search')).length;
      for (const y of many) fit(seriesStructures(store, y), y.slice(0, n));
      perDay.push(calls.filter((c) => c.startsWith('search')).length - before);
    }

    // every series once in the week (700), about a hundred a day, never all on one day
    expect(perDay.reduce((a, b) => a + b, 0)).toBe(700);
    expect(Math.max(...perDay)).toBeLessThan(200);
  });

  it.each([
    // the store's period for the method ('m'): each series once in 14 days; none: the caller's week, twice
    [14, 700],
    [undefined, 1400],
  ])('with a store period of %s for the method, 700 series search %i times in 14 days', (every, searches) => {
    const store = mapFitStore();
    const { fit, calls } = fitter();
    const reselectEvery = (method: string) => (method === 'm' ? every : undefined);
    const many = Array.from({ length: 700 }, (_, k) => series(60, (t) => k + Math.sin(0.37 * t + k)));
    for (const y of many) fit(seriesStructures(store, y, { reselectEvery }), y.slice(0, 40));
    calls.length = 0;

    const bySeries = new Array<number>(700).fill(0);
    for (let n = 41; n <= 54; n++)
      many.forEach((y, k) => {
        const before = calls.length;
        fit(seriesStructures(store, y, { reselectEvery }), y.slice(0, n));
        if (calls[before].startsWith('search')) bySeries[k] += 1;
      });

    expect(bySeries.reduce((a, b) => a + b, 0)).toBe(searches);
    expect(new Set(bySeries)).toEqual(new Set([searches / 700]));
  });
});

describe(backtestStructures.name, () => {
  const hint = (length: number, until: number) => ({ length, until, structure: `s${length}` });

  it('lets a structure chosen from the oldest origin on serve up to the newest, and writes back what it read', () => {
    const store = mapFitStore();
    const early = hint(60, 64);
    const inside = hint(72, 75);
    const long = hint(80, 90);
    store.setModel('m', [early, inside, long]);
    store.setModel('other', { not: 'a list' });
    const sut = backtestStructures(store, 72, 86);

    // chosen before the oldest origin: as it was; from it on: up to the newest origin (86) inclusive
    expect(sut.model('m')).toEqual([early, { ...inside, until: 87 }, long]);
    expect(sut.model('other')).toEqual({ not: 'a list' });
    // a search at 79 writes its hint before the ones it read: those go back to the store as they were
    const read = sut.model('m') as Array<ReturnType<typeof hint>>;
    sut.setModel('m', [hint(79, 82), ...read]);
    expect(store.model('m')).toEqual([hint(79, 82), early, inside, long]);
    expect((store.model('m') as unknown[])[2]).toBe(inside);
  });
});

describe(structuresScopeOf.name, () => {
  it("names a kept structure's series, and nothing for other keys", () => {
    const store = mapFitStore();
    seriesStructures(store, series(40)).setModel('auto-arima-fit|m7', []);
    const [key] = store.models.keys();

    expect(structuresScopeOf(key)).toBe(key.slice(0, key.length - 'auto-arima-fit|m7'.length));
    expect(structuresScopeOf(`${structuresScopeOf(key)}choice|a,b|h14`)).toBe(structuresScopeOf(key));
    expect(structuresScopeOf('auto-ets-fit|m7|28:x')).toBeUndefined();
    expect(structuresScopeOf('structure|no-scope')).toBeUndefined();
  });
});
