import { BscErrorCode, type KpiValue } from '@bsc/common';
import { FiscalCalendar } from '@bsc/kpi';
import { TwinModelBuilder } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import type { PastKpiValues } from '../scorecard/past-kpi-values.service';
import type { ApiConfig } from '../config/api.config';
import type { ApiContext } from '../graphql/api-context';
import type { KpiValueStore } from '../stores/kpi-value.store';
import type { TargetOverrideStore } from '../stores/target-override.store';
import { TwinIndex } from '../twin/twin-index';
import type { TwinIndexService } from '../twin/twin-index.service';
import { KpiValuesLoader } from './kpi-values.loader';
import { KpiService } from './kpi.service';

describe(KpiService.name, () => {
  // acme's output has no formula: the sum of its lines' KPIs of the family "output" (the scorecard's cascade)
  const output = {
    family: 'output',
    period: 'month' as const,
    thresholds: { mode: 'absolute' as const, atRisk: 5, offTarget: 10 },
  };
  const model = TwinModelBuilder.model('m')
    .unit('acme')
    .unit('line1', 'acme')
    .unit('line2', 'acme')
    .kpi('line1-out', 'x', { ...output, orgUnit: 'line1', target: 100 })
    .kpi('line2-out', 'x', { ...output, orgUnit: 'line2', target: 100 })
    .kpi('acme-out', undefined, { ...output, orgUnit: 'acme', rollup: 'sum', target: 200, manualEntry: false })
    .objective('o', 'acme', 'financial', [['acme-out', 1]])
    .build();
  const admin = { subject: 'a', role: 'admin', units: null } as unknown as Principal;
  const context = (): ApiContext => ({ principal: admin, memo: new Map() });

  function service(stored: Record<string, number>, history: KpiValue[] = []) {
    const now = Date.now();
    const period = new FiscalCalendar(model.calendar).periodOf(now, 'month');
    const value = (kpiId: string, v: number): KpiValue => ({
      kpiId,
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      value: v,
      asOf: now - 60_000,
      computedAt: now - 60_000,
      quality: { coverage: 1, stale: false, quality: 'good' },
      origin: 'computed',
    });
    const rows = Object.entries(stored).map(([id, v]) => value(id, v));
    const asked: string[][] = [];
    const store = {
      historyOfMany: (ids: readonly string[]) => Promise.resolve(new Map(ids.map((id) => [id, history]))),
      asOf: (ids: readonly string[]) => {
        asked.push([...ids]);
        return Promise.resolve(rows.filter((r) => ids.includes(r.kpiId)));
      },
    } as unknown as KpiValueStore;
    const targets = { list: () => Promise.resolve([]) } as unknown as TargetOverrideStore;
    const index = new TwinIndex(model, 1);
    const sut = new KpiService(
      { current: () => index } as unknown as TwinIndexService,
      new KpiValuesLoader(store, targets),
      {} as PastKpiValues,
      { GRAPHQL_MAX_PAGE_SIZE: 100 } as ApiConfig,
      null,
    );
    return { sut, asked };
  }

  const month = (m: number, v: number): KpiValue => ({
    kpiId: 'line1-out',
    periodKey: `2026-0${m + 1}`,
    periodStart: Date.UTC(2026, m, 1),
    periodEnd: Date.UTC(2026, m + 1, 1),
    value: v,
    asOf: Date.UTC(2026, 1, 10, 23),
    computedAt: Date.UTC(2026, 1, 10, 23),
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
  });

  it('regroups the history into quarters weighing each month by the days it covered as known then', async () => {
    const { sut } = service({}, [month(0, 10), month(1, 20)]);

    const [point] = await sut.history(context(), 'line1-out', {
      from: new Date(Date.UTC(2026, 0, 1)),
      knownAt: new Date(Date.UTC(2026, 1, 11)),
      interval: 'quarter',
    });

    // known on 11 February: January's 31 days at 10 and February's first 10 days at 20: (310 + 200) / 41 = 12.44
    expect(point.count).toBe(2);
    expect(point.value).toBeCloseTo(510 / 41, 10);
  });

  // a monthly value cannot be split into days or weeks: regrouping it there would put the month in its first day
  it.each(['day', 'week'] as const)(
    'rejects an interval (%s) finer than the KPI period, naming both',
    async (interval) => {
      const { sut } = service({}, [month(0, 10)]);

      const read = sut.history(context(), 'line1-out', { from: new Date(Date.UTC(2026, 0, 1)), interval });

      await expect(read).rejects.toMatchObject({
        code: BscErrorCode.BadInput,
        path: 'interval',
        message: `interval: ${interval} is finer than the KPI's period (month); use period or a coarser interval`,
      });
    },
  );

  it.each(['period', 'month', 'year'] as const)(
    'accepts an interval (%s) as coarse as the KPI period',
    async (interval) => {
      const { sut } = service({}, [month(0, 10)]);

      const points = await sut.history(context(), 'line1-out', { from: new Date(Date.UTC(2026, 0, 1)), interval });

      // one January value of 10: its own period, the month and the year (one period in each) all read 10
      expect(points).toMatchObject([{ value: 10, count: 1, start: new Date(Date.UTC(2026, 0, 1)) }]);
    },
  );

  it('values a cascaded family KPI as the scorecard does: its lines summed, in one read', async () => {
    const { sut, asked } = service({ 'line1-out': 120, 'line2-out': 100 });

    const view = await sut.kpi(context(), admin, 'acme-out');

    // 120 + 100 = 220 against 200 (higher is better): on target, score 10
    expect(view).toMatchObject({ id: 'acme-out', value: 220, status: 'on_target', score: 10 });
    expect(asked).toEqual([['acme-out', 'line1-out', 'line2-out']]);
  });

  it('filters by the status the cascade gives, and keeps a value stored for the family KPI itself', async () => {
    const { sut } = service({ 'line1-out': 92, 'line2-out': 80 });
    const { sut: supplied } = service({ 'line1-out': 92, 'line2-out': 80, 'acme-out': 205 });

    // 92 + 80 = 172, 28 short of 200 (off target from 10 short): off target; the lines 8 and 20 short: at risk, off
    const off = await sut.list(context(), admin, { status: 'off_target' as never }, {});
    const mine = await supplied.kpi(context(), admin, 'acme-out');

    expect(off.nodes.map((k) => [k.id, k.value])).toEqual([
      ['line2-out', 80],
      ['acme-out', 172],
    ]);
    expect(mine).toMatchObject({ value: 205, status: 'on_target' });
  });
});
