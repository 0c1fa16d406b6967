import type { DataSource } from 'typeorm';
import { testSample as sample } from '@bsc/common';
import { TwinModelBuilder } from '@bsc/twin';
import type { ApiContext } from '../graphql/api-context';
import type { PastKpiValues } from '../scorecard/past-kpi-values.service';
import { KpiAttributionArgs } from './dto/kpi-attribution.args';
import { KpiAttributionService } from './kpi-attribution.service';
import { ADMIN, attributionOver } from './testing/attribution-over';

const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 12);

describe(`${KpiAttributionService.name} through an input KPI of a shorter period`, () => {
  let dataSource: DataSource;
  let sut: KpiAttributionService;
  // 16 November 12:00, before any sample of that day: the engine's newest sample is 15 November's
  const NOW = Date.UTC(2026, 10, 16, 12);

  beforeEach(async () => {
    const samples = [
      sample('orders', Date.UTC(2026, 9, 31, 10), 30),
      sample('fees', at(10, 10), 5),
      sample('fees', at(11, 5), 8),
      sample('orders', Date.UTC(2026, 10, 15, 10), 40),
    ];
    const opened = await attributionOver(samples, Date.UTC(2026, 10, 15, 11));
    dataSource = opened.dataSource;
    const model = TwinModelBuilder.model('days')
      .unit('acme')
      .signal('orders', 'fees')
      .kpi('daily_orders', 'sum(orders, period)', { orgUnit: 'acme', period: 'day', aggregation: 'sum', target: 40 })
      .kpi('report', 'daily_orders + sum(fees, period)', { orgUnit: 'acme', period: 'month', target: 50 })
      .buildValid();
    sut = opened.service(model);
  });
  afterEach(() => dataSource.destroy());

  it("splits the input's day the engine read, the one of the newest sample, not the day of now", async () => {
    const ctx = { memo: new Map([['now', NOW]]) } as unknown as ApiContext;
    const args = Object.assign(new KpiAttributionArgs(), { from: '2026-10', to: '2026-11' });

    const result = await sut.attribution(ctx, ADMIN, 'report', args);

    // October: 31 October's orders 30 + fees 5 = 35; November to date: the engine reads the day of its newest
    // sample, 15 November (16 November has no data yet): 40 + 8 = 48. 13 = daily_orders 40 - 30 = 10 + fees 3,
    // and daily_orders' 10 is its orders' 40 - 30
    expect(result).toMatchObject({ from: { value: 35 }, to: { value: 48 }, change: 13 });
    const orders = result.parts.find((p) => p.inputId === 'daily_orders');
    expect(orders).toMatchObject({ contribution: 10, inputFrom: '2026-10-31', inputTo: '2026-11-15' });
    expect(orders?.parts.map((p) => [p.inputId, p.contribution])).toEqual([['orders', 10]]);
    expect(result.bySignal.map((g) => [g.id, g.contribution])).toEqual([
      ['orders', 10],
      ['fees', 3],
    ]);
    expect(result.parts.reduce((sum, p) => sum + p.contribution, 0)).toBe(result.change);
  });
});

describe(`${KpiAttributionService.name} at the event time of the whole model`, () => {
  let dataSource: DataSource;
  let sut: KpiAttributionService;
  let past: PastKpiValues;
  const model = TwinModelBuilder.model('event-time')
    .unit('acme')
    .signal('level', 'x')
    .declare({ maxHold: '40d' }, 'level')
    .kpi('level_kpi', 'avg(level, period)', { orgUnit: 'acme', period: 'month', target: 10 })
    .kpi('other', 'sum(x, period)', { orgUnit: 'acme', period: 'month', target: 10 })
    .buildValid();
  // 21 November 12:00; the newest sample of the model is another KPI's, at 21 November 00:00
  const NOW = Date.UTC(2026, 10, 21, 12);

  beforeEach(async () => {
    const samples = [
      sample('level', Date.UTC(2026, 9, 1), 10),
      sample('level', Date.UTC(2026, 10, 1), 10),
      sample('level', Date.UTC(2026, 10, 11), 20),
      sample('x', Date.UTC(2026, 10, 21), 1),
    ];
    const opened = await attributionOver(samples, Date.UTC(2026, 10, 21, 1));
    dataSource = opened.dataSource;
    past = opened.past;
    sut = opened.service(model);
  });
  afterEach(() => dataSource.destroy());

  it('values an open period to the newest sample of any KPI, as the scorecard of the same instant does', async () => {
    const ctx = { memo: new Map([['now', NOW]]) } as unknown as ApiContext;
    const args = Object.assign(new KpiAttributionArgs(), { from: '2026-10', to: '2026-11' });

    const [result, card] = await Promise.all([
      sut.attribution(ctx, ADMIN, 'level_kpi', args),
      past.at(model, NOW, NOW),
    ]);

    // November to 21 November 00:00 (the engine's event time): 10 days at 10, 10 days at 20 = 15; October 10
    const scorecard = card.find((r) => r.kpiId === 'level_kpi' && r.periodKey === '2026-11')?.value;
    expect(scorecard).toBeCloseTo(15, 6);
    expect(result.from.value).toBe(10);
    expect(result.to.value).toBeCloseTo(15, 6);
    expect(result.parts.map((p) => [p.inputId, p.contribution])).toEqual([['level', result.change]]);
  });
});
