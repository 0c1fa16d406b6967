import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { simulateWhatIf } from './what-if-simulation';
import type { KpiBaseline, Scenario, ScenarioDriver } from './what-if.types';

const DAY = 86_400_000;
// the current period is October 2026 (31 days), the next one November (30 days)
const OCT = { key: '2026-10', start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 10, 1) };
const NOV = { key: '2026-11', start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) };

// flat 10 orders a day, no forecast spread: October 310, November 300, against a target of 320 (missed in both)
const model: TwinModel = TwinModelBuilder.model('test-model')
  .unit('acme')
  .addKpi(scoredKpi('orders', 'acme', { formula: 'sum(erp.orders, period)', aggregation: 'sum', target: 320 }))
  .objective('sell', 'acme', 'customer', [['orders', 1]])
  .build();
const baseline = (period: typeof OCT, expected: number): KpiBaseline => ({ kpiId: 'orders', period, expected, sd: 0 });

const run = (driver: Partial<ScenarioDriver>, horizon = true) => {
  const scenario: Scenario = {
    drivers: [{ kind: 'target', id: 'orders', change: 'set', value: 300, ...driver }],
    draws: 100,
  };
  const result = simulateWhatIf(
    {
      model,
      baselines: new Map([['orders', baseline(OCT, 310)]]),
      laterBaselines: horizon ? [new Map([['orders', baseline(NOV, 300)]])] : undefined,
      links: [],
    },
    scenario,
  );
  return (ahead: number) => result.kpis.find((k) => k.periodsAhead === ahead);
};

describe('simulateWhatIf: a target change counts where it is in force at the period end', () => {
  it('leaves a period alone when the change starts after it ends, and judges the next one by it', () => {
    // set to 300 from 5 Nov: October is judged on 1 Nov against 320; November on 1 Dec against 300 -> met
    const at = run({ from: Date.UTC(2026, 10, 5) });
    expect(at(0)).toBeUndefined();
    expect(at(1)!.baseline).toMatchObject({ target: 320, probabilityOfMeetingTarget: 0 });
    expect(at(1)!.scenario).toMatchObject({ target: 300, probabilityOfMeetingTarget: 1, expected: 300 });
    expect(run({ from: Date.UTC(2026, 10, 5) }, false)(0)).toBeUndefined();
  });

  it('counts a change from the period end itself in the next period only', () => {
    const at = run({ from: OCT.end });
    expect(at(0)).toBeUndefined();
    expect(at(1)!.scenario.target).toBe(300);
  });

  it('leaves a period alone when the change has stopped before its end', () => {
    // 10 Oct until 20 Oct: back to 320 by 1 Nov
    expect(run({ from: Date.UTC(2026, 9, 10), until: Date.UTC(2026, 9, 20) })(0)).toBeUndefined();
  });

  it('holds a change until the period end through that period, not the next', () => {
    const at = run({ from: Date.UTC(2026, 9, 10), until: OCT.end });
    expect(at(0)!.scenario).toMatchObject({ target: 300, probabilityOfMeetingTarget: 1 });
    expect(at(1)).toBeUndefined();
  });

  it('judges a ramped change by the share of its ramp reached at the period end', () => {
    // -10 % over 30 days from 16 Oct: 16 of 30 days by 1 Nov -> 320 * (1 - 0.1 * 16 / 30) = 302.93 (310 meets it);
    // full by 15 Nov -> November 288
    const at = run({ change: 'relative', value: -0.1, from: Date.UTC(2026, 9, 16), rampMs: 30 * DAY });
    expect(at(0)!.scenario.target).toBeCloseTo(320 * (1 - (0.1 * 16) / 30), 9);
    expect(at(0)!.scenario.probabilityOfMeetingTarget).toBe(1);
    expect(at(1)!.scenario.target).toBeCloseTo(288, 9);
  });

  it('holds a change with no dates in every period, as before', () => {
    const at = run({});
    expect([at(0)!.scenario.target, at(1)!.scenario.target]).toEqual([300, 300]);
  });
});
