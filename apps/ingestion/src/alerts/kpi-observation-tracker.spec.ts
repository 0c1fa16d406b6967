import { FiscalCalendar } from '@bsc/kpi';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiObservationTracker } from './kpi-observation-tracker';
import { aKpiValue, alertTestModel, NOV_START } from './testing/alert-test-model';

const T0 = Date.UTC(2026, 10, 22, 8);
const OCT_START = Date.UTC(2026, 9, 1);

describe(KpiObservationTracker.name, () => {
  const kpis = alertTestModel().kpis;

  it.each<[string, number | null, Partial<Parameters<typeof aKpiValue>[2]>, string]>([
    ['on target at the target', 95, {}, 'on_target'],
    ['at risk between the thresholds', 92, {}, 'at_risk'],
    ['off target from the off-target threshold', 90, {}, 'off_target'],
    ['no data without a value', null, {}, 'no_data'],
    ['stale when the engine says so', 96, { quality: { coverage: 1, stale: true, quality: 'good' } }, 'stale'],
  ])('scores %s', (_name, value, overrides, status) => {
    const sut = new KpiObservationTracker(kpis);

    expect(sut.fromValue(aKpiValue(value, T0, overrides), T0)).toMatchObject({
      kpiId: 'quality',
      at: T0,
      value,
      status,
      target: 95,
    });
  });

  it("takes a KPI's stored value as its state, unless a live value came first", () => {
    const sut = new KpiObservationTracker(kpis);
    sut.fromValue(aKpiValue(92, T0), T0); // live: at risk
    sut.useStored([aKpiValue(96, T0 - 60_000), aKpiValue(85, T0 - 60_000, { kpiId: 'output' })], T0);

    // quality keeps its live 92 (the stored 96 is older); output, not seen live, takes its stored 85
    expect([sut.state('quality')?.value, sut.state('output')?.value]).toEqual([92, 85]);
  });

  it('scores against a run-time override of the period target', () => {
    const sut = new KpiObservationTracker(kpis);
    sut.setOverrides([{ kpiId: 'quality', periodKey: '2026-11', value: 80, lower: null, upper: null }]);

    expect(sut.fromValue(aKpiValue(85, T0), T0)).toMatchObject({ status: 'on_target', target: 80 });
  });

  it('judges a cumulative KPI to date with the calendar, as the scorecard does', () => {
    // output = sum per month, target 300, absolute thresholds 2 / 5 (phased like the target). 22 Nov 08:00 is
    // 21 1/3 of 30 days into November: 300 x 64/90 = 213.33 due; 212 is 1.33 short (within 2 x 64/90 = 1.42)
    const output = {
      ...kpis[0],
      id: 'output',
      aggregation: 'sum' as const,
      formula: 'sum(line1.good, period)',
      target: 300,
      targets: [],
      thresholds: { mode: 'absolute' as const, atRisk: 2, offTarget: 5 },
    };
    const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });
    const sut = new KpiObservationTracker([output], calendar);

    const observation = sut.fromValue(aKpiValue(212, T0, { kpiId: 'output' }), T0);

    expect(observation).toMatchObject({ status: 'on_target' });
    expect(observation?.target).toBeCloseTo((300 * 64) / 90, 9);
    // without the calendar the same value would be read against the whole month
    expect(new KpiObservationTracker([output]).fromValue(aKpiValue(212, T0, { kpiId: 'output' }), T0)).toMatchObject({
      status: 'off_target',
      target: 300,
    });
  });

  it('ignores unknown KPIs and values of a period older than the newest seen', () => {
    const sut = new KpiObservationTracker(kpis);
    sut.fromValue(aKpiValue(96, T0), T0);

    expect(sut.fromValue(aKpiValue(50, T0, { kpiId: 'nope' }), T0)).toBeUndefined();
    expect(
      sut.fromValue(aKpiValue(50, T0, { periodKey: '2026-10', periodStart: OCT_START, periodEnd: NOV_START }), T0),
    ).toBeUndefined();
  });

  it('carries the period forecast into value observations and the value into forecast observations', () => {
    const sut = new KpiObservationTracker(kpis);
    sut.fromValue(aKpiValue(92, T0), T0);

    const fromForecast = sut.fromForecast(
      { kpiId: 'quality', periodKey: '2026-11', expected: 91, probability: 0.2 },
      T0 + 1,
    );
    const fromValue = sut.fromValue(aKpiValue(93, T0 + 2), T0 + 2);

    expect(fromForecast).toMatchObject({ value: 92, status: 'at_risk', probability: 0.2, at: T0 + 1 });
    expect(fromValue).toMatchObject({ value: 93, probability: 0.2 });
  });

  it('drops the forecast when a new period starts and ignores forecasts for other periods', () => {
    const sut = new KpiObservationTracker(kpis);
    sut.fromValue(aKpiValue(92, T0, { periodKey: '2026-10', periodStart: OCT_START, periodEnd: NOV_START }), T0);
    sut.fromForecast({ kpiId: 'quality', periodKey: '2026-10', expected: 91, probability: 0.2 }, T0);

    const november = sut.fromValue(aKpiValue(96, T0 + 1), T0 + 1);

    expect(november).toMatchObject({ probability: null });
    expect(
      sut.fromForecast({ kpiId: 'quality', periodKey: '2026-10', expected: 91, probability: 0.1 }, T0 + 2),
    ).toBeUndefined();
  });

  it('holds a forecast that arrives before any value for the first value of its period', () => {
    const sut = new KpiObservationTracker(kpis);

    const early = sut.fromForecast({ kpiId: 'quality', periodKey: '2026-11', expected: 80, probability: 0.1 }, T0);
    const first = sut.fromValue(aKpiValue(90, T0 + 1), T0 + 1);

    expect(early).toBeUndefined();
    expect(first).toMatchObject({ value: 90, status: 'off_target', probability: 0.1 });
  });

  describe('cascaded family KPIs', () => {
    // the plant's output has no formula: the sum of its lines' (family "output"), target 200, off target from 10 short
    const output = {
      family: 'output',
      period: 'month' as const,
      thresholds: { mode: 'absolute' as const, atRisk: 5, offTarget: 10 },
    };
    const model = TwinModelBuilder.model('m')
      .unit('plant')
      .unit('line1', 'plant')
      .unit('line2', 'plant')
      .kpi('line1_out', 'avg(line1.good, period)', { ...output, orgUnit: 'line1', target: 100 })
      .kpi('line2_out', 'avg(line2.good, period)', { ...output, orgUnit: 'line2', target: 100 })
      .kpi('plant_out', undefined, { ...output, orgUnit: 'plant', rollup: 'sum', target: 200, manualEntry: false })
      .build();
    const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });
    const out = (kpiId: string, value: number, at: number) => aKpiValue(value, at, { kpiId });

    it('observes the plant as its lines sum, after each change of a line', () => {
      const sut = new KpiObservationTracker(model.kpis, calendar, model);
      sut.fromValue(out('line1_out', 120, T0), T0);
      sut.fromValue(out('line2_out', 100, T0), T0);

      // 120 + 100 = 220 against 200: on target
      const first = sut.fromCascades(['line1_out', 'line2_out'], T0);
      sut.fromValue(out('line2_out', 60, T0 + 1), T0 + 1);
      // 120 + 60 = 180: 20 short, off target
      const second = sut.fromCascades(['line2_out'], T0 + 1);

      expect(first).toEqual([expect.objectContaining({ kpiId: 'plant_out', value: 220, status: 'on_target' })]);
      expect(second).toEqual([expect.objectContaining({ kpiId: 'plant_out', value: 180, status: 'off_target' })]);
      expect(sut.state('plant_out')).toMatchObject({ value: 180, target: 200 });
    });

    it('observes none for a KPI no cascade reads, or without the model', () => {
      const sut = new KpiObservationTracker(model.kpis, calendar, model);
      sut.fromValue(out('line1_out', 120, T0), T0);

      expect(sut.fromCascades(['plant_out'], T0)).toEqual([]);
      expect(new KpiObservationTracker(model.kpis, calendar).fromCascades(['line1_out'], T0)).toEqual([]);
    });
  });

  it('puts an input anomaly on the latest state for that observation only, never before a value', () => {
    const sut = new KpiObservationTracker(kpis);
    const anomaly = { kpiId: 'quality', kind: 'signal' as const, signalId: 'line1.good', score: 0.7 };
    expect(sut.fromAnomaly(anomaly, T0)).toBeUndefined();
    sut.fromValue(aKpiValue(92, T0), T0);

    expect(sut.fromAnomaly(anomaly, T0 + 1000)).toMatchObject({
      at: T0 + 1000,
      value: 92,
      status: 'at_risk',
      anomaly: { kind: 'signal', signalId: 'line1.good', score: 0.7 },
    });
    expect(sut.state('quality')?.observation?.anomaly).toBeUndefined();
  });
});
