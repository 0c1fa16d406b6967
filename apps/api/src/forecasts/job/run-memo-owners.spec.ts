import { emptyForecastMemo, memoForKpis, nextForecastMemo, type ForecastMemo } from './forecast-memo';
import { RunMemo, sharedResult } from './run-memo';

/** A kept projection without a value (none possible), made from the given past-origin errors. */
const projection = (errorKeys: string[]) => ({ value: null, errorKeys });

/** One run: `kpis` maps each KPI it covers to what that KPI does with the memo; returns the run's output memo. */
function run(previous: ForecastMemo, kpis: Record<string, (memo: RunMemo) => void>): ForecastMemo {
  const memo = new RunMemo(previous);
  for (const [kpi, forecast] of Object.entries(kpis)) memo.own(kpi, () => forecast(memo));
  return memo.used;
}

/** KPI `kpi` as a sum: its series' errors, and its projection at today's value so far `current`. */
const sumKpi = (kpi: string, current: number) => (memo: RunMemo) => {
  if (!memo.get(`e:${kpi}`)) memo.set(`e:${kpi}`, [[1]]);
  if (!memo.projection(`p:${kpi}|c${current}`)) memo.setProjection(`p:${kpi}|c${current}`, projection([`e:${kpi}`]));
};

describe('the forecast memo pruned by KPI', () => {
  // a full run of A (today's value 10) and B (today's value 20)
  const full = nextForecastMemo(
    emptyForecastMemo(),
    run(emptyForecastMemo(), { A: sumKpi('A', 10), B: sumKpi('B', 20) }),
    false,
  );

  it('lists the entries each KPI used', () => {
    // each as its part's initial (e: errors, p: projections) before its key
    expect(full.owners).toEqual(
      new Map([
        ['A', ['ee:A', 'pp:A|c10']],
        ['B', ['ee:B', 'pp:B|c20']],
      ]),
    );
  });

  it("a queue run of A leaves B's entries, and drops A's projection at today's old value", () => {
    // A's today's value moved from 10 to 12: its projection is made again, from the same errors
    const output = run(full, { A: sumKpi('A', 12) });
    const next = nextForecastMemo(full, output, true, ['A', 'B']);

    // B's two entries as they were; A's errors reused; A's projection at 10 gone, at 12 there (previous first)
    expect([...next.errors.keys()]).toEqual(['e:A', 'e:B']);
    expect([...next.projections.keys()]).toEqual(['p:B|c20', 'p:A|c12']);
    expect(next.projections.get('p:B|c20')).toBe(full.projections.get('p:B|c20'));
    expect(next.owners.get('B')).toBe(full.owners.get('B'));
  });

  it('many queue runs of A with a moving value keep one projection of A, not one per value', () => {
    let memo = full;
    for (const current of [11, 12, 13, 14]) memo = nextForecastMemo(memo, run(memo, { A: sumKpi('A', current) }), true);

    // without pruning: p:A at 10, 11, 12, 13 and 14 and p:B = 6 projections; with it: p:B and p:A at 14
    expect([...memo.projections.keys()]).toEqual(['p:B|c20', 'p:A|c14']);
  });

  it('a KPI removed from the model loses its entries at the next queue run', () => {
    const next = nextForecastMemo(full, run(full, { A: sumKpi('A', 10) }), true, ['A']);

    expect([...next.errors.keys()]).toEqual(['e:A']);
    expect([...next.projections.keys()]).toEqual(['p:A|c10']);
    expect([...next.owners.keys()]).toEqual(['A']);
  });

  it('a term shared by A and B survives a run of A that no longer uses it while B still lists it', () => {
    // in one run A projects term T first; B reads A's result from the run's cache, not from the memo
    const term = (memo: RunMemo, cache: Map<string, number>) =>
      sharedResult(
        cache,
        'T',
        () => {
          memo.set('e:T', [[2]]);
          return 1;
        },
        memo,
      );
    const both = (() => {
      const memo = new RunMemo();
      const cache = new Map<string, number>();
      memo.own('A', () => term(memo, cache));
      memo.own('B', () => term(memo, cache));
      return nextForecastMemo(emptyForecastMemo(), memo.used, false);
    })();
    expect(both.owners.get('B')).toEqual(['ee:T']);

    // A's formula no longer has T: a run of A alone keeps T for B
    const withoutA = nextForecastMemo(both, run(both, { A: () => undefined }), true, ['A', 'B']);
    expect([...withoutA.errors.keys()]).toEqual(['e:T']);
    expect(withoutA.owners.get('A')).toEqual([]);

    // nor does B's: a run of B alone drops T, no KPI lists it now
    const withoutB = nextForecastMemo(withoutA, run(withoutA, { B: () => undefined }), true, ['A', 'B']);
    expect(withoutB.errors.size).toBe(0);
  });

  it('a kept projection lists the errors it was made from even when a run only reads it', () => {
    // A's second run at the same value reads its projection whole: its errors stay listed through it
    const output = run(full, {
      A: (memo) => {
        memo.projection('p:A|c10');
      },
    });

    expect(output.owners.get('A')).toEqual(['pp:A|c10', 'ee:A']);
    expect([...nextForecastMemo(full, output, true).errors.keys()]).toEqual(['e:A', 'e:B']);
  });

  it("a run of A is handed A's entries and the global model only; merged back, B's are still there", () => {
    const handed = memoForKpis(full, ['A']);

    expect([...handed.errors.keys()]).toEqual(['e:A']);
    expect([...handed.projections.keys()]).toEqual(['p:A|c10']);
    expect([...handed.owners.keys()]).toEqual(['A']);
    // A at 12 from what it was handed, merged into the whole memo: as in the run handed everything
    const next = nextForecastMemo(full, run(handed, { A: sumKpi('A', 12) }), true, ['A', 'B']);
    expect([...next.projections.keys()]).toEqual(['p:B|c20', 'p:A|c12']);
    expect([...next.errors.keys()]).toEqual(['e:A', 'e:B']);
  });
});

