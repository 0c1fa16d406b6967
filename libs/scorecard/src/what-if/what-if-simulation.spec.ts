import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { simulateWhatIf } from './what-if-simulation';
import type { KpiBaseline, MeasuredLink, Scenario } from './what-if.types';

const DAY = 86_400_000;
const DEC = { key: '2026-12', start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) };
const NEXT_WEEK = Date.UTC(2026, 11, 7);

function model(): TwinModel {
  return TwinModelBuilder.model('test-model')
    .unit('acme')
    .addKpi(scoredKpi('oee1', 'acme', { formula: 'avg(l1.oee, period)', target: 78 }))
    .addKpi(scoredKpi('oee2', 'acme', { formula: 'avg(l2.oee, period)', target: 72 }))
    .addKpi(
      scoredKpi('plant', 'acme', {
        formula:
          'safediv(oee1 * sum(l1.good, period) + oee2 * sum(l2.good, period), sum(l1.good, period) + sum(l2.good, period))',
        target: 75,
      }),
    )
    .addKpi(scoredKpi('otd', 'acme', { formula: 'avg(erp.otd, period)', target: 95 }))
    .addKpi(scoredKpi('csat', 'acme', { formula: 'avg(crm.csat, period)', target: 4.3 }))
    .objective('opex', 'acme', 'internal_process', [['plant', 1]])
    .objective('deliver', 'acme', 'customer', [['otd', 1]])
    .objective('delight', 'acme', 'customer', [['csat', 1]])
    .build();
}

const baseline = (kpiId: string, expected: number, sd: number, terms?: Record<string, number>): KpiBaseline => ({
  kpiId,
  period: DEC,
  expected,
  sd,
  terms: terms && new Map(Object.entries(terms)),
});
const BASELINES = new Map([
  ['oee1', baseline('oee1', 80, 0)],
  ['oee2', baseline('oee2', 60, 0)],
  ['plant', baseline('plant', 75, 0, { oee1: 0, oee2: 0, 'sum(l1.good, period)': 300, 'sum(l2.good, period)': 100 })],
  ['otd', baseline('otd', 94, 1)],
  ['csat', baseline('csat', 4, 0.2)],
]);
const LINKS: MeasuredLink[] = [
  {
    from: 'opex',
    to: 'deliver',
    lagMs: 14 * DAY,
    slope: 0.5,
    slopeStdError: 0.1,
    significant: true,
    pValue: 0.001,
    kpiScales: { plant: 2, otd: 4 },
  },
  {
    from: 'deliver',
    to: 'delight',
    lagMs: 30 * DAY,
    slope: 0.8,
    slopeStdError: 0.2,
    significant: false,
    pValue: 0.3,
    kpiScales: { otd: 4, csat: 0.5 },
  },
];
const RAISE_OEE2: Scenario = {
  drivers: [{ kind: 'kpi', id: 'oee2', change: 'absolute', value: 5, from: NEXT_WEEK }],
  draws: 4_000,
  seed: 7,
};

