import { emptyForecastMemo, type ForecastMemo } from '../job/forecast-memo';
import {
  STORED_STRUCTURES_KEPT_MS,
  storeStructures,
  structuresOnly,
  withStoredStructures,
  type StructureStore,
} from './stored-structures';

/** A store as ForecastStructureRepository keeps it, with what was asked of it. */
function aStore(rows: Array<[string, unknown]> = []) {
  const saved: Array<[string, unknown]> = [];
  const cutoffs: number[] = [];
  const store: StructureStore = {
    readAll: () => Promise.resolve(new Map(rows)),
    save: (entries) => Promise.resolve(void saved.push(...[...entries].map(([k, v]) => [k, v] as [string, unknown]))),
    dropWrittenBefore: (cutoff) => Promise.resolve(void cutoffs.push(cutoff)).then(() => 0),
  };
  return { store, saved, cutoffs };
}

const memoWith = (models: Array<[string, unknown]>): ForecastMemo => ({
  ...emptyForecastMemo(),
  models: new Map(models),
});

describe(withStoredStructures.name, () => {
  const stored: Array<[string, unknown]> = [['structure|a|auto-arima', [{ length: 90, until: 94 }]]];

  it('gives a memo that holds nothing yet (a new worker) the stored structures', async () => {
    const { store } = aStore(stored);

    const fromNothing = await withStoredStructures(undefined, store);
    const fromEmpty = await withStoredStructures(emptyForecastMemo(), store);

    expect([...fromNothing!.models]).toEqual(stored);
    expect([...fromEmpty!.models]).toEqual(stored);
  });

  it('hands any other memo on as it is: its own entries are newer', async () => {
    const { store } = aStore(stored);
    const memo = memoWith([['auto-ets|7|x', { fit: 1 }]]);

    expect(await withStoredStructures(memo, store)).toBe(memo);
  });
});

describe(storeStructures.name, () => {
  it('stores the structure lists the run wrote, not those handed on as they were, and drops the old ones', async () => {
    const { store, saved, cutoffs } = aStore();
    const kept = [{ length: 90, until: 94 }];
    const handed = memoWith([
      ['structure|a|auto-arima', kept],
      ['structure|a|auto-ets|7', [{ length: 90, until: 92 }]],
    ]);
    const replaced = [{ length: 92, until: 99 }];
    const used = memoWith([
      ['structure|a|auto-arima', kept],
      ['structure|a|auto-ets|7', replaced],
      ['structure|b|auto-arima', [{ length: 60, until: 61 }]],
      ['auto-ets|7|fit', { fit: 1 }],
    ]);

    const written = await storeStructures(store, handed, used, 1_000_000_000_000);

    expect(written).toBe(2);
    expect(saved).toEqual([
      ['structure|a|auto-ets|7', replaced],
      ['structure|b|auto-arima', [{ length: 60, until: 61 }]],
    ]);
    expect(cutoffs).toEqual([1_000_000_000_000 - STORED_STRUCTURES_KEPT_MS]);
  });
});

describe(structuresOnly.name, () => {
  it('keeps the model structures of a memo and nothing else', () => {
    const memo = memoWith([
      ['structure|a|auto-arima', [{ length: 90 }]],
      ['auto-ets|7|fit', { fit: 1 }],
    ]);
    memo.choices.set('c', { chosen: 'ets', results: [] });

    const sut = structuresOnly(memo);

    expect([...sut.models]).toEqual([['structure|a|auto-arima', [{ length: 90 }]]]);
    expect(sut.choices.size).toBe(0);
  });
});