describe('the models past-origin errors were computed with', () => {
  /** KPI `kpi`'s errors of day `day`, computed (on a miss) with the model fitted on its first 16 days. */
  const errorsOf = (kpi: string, day: number) => (memo: RunMemo) => {
    const key = `e:${kpi}|d${day}`;
    if (memo.get(key)) return;
    if (memo.model(`m:${kpi}|16`) === undefined) memo.setModel(`m:${kpi}|16`, { fittedOn: 16 });
    memo.set(key, [[day]]);
  };

  it('stay while their errors are reused, and serve the next day', () => {
    const day1 = run(emptyForecastMemo(), { A: errorsOf('A', 1) });
    // a later cycle of day 1 reuses the errors and asks for no model: the model stays all the same
    const again = run(day1, { A: errorsOf('A', 1) });
    expect(again.owners.get('A')).toEqual(['ee:A|d1', 'mm:A|16']);
    expect([...again.errorModels]).toEqual([['e:A|d1', ['m:A|16']]]);

    const memo = new RunMemo(again);
    memo.own('A', () => errorsOf('A', 2)(memo));
    expect(memo.modelsReused).toBe(1);
    // day 1's errors drop, the model stays with day 2's
    expect([...memo.used.errors.keys()]).toEqual(['e:A|d2']);
    expect([...memo.used.models.keys()]).toEqual(['m:A|16']);
    expect([...memo.used.errorModels]).toEqual([['e:A|d2', ['m:A|16']]]);
  });

  it('follow their KPI through queue runs of others', () => {
    const full = nextForecastMemo(
      emptyForecastMemo(),
      run(emptyForecastMemo(), { A: errorsOf('A', 1), B: errorsOf('B', 1) }),
      false,
    );
    const next = nextForecastMemo(full, run(memoForKpis(full, ['B']), { B: errorsOf('B', 2) }), true, ['A', 'B']);
    expect([...next.models.keys()]).toEqual(['m:A|16', 'm:B|16']);
    expect([...next.errorModels.keys()]).toEqual(['e:A|d1', 'e:B|d2']);
  });
});
