import type { KpiForecastView, LaterPeriodEndView } from '../forecast-provider.port';
import { LaterPeriodsOnDemand } from './later-periods-on-demand';

const period = (periodKey: string): LaterPeriodEndView => ({
  periodKey,
  target: null,
  expected: 1,
  lower80: 1,
  upper80: 1,
  probabilityOfMeetingTarget: null,
});
const MONTHS = ['2026-11', '2026-12', '2027-01', '2027-02', '2027-03'];
const view = (kpiId: string, computedAt: number, later: number): KpiForecastView => ({
  kpiId,
  method: 'm',
  computedAt,
  interval: 'day',
  points: [],
  periodEnd: null,
  laterPeriods: MONTHS.slice(0, later).map(period),
});

describe(LaterPeriodsOnDemand.name, () => {
  // the run projects every KPI it is given to `later` periods, marked with the run's time
  const runs: Array<[number, readonly string[], number]> = [];
  const sut = new LaterPeriodsOnDemand((now, kpiIds, later) => {
    runs.push([now, kpiIds, later]);
    const forecasts = kpiIds.map((id) => ({ ...view(id, now, later), method: `run ${now}` }));
    return Promise.resolve({ forecasts });
  });
  beforeEach(() => {
    runs.length = 0;
    sut.clear();
  });

  it("keeps the cached periods and adds the run's beyond them, each KPI run at its forecast's time", async () => {
    const out = await sut.later([view('a', 10, 2), view('b', 20, 2), view('c', 10, 2)], 5);
    expect(runs).toEqual([
      [10, ['a', 'c'], 5],
      [20, ['b'], 5],
    ]);
    expect(out.get('a')!.map((p) => p.periodKey)).toEqual(MONTHS);
  });

  it('runs nothing within the periods the forecasts project, nor for a KPI whose forecast stopped before them', async () => {
    expect((await sut.later([view('a', 10, 2)], 2)).get('a')).toHaveLength(2);
    expect((await sut.later([view('a', 10, 1)], 5)).get('a')).toHaveLength(1);
    expect(runs).toEqual([]);
  });

  it('runs the same question once until cleared, and asks for at most 11 periods', async () => {
    await Promise.all([sut.later([view('a', 10, 2)], 20), sut.later([view('a', 10, 2)], 11)]);
    expect(runs).toEqual([[10, ['a'], 11]]);
    sut.clear();
    await sut.later([view('a', 10, 2)], 11);
    expect(runs).toHaveLength(2);
  });
});
