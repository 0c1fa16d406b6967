import type { SignalSample } from './signal-sample.types';
import { conflictDetail, sameReading, sortRepeats, writeUnstored, type ReadStoredSamples } from './repeated-sample';
import { testSample } from './test-sample.builder';

const T = Date.UTC(2026, 11, 7, 12, 0, 0);

/** A store that holds `stored` and counts its reads. */
function storeOf(...stored: SignalSample[]): { readStored: ReadStoredSamples; reads: () => number } {
  let reads = 0;
  return {
    readStored: (keys) => {
      reads += 1;
      return Promise.resolve(stored.filter((s) => keys.some((k) => k.signalId === s.signalId && k.ts === s.ts)));
    },
    reads: () => reads,
  };
}

describe(sortRepeats.name, () => {
  it('counts 3 again an exact repeat and 5 a conflict with the stored 3, in one read', async () => {
    const store = storeOf(testSample('x', T, 3));
    const five = testSample('x', T, 5);
    // repeats: 3 (= stored 3: exact), 5 (≠ 3: conflict), y at T (nothing stored: exact) → 2 exact, 1 conflict
    const sorted = await sortRepeats([testSample('x', T, 3), five, testSample('y', T, 1)], store.readStored);

    expect(sorted).toEqual({
      exact: 2,
      conflicts: [{ stored: testSample('x', T, 3), refused: five }],
      unstored: [testSample('y', T, 1)],
    });
    expect(sorted.conflicts[0].refused).toBe(five);
    expect(store.reads()).toBe(1);
  });

  it('reads nothing without repeats, and counts every repeat exact when nothing can be read back', async () => {
    const store = storeOf(testSample('x', T, 3));

    expect(await sortRepeats([], store.readStored)).toEqual({ exact: 0, conflicts: [], unstored: [] });
    expect(store.reads()).toBe(0);
    expect(await sortRepeats([testSample('x', T, 5)], undefined)).toEqual({ exact: 1, conflicts: [], unstored: [] });
  });
});

describe(writeUnstored.name, () => {
  /** Writes what it is given; takes all but `dropped` (the log's id of an exact repeat it holds). */
  const writer = (dropped?: SignalSample) => {
    const calls: SignalSample[][] = [];
    return {
      calls,
      write: (unstored: readonly SignalSample[]) => {
        calls.push([...unstored]);
        return Promise.resolve(unstored.filter((s) => s !== dropped));
      },
    };
  };

  it('writes only what is not stored, in one read: 3 again and 5 beside the stored 3 are not written', async () => {
    const store = storeOf(testSample('x', T, 3));
    const five = testSample('x', T, 5);
    const y = testSample('y', T, 1);
    const z = testSample('z', T, 2);
    const out = writer(z);
    // x 3 (stored as 3: exact), x 5 (stored as 3: conflict), y and z (not stored: written; the store drops z)
    // → written [y, z], fresh [y], exact 3 (x 3, y, z), one conflict
    const sorted = await writeUnstored([testSample('x', T, 3), five, y, z], store.readStored, out.write);

    expect(out.calls).toEqual([[y, z]]);
    expect(sorted).toEqual({ fresh: [y], exact: 3, conflicts: [{ stored: testSample('x', T, 3), refused: five }] });
    expect(store.reads()).toBe(1);
  });

  it('writes nothing when all is stored, and everything when nothing can be read back', async () => {
    const store = storeOf(testSample('x', T, 3));
    const out = writer();

    expect(await writeUnstored([testSample('x', T, 3)], store.readStored, out.write)).toEqual({
      fresh: [],
      exact: 1,
      conflicts: [],
    });
    expect(out.calls).toEqual([]);
    expect(await writeUnstored([testSample('x', T, 5)], undefined, out.write)).toEqual({
      fresh: [testSample('x', T, 5)],
      exact: 1,
      conflicts: [],
    });
  });
});

describe(sameReading.name, () => {
  const base = testSample('x', T, 3);
  it.each<[string, Partial<SignalSample>, boolean]>([
    ['another source only', { source: 'csv' }, true],
    ['another value', { value: 5 }, false],
    ['no value', { value: NaN }, false],
    ['worse quality', { quality: 'uncertain' }, false],
    ['a text', { text: '3' }, false],
    ['a status code', { statusCode: 0x80000000 }, false],
  ])('%s: %s', (_name, change, same) => {
    expect(sameReading(base, { ...base, ...change })).toBe(same);
  });

  it('takes two samples without a value as the same reading', () => {
    expect(sameReading(testSample('x', T, NaN), testSample('x', T, NaN))).toBe(true);
  });
});

describe(conflictDetail.name, () => {
  it('names the stored and the refused reading', () => {
    expect(conflictDetail({ stored: testSample('x', T, 3), refused: testSample('x', T, 5, 'uncertain') })).toBe(
      'x at 2026-12-07T12:00:00.000Z is stored as 3 (good); refused 5 (uncertain)',
    );
  });
});
