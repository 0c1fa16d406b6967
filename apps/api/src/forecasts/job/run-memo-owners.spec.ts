import { emptyForecastMemo, memoForKpis, nextForecastMemo, RunMemo, sharedResult, type ForecastMemo } from './run-memo';

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
