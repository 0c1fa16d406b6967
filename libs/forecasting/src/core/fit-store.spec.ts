import { mapFitStore, storedFit } from './fit-store';

describe('storedFit', () => {
  it('fits once per method and values; the same values again are handed the kept model', () => {
    const store = mapFitStore();
    const make = jest.fn(() => ({ level: 2 }));
    const first = storedFit(store, 'm', [1, 2, 3], make);
    const again = storedFit(store, 'm', [1, 2, 3], make);
    expect(make).toHaveBeenCalledTimes(1);
    expect(again).toBe(first);
  });

  it.each([
    ['another value', 'm', [1, 2, 4]],
    ['one value more', 'm', [1, 2, 3, 4]],
    ['another method', 'n', [1, 2, 3]],
    ['the sign of zero', 'm', [1, 2, -0]],
  ])('%s is another fit', (_, method, y) => {
    const store = mapFitStore();
    storedFit(store, 'm', [1, 2, 0], () => ({ level: 1 }));
    const make = jest.fn(() => ({ level: 3 }));
    expect(storedFit(store, method, y, make)).toEqual({ level: 3 });
    expect(make).toHaveBeenCalledTimes(1);
  });

  it('remembers that a series cannot be fitted', () => {
    const store = mapFitStore();
    const make = jest.fn((): { level: number } | undefined => undefined);
    expect(storedFit(store, 'm', [1], make)).toBeUndefined();
    expect(storedFit(store, 'm', [1], make)).toBeUndefined();
    expect(make).toHaveBeenCalledTimes(1);
    expect([...store.models.values()]).toEqual([null]);
  });

  it('without a store fits every time', () => {
    const make = jest.fn(() => ({ level: 2 }));
    storedFit(undefined, 'm', [1, 2, 3], make);
    storedFit(undefined, 'm', [1, 2, 3], make);
    expect(make).toHaveBeenCalledTimes(2);
  });
});