describe(simulateWhatIf.name, () => {
  const run = (scenario: Scenario = RAISE_OEE2) =>
    simulateWhatIf({ model: model(), baselines: BASELINES, links: LINKS }, scenario);
  const kpi = (result: ReturnType<typeof run>, id: string) => result.kpis.find((k) => k.kpiId === id)!;

  it('moves the driven KPI by the share of its period the change covers', () => {
    // +5 from 7 Dec: 25 of December's 31 days
    const oee2 = kpi(run(), 'oee2');
    expect(oee2.exactEffect).toBeCloseTo((5 * 25) / 31, 9);
    expect(oee2.scenario.expected).toBeCloseTo(60 + (5 * 25) / 31, 9);
    expect(oee2.steadyStateEffect.mean).toBeCloseTo(5, 9);
  });

  it('recomputes a formula of it exactly: the output-weighted OEE moves by its output share', () => {
    // plant = (oee1 * 300 + oee2 * 100) / 400: +4.0323 on oee2 is +1.0081 on plant
    const plant = kpi(run(), 'plant');
    expect(plant.exactEffect).toBeCloseTo(((5 * 25) / 31) * (100 / 400), 9);
    expect(plant.paths).toEqual([expect.objectContaining({ kind: 'exact', via: ['oee2', 'plant'] })]);
    expect(plant.paths[0].effect).toBeCloseTo(plant.exactEffect, 9);
    expect(plant.statisticalEffect.mean).toBe(0);
  });

  it('carries the steady shift along a significant link after its lag, with the slope uncertainty', () => {
    const result = run();
    const otd = kpi(result, 'otd');
    // steady: plant +1.25 = 0.625 sd (scale 2); deliver 0.5 * 0.625 = 0.3125 sd = 1.25 points of otd (scale 4);
    // it arrives 14 days after 7 Dec, i.e. on 21 Dec: 11 of 31 days. Mean over slope draws: 1.25 * 11 / 31
    const expected = (1.25 * 11) / 31;
    // Monte Carlo error of the mean: slope sd 0.1 / 0.5 = 20 % of the effect per draw, over 4000 draws
    const tolerance = (4 * 0.2 * expected) / Math.sqrt(4_000);
    expect(Math.abs(otd.statisticalEffect.mean - expected)).toBeLessThan(tolerance);
    expect(otd.statisticalEffect.lower80).toBeLessThan(expected);
    expect(otd.statisticalEffect.upper80).toBeGreaterThan(expected);
    expect(Math.abs(otd.steadyStateEffect.mean - 1.25)).toBeLessThan((4 * 0.25) / Math.sqrt(4_000));
    expect(otd.paths).toEqual([
      expect.objectContaining({ kind: 'statistical', via: ['opex', 'deliver', 'otd'], lagMs: 14 * DAY }),
    ]);
    // baseline P(94 + N(0, 1) >= 95) = 1 - Phi(1) = 0.159; the scenario raises it
    expect(otd.baseline.probabilityOfMeetingTarget).toBeCloseTo(0.159, 1);
    expect(otd.scenario.probabilityOfMeetingTarget!).toBeGreaterThan(otd.baseline.probabilityOfMeetingTarget! + 0.05);
  });

  it('leaves out links the data does not support, unless asked', () => {
    const result = run();
    expect(result.kpis.map((k) => k.kpiId)).not.toContain('csat');
    expect(result.linksExcluded).toEqual(['deliver->delight']);
    const all = run({ ...RAISE_OEE2, includeNonSignificant: true });
    const csat = kpi(all, 'csat');
    // 14 + 30 days after 7 Dec is past December: nothing this period; steady 0.8 * 0.3125 sd * 0.5 = 0.125
    expect(csat.statisticalEffect.mean).toBe(0);
    expect(Math.abs(csat.steadyStateEffect.mean - 0.125)).toBeLessThan(0.01);
  });

  it('gives a KPI the same baseline draws whatever else the scenario moves or lets through', () => {
    // the baseline is the forecast alone: with the same seed, letting the non-significant link through (one more
    // slope drawn per draw, csat reached too) changes nothing of otd's baseline
    const alone = kpi(run(), 'otd').baseline;
    const withMore = kpi(run({ ...RAISE_OEE2, includeNonSignificant: true }), 'otd').baseline;
    expect(withMore).toEqual(alone);
  });

  it("reports the forecast's expectation, not the draws' mean, as the expected value", () => {
    // the forecast errors have mean 0 by construction: baseline 94 exactly (the mean of 4000 draws of N(94, 1) is
    // off by about 1 / sqrt(4000) = 0.016), the scenario 94 plus the mean effect through the link
    const otd = kpi(run(), 'otd');
    expect(otd.baseline.expected).toBeCloseTo(94, 9);
    expect(otd.scenario.expected).toBeCloseTo(94 + otd.statisticalEffect.mean, 9);
  });

  it('rolls the probabilities up to objectives and perspectives', () => {
    const result = run();
    const deliver = result.objectives.find((o) => o.id === 'deliver')!;
    expect(deliver.scenario!).toBeGreaterThan(deliver.baseline!);
    expect(result.perspectives.map((p) => p.id).sort()).toEqual(['customer', 'internal_process']);
  });

  it('changes a target without moving the value', () => {
    const result = run({ drivers: [{ kind: 'target', id: 'otd', change: 'set', value: 93 }], draws: 2_000 });
    const otd = kpi(result, 'otd');
    expect(otd.scenario.target).toBe(93);
    expect(otd.scenario.expected).toBeCloseTo(otd.baseline.expected, 12);
    // P(94 + N(0, 1) >= 93) = Phi(1) = 0.841
    expect(otd.scenario.probabilityOfMeetingTarget).toBeCloseTo(0.841, 1);
  });
});
