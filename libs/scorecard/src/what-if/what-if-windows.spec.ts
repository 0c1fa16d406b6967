import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { ordersAndDeliveryModel, scoredKpi } from '../test-support/scorecard-items.builder';
import { simulateWhatIf } from './what-if-simulation';
import type { KpiBaseline, MeasuredLink, Scenario } from './what-if.types';

const DAY = 86_400_000;
// November 2026 (30 days), then December (31 days)
const NOV = { key: '2026-11', start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) };
const DEC = { key: '2026-12', start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) };
const nov = (day: number) => Date.UTC(2026, 10, day);

const baseline = (kpiId: string, period: typeof NOV, expected: number, terms?: Record<string, number>) =>
  ({ kpiId, period, expected, sd: 0, terms: terms && new Map(Object.entries(terms)) }) as KpiBaseline;
// no slope uncertainty: every draw carries the same effect, so the figures are exact
const link = (from: string, lagDays: number, kpiScales: Record<string, number>): MeasuredLink => ({
  from,
  to: 'deliver',
  lagMs: lagDays * DAY,
  slope: 0.5,
  slopeStdError: 0,
  significant: true,
  pValue: 0.001,
  kpiScales,
});
const at = (result: ReturnType<typeof simulateWhatIf>, id: string, ahead = 0) =>
  result.kpis.find((k) => k.kpiId === id && k.periodsAhead === ahead)!;

describe('simulateWhatIf: each level driver travels along the links with its own window', () => {
  // flat 10 orders a day (November 300, December 310) -> on-time delivery (94 %) after 14 days; 1 sd of sell
  // (10 orders) is 0.5 sd of deliver (2 points)
  const model = ordersAndDeliveryModel();
  const run = (scenario: Scenario) =>
    simulateWhatIf(
      {
        model,
        baselines: new Map([
          ['orders', baseline('orders', NOV, 300)],
          ['otd', baseline('otd', NOV, 94)],
        ]),
        laterBaselines: [
          new Map([
            ['orders', baseline('orders', DEC, 310)],
            ['otd', baseline('otd', DEC, 94)],
          ]),
        ],
        links: [link('sell', 14, { orders: 10, otd: 4 })],
      },
      { draws: 100, ...scenario },
    );

  // A: +10 % from 1 Nov; B: -5 % from 15 Nov until 20 Nov
  const twoDrivers: Scenario = {
    drivers: [
      { kind: 'kpi', id: 'orders', change: 'relative', value: 0.1, from: nov(1) },
      { kind: 'kpi', id: 'orders', change: 'relative', value: -0.05, from: nov(15), until: nov(20) },
    ],
  };

  it('moves the driven KPI by each driver for its own share: 30 - 15 * 5 / 30 = 27.5 in November', () => {
    expect(at(run(twoDrivers), 'orders').exactEffect).toBeCloseTo(30 - (15 * 5) / 30, 9);
  });

  it('lands each driver on the linked KPI 14 days later with its own start and end, and adds them', () => {
    const result = run(twoDrivers);
    // November: A +30 orders = 3 sd -> 1.5 sd = +6 points from 15 Nov on (16 of 30 days): 3.2;
    // B -15 orders = -1.5 sd -> -3 points from 29 Nov until 4 Dec (2 of 30 days): -0.2. Together 3.0
    // (one shared window, from 1 Nov open-ended, would give +15 orders -> +3 points * 16 / 30 = 1.6)
    expect(at(result, 'otd').statisticalEffect.mean).toBeCloseTo(3.2 - 0.2, 9);
    expect(at(result, 'otd').steadyStateEffect.mean).toBeCloseTo(6 - 3, 9);
    // December: A +31 orders -> +6.2 points all month; B -15.5 orders -> -3.1 points for 1 to 4 Dec (3 of 31)
    expect(at(result, 'otd', 1).statisticalEffect.mean).toBeCloseTo(6.2 - (3.1 * 3) / 31, 9);
    // the path reports the effects of both drivers together
    expect(at(result, 'otd').paths).toEqual([
      expect.objectContaining({ kind: 'statistical', via: ['sell', 'deliver', 'otd'], lagMs: 14 * DAY }),
    ]);
    expect(at(result, 'otd').paths[0].effect).toBeCloseTo(3, 9);
  });

  it('carries changes that cancel at full size but not in time', () => {
    // +10 a day from 1 Nov until 16 Nov, then -10 a day from 16 Nov: orders 10 * 15 / 30 - 10 * 15 / 30 = 0 in
    // November; the first reaches otd (+2 points) from 15 Nov until 30 Nov (15 of 30 days): +1, the second
    // (-2 points) from 30 Nov (1 of 30 days): -1 / 15
    const result = run({
      drivers: [
        { kind: 'kpi', id: 'orders', change: 'absolute', value: 10, from: nov(1), until: nov(16) },
        { kind: 'kpi', id: 'orders', change: 'absolute', value: -10, from: nov(16) },
      ],
    });
    expect(at(result, 'otd').statisticalEffect.mean).toBeCloseTo(1 - 2 / 30, 9);
    expect(at(result, 'otd').steadyStateEffect.mean).toBeCloseTo(0, 9);
  });

  it('ramps each driver over its own ramp', () => {
    // A +10 a day stepped in on 1 Nov; B +10 a day ramped over 10 days from 1 Nov. Each is +2 points of otd from
    // 15 Nov: A 16 of 30 days -> 2 * 16 / 30; B ramps up until 25 Nov (area 5 days) then holds 6 days -> 2 * 11 / 30
    // (one shared window would ramp both: 4 * 11 / 30)
    const result = run({
      drivers: [
        { kind: 'kpi', id: 'orders', change: 'absolute', value: 10, from: nov(1) },
        { kind: 'kpi', id: 'orders', change: 'absolute', value: 10, from: nov(1), rampMs: 10 * DAY },
      ],
    });
    expect(at(result, 'otd').statisticalEffect.mean).toBeCloseTo((2 * 16) / 30 + (2 * 11) / 30, 9);
  });
});

