import { emptyForecastMemo, type ForecastMemo } from '../job/forecast-memo';
import { ForecastMemos } from './forecast-memos';

/** A memo whose KPIs each own one past-origin error entry, named by `entries` (kpi → key). */
const memoOf = (entries: Record<string, string>): ForecastMemo => {
  const memo = emptyForecastMemo();
  for (const [kpi, key] of Object.entries(entries)) {
    memo.errors.set(key, [[1]]);
    memo.owners.set(kpi, [`e${key}`]);
  }
  return memo;
};
const errorKeys = (memo: ForecastMemo) => [...memo.errors.keys()].sort();

describe(ForecastMemos.name, () => {
  it("hands a cycle the last cycles' memo, a run of some KPIs only their entries, and keeps the others' entries", () => {
    const sut = new ForecastMemos();
    sut.keep('cycle', undefined, memoOf({ a: 'a1', b: 'b1' }), ['a', 'b']);
    expect(errorKeys(sut.handed('cycle'))).toEqual(['a1', 'b1']);
    expect(errorKeys(sut.handed('cycle', ['a']))).toEqual(['a1']);

    sut.keep('cycle', ['a'], memoOf({ a: 'a2' }), ['a', 'b']);

    expect(errorKeys(sut.handed('cycle'))).toEqual(['a2', 'b1']);
  });

  it("hands a later run its KPIs' entries of the earlier later runs' memo and of the cycles' memo", () => {
    const sut = new ForecastMemos();
    sut.keep('cycle', undefined, memoOf({ a: 'job', b: 'other' }), ['a', 'b']);
    expect(errorKeys(sut.handed('later', ['a']))).toEqual(['job']);

    sut.keep('later', ['a'], memoOf({ a: 'tail10' }), ['a', 'b']);

    expect(errorKeys(sut.handed('later', ['a']))).toEqual(['job', 'tail10']);
    // a later run's entries stay out of the cycles' memo
    expect(errorKeys(sut.handed('cycle'))).toEqual(['job', 'other']);
  });
});
