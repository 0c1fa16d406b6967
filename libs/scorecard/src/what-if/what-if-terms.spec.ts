import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { simulateWhatIf } from './what-if-simulation';
import type { KpiBaseline } from './what-if.types';

const OCT = { key: '2026-10', start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 10, 1) };
const NOV = { key: '2026-11', start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) };
const MIX = 'sum(l1.good, period)';

// plant OEE weighted by each line's good output: (oee1 * l1 + oee2 * l2) / (l1 + l2)
function model(): TwinModel {
  return TwinModelBuilder.model('test-model')
    .unit('acme')
    .addKpi(scoredKpi('oee1', 'acme', { formula: 'avg(l1.oee, period)' }))
    .addKpi(scoredKpi('oee2', 'acme', { formula: 'avg(l2.oee, period)' }))
    .addKpi(
      scoredKpi('plant', 'acme', {
        formula: `safediv(oee1 * ${MIX} + oee2 * sum(l2.good, period), ${MIX} + sum(l2.good, period))`,
      }),
    )
    .build();
}

const base = (kpiId: string, period: typeof OCT, expected: number, terms?: Record<string, number>): KpiBaseline => ({
  kpiId,
  period,
  expected,
  sd: 0,
  terms: terms && new Map(Object.entries(terms)),
});
// October's mix: line 1 300, line 2 100; November's, where projected: 100 and 100
const OCT_TERMS = { oee1: 0, oee2: 0, [MIX]: 300, 'sum(l2.good, period)': 100 };
const NOV_TERMS = { oee1: 0, oee2: 0, [MIX]: 100, 'sum(l2.good, period)': 100 };
const current = new Map([
  ['oee1', base('oee1', OCT, 80)],
  ['oee2', base('oee2', OCT, 60)],
  ['plant', base('plant', OCT, 75, OCT_TERMS)],
]);
const next = (plant: KpiBaseline) =>
  new Map([
    ['oee1', base('oee1', NOV, 80)],
    ['oee2', base('oee2', NOV, 60)],
    ['plant', plant],
  ]);

const run = (later: Map<string, KpiBaseline>) =>
  simulateWhatIf(
    { model: model(), baselines: current, laterBaselines: [later], links: [] },
    { drivers: [{ kind: 'kpi', id: 'oee2', change: 'absolute', value: 8 }], draws: 100 },
  );
const plantIn = (result: ReturnType<typeof run>, ahead: number) =>
  result.kpis.find((k) => k.kpiId === 'plant' && k.periodsAhead === ahead)!;

describe('simulateWhatIf: the formula terms of a later period', () => {
  it("recomputes a later period with that period's projected terms, and says so", () => {
    // November's mix 100 / 100: +8 on line 2 -> +8 * 100 / 200 = +4
    const result = run(next(base('plant', NOV, 70, NOV_TERMS)));
    expect(plantIn(result, 1)).toMatchObject({ termsPeriodKey: '2026-11' });
    expect(plantIn(result, 1).exactEffect).toBeCloseTo(4, 9);
    // October's mix 300 / 100: +8 * 100 / 400 = +2
    expect(plantIn(result, 0)).toMatchObject({ termsPeriodKey: '2026-10' });
    expect(plantIn(result, 0).exactEffect).toBeCloseTo(2, 9);
  });

  it("names the current period where a later period's terms were not projected and its mix stands in", () => {
    const result = run(
      next({ ...base('plant', NOV, 70), terms: current.get('plant')!.terms, termsPeriodKey: OCT.key }),
    );
    // October's mix in November: +8 * 100 / 400 = +2
    expect(plantIn(result, 1)).toMatchObject({ periodKey: '2026-11', termsPeriodKey: '2026-10' });
    expect(plantIn(result, 1).exactEffect).toBeCloseTo(2, 9);
  });

  it('has no term period for a KPI recomputed without terms', () => {
    const oee2 = run(next(base('plant', NOV, 70, NOV_TERMS))).kpis.find((k) => k.kpiId === 'oee2')!;
    expect(oee2.termsPeriodKey).toBeNull();
  });
});