describe('simulateWhatIf: drivers that interact through a product', () => {
  // output = a * b = 10 * 20 = 200 in November; make -> deliver after 5 days; 1 sd of output is 20
  const model: TwinModel = TwinModelBuilder.model('test-model')
    .unit('acme')
    .addKpi(scoredKpi('a', 'acme', { formula: 'avg(l1.a, period)', target: 10 }))
    .addKpi(scoredKpi('b', 'acme', { formula: 'avg(l1.b, period)', target: 20 }))
    .addKpi(scoredKpi('output', 'acme', { formula: 'a * b', target: 200 }))
    .addKpi(scoredKpi('otd', 'acme', { formula: 'avg(erp.otd, period)', target: 95 }))
    .objective('make', 'acme', 'internal_process', [['output', 1]])
    .objective('deliver', 'acme', 'customer', [['otd', 1]])
    .build();
  const result = simulateWhatIf(
    {
      model,
      baselines: new Map([
        ['a', baseline('a', NOV, 10)],
        ['b', baseline('b', NOV, 20)],
        ['output', baseline('output', NOV, 200, { a: 0, b: 0 })],
        ['otd', baseline('otd', NOV, 94)],
      ]),
      links: [link('make', 5, { output: 20, otd: 4 })],
    },
    {
      draws: 100,
      drivers: [
        { kind: 'kpi', id: 'a', change: 'relative', value: 0.1, from: nov(1) },
        { kind: 'kpi', id: 'b', change: 'relative', value: 0.1, from: nov(11), until: nov(21) },
      ],
    },
  );

  it('recomputes the product exactly with each driver for its share: 11 * (20 + 2 * 10 / 30) - 200', () => {
    expect(at(result, 'output').exactEffect).toBeCloseTo(11 * (20 + 2 / 3) - 200, 9);
  });

  it('sends each driver with its own window and their interaction while both are in force', () => {
    // alone: a 11 -> output +20 = 1 sd -> 0.5 sd = +2 points of otd, from 6 Nov (25 of 30 days); b 22 -> +20
    // -> +2 points from 16 Nov until 26 Nov (10 of 30 days); together 11 * 22 = 242, i.e. +2 more output
    // (0.1 sd -> +0.2 points) while both are in force: 11 Nov to 21 Nov, 16 Nov to 26 Nov at otd (10 of 30 days)
    const otd = at(result, 'otd');
    expect(otd.statisticalEffect.mean).toBeCloseTo((2 * 25) / 30 + (2 * 10) / 30 + (0.2 * 10) / 30, 9);
    // at full size: +42 output = 2.1 sd -> 1.05 sd = +4.2 points
    expect(otd.steadyStateEffect.mean).toBeCloseTo(4.2, 9);
  });
});
