import fc from 'fast-check';
import type { KpiDailyPoint } from '@bsc/persistence';
import { KeptDailyValues } from './kept-daily-values';

const V1 = { modelChecksum: 'm', receivedBy: 1 };
const V2 = { modelChecksum: 'm', receivedBy: 2 };
const point = (seriesKey: string, dayStart: number, value: number | null): KpiDailyPoint => ({
  seriesKey,
  dayStart,
  value,
});

describe(KeptDailyValues.name, () => {
  it('holds only the version it was told, and none while replaced', async () => {
    const sut = new KeptDailyValues();
    expect(sut.holds(V1)).toBe(false);
    await sut.replace([[point('a', 1, 1)]]);
    expect(sut.holds(V1)).toBe(false);
    sut.standFor(V1);
    expect([sut.holds(V1), sut.holds(V2), sut.holds({ ...V1, modelChecksum: 'n' }), sut.holds(null)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    sut.apply(V2, []);
    expect([sut.holds(V1), sut.holds(V2)]).toEqual([false, true]);
    await sut.replace([]);
    expect(sut.holds(V2)).toBe(false);
  });

  it.each([
    ['appended after the last day', [point('a', 40, 4)], [10, 20, 30, 40], [1, 2, 3, 4]],
    ['the last day replaced', [point('a', 30, 9)], [10, 20, 30], [1, 2, 9]],
    [
      'an older day inserted, a later one replaced',
      [point('a', 25, 5), point('a', 20, 7)],
      [10, 20, 25, 30],
      [1, 7, 5, 3],
    ],
    ['before the first day', [point('a', 5, 0)], [5, 10, 20, 30], [0, 1, 2, 3]],
    ['a null as NaN', [point('a', 20, null)], [10, 20, 30], [1, NaN, 3]],
  ])('upserts in day order: %s', async (_, points, days, values) => {
    const sut = new KeptDailyValues();
    expect(
      await sut.replace([
        [point('a', 10, 1), point('a', 20, 2)],
        [point('a', 30, 3), point('b', 10, 8)],
      ]),
    ).toBe(4);
    sut.apply(V1, points);
    expect(sut.series('a')).toEqual({ days, values });
    expect(sut.series('b')).toEqual({ days: [10], values: [8] });
    expect(sut.series('c')).toBeUndefined();
  });

  it('keeps what upserting every batch into a table would hold (seeded batches, any order)', () => {
    const batch = fc.array(
      fc.record({
        seriesKey: fc.constantFrom('a', 'b', 'c'),
        dayStart: fc.integer({ min: 0, max: 40 }),
        value: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 6 }), (batches) => {
        const sut = new KeptDailyValues();
        const table = new Map<string, number | null>();
        batches.forEach((b, i) => {
          sut.apply({ modelChecksum: 'm', receivedBy: i }, b);
          for (const p of b) table.set(`${p.seriesKey}@${p.dayStart}`, p.value);
        });
        for (const key of ['a', 'b', 'c']) {
          const expected = [...table]
            .filter(([k]) => k.startsWith(`${key}@`))
            .map(([k, v]) => [Number(k.slice(2)), v ?? NaN] as const)
            .sort((x, y) => x[0] - y[0]);
          const kept = sut.series(key);
          expect(kept ? kept.days.map((d, i) => [d, kept.values[i]]) : []).toEqual(expected);
        }
      }),
      { numRuns: 300, seed: 4_9 },
    );
  });
});
